import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { api } from '../../../api';
import { QueryState } from '../../../components/query-state';
import { concertationApi } from '../../../concertation-api';
import { figureGroups, type Direction, type FigureChange, type FigureGroup, type SnapshotComparison } from '../../../concertation-contract';
import { useFormat } from '../../../format';
import { useDocumentTitle } from '../../../layout/document-title';
import { PortalBreadcrumb } from '../portal-breadcrumb';
import { reportLanguageOf } from './concertation-format';
import { concertationKey } from './concertation-keys';
import './concertation.css';

/** The direction in words; the arrow only repeats it. */
function DirectionText({ direction }: { direction: Direction }) {
  const { t } = useTranslation();
  const arrow = { better: '↗', worse: '↘', unchanged: '→', not_comparable: '·' }[direction];
  return (
    <span className={`direction direction--${direction}`}>
      <span aria-hidden="true">{arrow} </span>
      {t(`concertation.compare.directions.${direction}`)}
    </span>
  );
}

function useSignedNumber() {
  const { i18n } = useTranslation();
  const format = useFormat();
  const signed = new Intl.NumberFormat(i18n.language, { signDisplay: 'exceptZero', maximumFractionDigits: 2 });
  return {
    value: (n: number | null) => (n === null ? '—' : format.decimal(n)),
    delta: (n: number | null) => (n === null ? '—' : signed.format(n)),
  };
}

/** The columns of every table of changes: what, before, after, by how much, and which way. */
function ChangeHead() {
  const { t } = useTranslation();
  return (
    <thead>
      <tr>
        <th scope="col">{t('concertation.compare.figure')}</th>
        <th scope="col" className="numeric">
          {t('concertation.compare.before')}
        </th>
        <th scope="col" className="numeric">
          {t('concertation.compare.after')}
        </th>
        <th scope="col" className="numeric">
          {t('concertation.compare.change')}
        </th>
        <th scope="col">{t('concertation.compare.direction')}</th>
      </tr>
    </thead>
  );
}

function GroupTable({ group, changes }: { group: FigureGroup; changes: FigureChange[] }) {
  const { t, i18n } = useTranslation();
  const lang = reportLanguageOf(i18n.language);
  const numbers = useSignedNumber();
  const name = t(`concertation.compare.groups.${group}`);
  return (
    <section aria-labelledby={`group-${group}`} className="section">
      <h2 id={`group-${group}`}>{name}</h2>
      <div className="table-wrap">
        <table>
          <caption>{t('concertation.compare.caption', { group: name })}</caption>
          <ChangeHead />
          <tbody>
            {changes.map((change) => {
              const unit = change.unit?.[lang] ?? '';
              return (
                <tr key={change.key}>
                  <th scope="row">
                    {change.label[lang]}
                    {unit && <span className="muted"> ({unit})</span>}
                    {change.targetValue !== null && <span className="cell-note">{t('concertation.compare.target', { value: numbers.value(change.targetValue) })}</span>}
                  </th>
                  <td className="numeric nowrap">{numbers.value(change.before)}</td>
                  <td className="numeric nowrap">{numbers.value(change.after)}</td>
                  <td className="numeric nowrap">{numbers.delta(change.delta)}</td>
                  <td>
                    <DirectionText direction={change.direction} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function CommitmentsTable({ comparison }: { comparison: SnapshotComparison }) {
  const { t } = useTranslation();
  const format = useFormat();
  const numbers = useSignedNumber();
  const progress = (n: number | null) => (n === null ? '—' : format.progress(n));
  return (
    <section aria-labelledby="group-commitments" className="section">
      <h2 id="group-commitments">{t('concertation.compare.commitments')}</h2>
      <div className="table-wrap">
        <table>
          <caption>{t('concertation.compare.commitmentsCaption')}</caption>
          <ChangeHead />
          <tbody>
            {comparison.commitments.map((change) => (
              <tr key={change.id}>
                <th scope="row">{change.statement}</th>
                <td className="numeric nowrap">{progress(change.progressBefore)}</td>
                <td className="numeric nowrap">{progress(change.progressAfter)}</td>
                <td className="numeric nowrap">{numbers.delta(change.delta)}</td>
                <td>
                  <DirectionText direction={change.direction} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** What moved between two frozen evaluations, figure by figure, with the direction in words. */
export function ComparisonPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { slug = '', id = '', otherId = '' } = useParams();
  const territory = useQuery({ queryKey: ['territory', slug], queryFn: () => api.territory(slug) });
  const comparison = useQuery({ queryKey: [...concertationKey(slug), 'compare', id, otherId], queryFn: () => concertationApi.compare(slug, id, otherId) });
  useDocumentTitle(t('concertation.compare.title'), territory.data?.name);
  return (
    <>
      <PortalBreadcrumb
        slug={slug}
        territoryName={territory.data?.name}
        parents={[{ to: `/t/${slug}/concertation`, label: t('concertation.title') }]}
        current={t('concertation.compare.breadcrumb')}
      />
      <h1>{t('concertation.compare.title')}</h1>
      <QueryState query={comparison}>
        {(data) => {
          const groups = figureGroups.filter((group) => data[group].length > 0);
          return (
            <>
              <p className="lead">{t('concertation.compare.intro', { from: format.day(data.from.asOf), to: format.day(data.to.asOf) })}</p>
              {groups.length === 0 && data.commitments.length === 0 && <p>{t('concertation.compare.empty')}</p>}
              {groups.map((group) => (
                <GroupTable key={group} group={group} changes={data[group]} />
              ))}
              {data.commitments.length > 0 && <CommitmentsTable comparison={data} />}
            </>
          );
        }}
      </QueryState>
    </>
  );
}
