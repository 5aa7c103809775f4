import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../../components/query-state';
import { useFormat } from '../../../format';
import { indicatorsApi, indicatorsKey } from '../../../indicators-api';
import type { IndicatorPage, Observation, Target } from '../../../indicators-contract';
import { useIndicatorText } from './indicator-text';
import { revisedCells } from './series';

function RevisedValues({ page, cells }: { page: IndicatorPage; cells: Observation[][] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const text = useIndicatorText();
  if (cells.length === 0) return <p>{t('indicators.revisions.none')}</p>;
  return (
    <div className="table-wrap">
      <table>
        <caption>{t('indicators.revisions.caption', { count: cells.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('indicators.data.period')}</th>
            <th scope="col">{t('indicators.revisions.series')}</th>
            <th scope="col" className="numeric">
              {t('indicators.revisions.revision')}
            </th>
            <th scope="col" className="numeric">
              {t('indicators.revisions.value')}
            </th>
            <th scope="col">{t('indicators.revisions.status')}</th>
            <th scope="col">{t('indicators.revisions.footnote')}</th>
            <th scope="col">{t('indicators.revisions.recordedAt')}</th>
          </tr>
        </thead>
        <tbody>
          {cells.flatMap((cell) =>
            cell.map((o) => (
              <tr key={o.id}>
                <th scope="row" className="nowrap">
                  {text.period(o.period)}
                </th>
                <td>{text.dimensions(o.dimensions)}</td>
                <td className="numeric">
                  {o.revision}
                  {o.current && <span className="cell-note">{t('indicators.revisions.current')}</span>}
                </td>
                <td className="numeric nowrap">{text.value(page.indicator, o.value)}</td>
                <td>{t(`indicators.statuses.${o.status}`)}</td>
                <td>{text.footnote(o) ?? <span className="muted">{t('common.notProvided')}</span>}</td>
                <td className="nowrap">{format.dateTime(o.recordedAt)}</td>
              </tr>
            )),
          )}
        </tbody>
      </table>
    </div>
  );
}

function TargetHistory({ page, targets }: { page: IndicatorPage; targets: Target[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const text = useIndicatorText();
  if (targets.length < 2) return null;
  return (
    <div className="table-wrap">
      <table>
        <caption>{t('indicators.revisions.targetsCaption', { count: targets.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('indicators.revisions.setAt')}</th>
            <th scope="col">{t('indicators.index.target')}</th>
            <th scope="col">{t('indicators.revisions.origin')}</th>
          </tr>
        </thead>
        <tbody>
          {[...targets].reverse().map((target, index) => (
            <tr key={target.id}>
              <th scope="row" className="nowrap">
                {format.dateTime(target.setAt)}
                {index === 0 && <span className="cell-note">{t('indicators.revisions.currentTarget')}</span>}
              </th>
              <td>{t('indicators.targetShort', { value: text.value(page.indicator, target.targetValue), year: target.targetYear })}</td>
              <td>{target.origin === 'vision' ? t('indicators.targetOrigin.vision', { version: target.visionVersion ?? '' }) : t('indicators.targetOrigin.direct')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Nothing published is lost: every corrected value with its earlier revisions, and the targets it had. */
export function IndicatorRevisions({ slug, page }: { slug: string; page: IndicatorPage }) {
  const { t } = useTranslation();
  const code = page.indicator.code;
  const revisions = useQuery({ queryKey: [...indicatorsKey(slug), 'revisions', code], queryFn: () => indicatorsApi.revisions(slug, code) });
  const targets = useQuery({ queryKey: [...indicatorsKey(slug), 'target-history', code], queryFn: () => indicatorsApi.targetHistory(slug, code) });
  return (
    <section aria-labelledby="revisions-heading" className="section" id="revisions">
      <h2 id="revisions-heading">{t('indicators.revisions.title')}</h2>
      <p className="narrow">{t('indicators.revisions.intro')}</p>
      <QueryState query={revisions}>{(items) => <RevisedValues page={page} cells={revisedCells(items)} />}</QueryState>
      <QueryState query={targets}>{(items) => <TargetHistory page={page} targets={items} />}</QueryState>
    </section>
  );
}
