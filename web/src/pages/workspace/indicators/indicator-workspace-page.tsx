import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { QueryState } from '../../../components/query-state';
import { useFormat } from '../../../format';
import { indicatorsApi, indicatorsKey } from '../../../indicators-api';
import type { IndicatorPage } from '../../../indicators-contract';
import { useDocumentTitle } from '../../../layout/document-title';
import { useIndicatorText } from '../../portal/indicators/indicator-text';
import { SuccessNotice } from '../pact/notice';
import { useWorkspace } from '../workspace-layout';
import { ObservationForm } from './observation-form';
import { ObservationsImport } from './observations-import';
import { TargetForm } from './target-form';

/** The values as they stand, newest first, with their revision: what a facilitator checks after entering. */
function CurrentValues({ page }: { page: IndicatorPage }) {
  const { t } = useTranslation();
  const format = useFormat();
  const text = useIndicatorText();
  const rows = page.observations.filter((o) => o.current).sort((a, b) => (a.period < b.period ? 1 : a.period > b.period ? -1 : 0));
  return (
    <section aria-labelledby="current-heading" className="section">
      <h2 id="current-heading">{t('indicators.workspace.values.currentTitle')}</h2>
      {rows.length === 0 ? (
        <p>{t('indicators.data.noData')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption>{t('indicators.workspace.values.currentCaption', { count: rows.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('indicators.data.period')}</th>
                <th scope="col">{t('indicators.revisions.series')}</th>
                <th scope="col" className="numeric">
                  {t('indicators.revisions.value')}
                </th>
                <th scope="col">{t('indicators.revisions.status')}</th>
                <th scope="col" className="numeric">
                  {t('indicators.revisions.revision')}
                </th>
                <th scope="col">{t('indicators.revisions.footnote')}</th>
                <th scope="col">{t('indicators.revisions.recordedAt')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((o) => (
                <tr key={o.id}>
                  <th scope="row" className="nowrap">
                    {text.period(o.period)}
                  </th>
                  <td>{text.dimensions(o.dimensions)}</td>
                  <td className={page.indicator.kind === 'narrative' ? 'indicator-narrative' : 'numeric nowrap'}>{text.value(page.indicator, o.value)}</td>
                  <td>{t(`indicators.statuses.${o.status}`)}</td>
                  <td className="numeric">{o.revision}</td>
                  <td>{text.footnote(o) ?? ''}</td>
                  <td className="nowrap">{format.dateTime(o.recordedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Content({ slug, page }: { slug: string; page: IndicatorPage }) {
  const { t } = useTranslation();
  const text = useIndicatorText();
  const location = useLocation();
  const d = page.indicator;
  const saved = (location.state as { saved?: boolean } | null)?.saved === true;
  return (
    <>
      <h1>{text.name(d)}</h1>
      {saved && <SuccessNotice>{t('indicators.workspace.form.saved')}</SuccessNotice>}
      <p className="narrow">{text.bilingual(d.description)}</p>
      <ul className="link-list">
        <li>
          <Link to={`/t/${slug}/indicators/${d.code}`}>{t('indicators.workspace.publicPage')}</Link>
        </li>
        <li>
          <Link to={`/workspace/${slug}/indicators/${d.code}/edit`}>{t('indicators.workspace.editLink')}</Link>
        </li>
      </ul>
      {d.obtained === 'computed' ? (
        <p className="alert alert--info">
          {t('indicators.workspace.values.computed', { module: d.computedBy ?? '' })}{' '}
          <Link to={`/workspace/${slug}/indicators/computed`}>{t('indicators.workspace.nav.computed')}</Link>
        </p>
      ) : (
        <>
          <ObservationForm slug={slug} page={page} />
          <ObservationsImport slug={slug} page={page} />
        </>
      )}
      <TargetForm slug={slug} page={page} />
      <CurrentValues page={page} />
    </>
  );
}

/** One indicator for a facilitator: enter a value, import a file, set the target, see what is recorded. */
export function IndicatorWorkspacePage() {
  const { t } = useTranslation();
  const text = useIndicatorText();
  const { slug, territory } = useWorkspace();
  const { code = '' } = useParams();
  const page = useQuery({ queryKey: [...indicatorsKey(slug), 'page', code], queryFn: () => indicatorsApi.page(slug, code) });
  useDocumentTitle(page.data ? text.name(page.data.indicator) : code, t('indicators.workspace.title'), territory.name);
  return (
    <>
      <p className="back-link">
        <Link to={`/workspace/${slug}/indicators`}>{t('indicators.workspace.backToCatalogue')}</Link>
      </p>
      <QueryState query={page}>{(data) => <Content slug={slug} page={data} />}</QueryState>
    </>
  );
}
