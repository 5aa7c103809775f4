import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { concertationApi } from '../../../concertation-api';
import { figureGroups, type Bilingual, type Direction, type FigureChange, type SnapshotComparison } from '../../../concertation-contract';
import { ProblemAlert } from '../../../components/problem-alert';
import { Loading } from '../../../components/query-state';
import { useFormat } from '../../../format';
import { currentLanguage, translateOr } from '../../../i18n';
import { useConcertationProblem } from './concertation-problem';
import { concertationKey } from './concertation-queries';

const localised = (text: Bilingual) => text[currentLanguage()];

function DirectionWord({ direction }: { direction: Direction }) {
  const { t } = useTranslation();
  const badge: Record<Direction, string> = { better: 'badge badge--success', worse: 'badge badge--warning', unchanged: 'badge badge--muted', not_comparable: 'badge badge--muted' };
  return <span className={badge[direction]}>{t(`concertationWorkspace.compare.directions.${direction}`)}</span>;
}

function FigureTable({ caption, changes }: { caption: string; changes: FigureChange[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const number = (value: number | null, unit: Bilingual | null) => (value === null ? '—' : `${format.decimal(value)}${unit ? `\u00a0${localised(unit)}` : ''}`);
  const signed = (value: number | null) => (value === null ? '—' : `${value > 0 ? '+' : ''}${format.decimal(value)}`);
  return (
    <div className="table-wrap">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('concertationWorkspace.compare.figure')}</th>
            <th scope="col" className="numeric">{t('concertationWorkspace.compare.before')}</th>
            <th scope="col" className="numeric">{t('concertationWorkspace.compare.after')}</th>
            <th scope="col" className="numeric">{t('concertationWorkspace.compare.delta')}</th>
            <th scope="col">{t('concertationWorkspace.compare.direction')}</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((change) => (
            <tr key={change.key}>
              <th scope="row">{localised(change.label)}</th>
              <td className="numeric nowrap">{number(change.before, change.unit)}</td>
              <td className="numeric nowrap">{number(change.after, change.unit)}</td>
              <td className="numeric nowrap">
                {signed(change.delta)}
                {change.relativePercent !== null && <span className="cell-note">{t('concertationWorkspace.compare.relative', { value: signed(change.relativePercent) })}</span>}
              </td>
              <td>
                <DirectionWord direction={change.direction} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function CommitmentsTable({ comparison }: { comparison: SnapshotComparison }) {
  const { t } = useTranslation();
  const format = useFormat();
  const status = (value: string | null) => (value === null ? '—' : translateOr(t, `pact.commitmentStatuses.${value}`, value));
  const percent = (value: number | null) => (value === null ? '—' : format.progress(value));
  return (
    <div className="table-wrap">
      <table>
        <caption>{t('concertationWorkspace.compare.groups.commitments')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('concertationWorkspace.compare.commitment')}</th>
            <th scope="col">{t('concertationWorkspace.compare.status')}</th>
            <th scope="col" className="numeric">{t('concertationWorkspace.compare.progress')}</th>
            <th scope="col">{t('concertationWorkspace.compare.direction')}</th>
          </tr>
        </thead>
        <tbody>
          {comparison.commitments.map((c) => (
            <tr key={c.id}>
              <th scope="row">{c.statement}</th>
              <td>{t('concertationWorkspace.compare.arrow', { before: status(c.statusBefore), after: status(c.statusAfter) })}</td>
              <td className="numeric nowrap">{t('concertationWorkspace.compare.arrow', { before: percent(c.progressBefore), after: percent(c.progressAfter) })}</td>
              <td>
                <DirectionWord direction={c.direction} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** What moved between two snapshots, group by group, with the direction of each change in words. */
export function SnapshotComparisonView({ slug, fromId, toId }: { slug: string; fromId: string; toId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const comparison = useQuery({
    queryKey: [...concertationKey(slug), 'compare', fromId, toId],
    queryFn: () => concertationApi.compare(slug, fromId, toId),
  });
  const problem = useConcertationProblem(comparison.error);
  if (comparison.isPending) return <Loading />;
  if (!comparison.data) return <ProblemAlert problem={problem} />;
  const data = comparison.data;
  const groups = figureGroups.filter((group) => data[group].length > 0);
  return (
    <div className="comparison" role="region" aria-labelledby="comparison-heading">
      <h4 id="comparison-heading">{t('concertationWorkspace.compare.heading', { from: format.day(data.from.asOf), to: format.day(data.to.asOf) })}</h4>
      {groups.map((group) => (
        <FigureTable key={group} caption={t(`concertationWorkspace.compare.groups.${group}`)} changes={data[group]} />
      ))}
      {data.commitments.length > 0 && <CommitmentsTable comparison={data} />}
      {groups.length === 0 && data.commitments.length === 0 && <p>{t('concertationWorkspace.compare.nothing')}</p>}
    </div>
  );
}
