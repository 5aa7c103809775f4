import { useTranslation } from 'react-i18next';
import { useTonnes } from '../../../components/sankey/tonnes';
import type { PublicSynergy } from '../../../metabolism-contract';
import { useCategoryLabel } from './category-label';

/** A synergy counts in a year from the year it started until the year it ended. */
function activeIn(synergy: PublicSynergy, year: number): boolean {
  return (synergy.startedYear === null || synergy.startedYear <= year) && (synergy.endedYear === null || synergy.endedYear >= year);
}

/** The synergies that operated in the year: who gives what to whom, and how much. */
export function SynergiesSection({ year, synergies: all }: { year: number; synergies: PublicSynergy[] }) {
  const { t } = useTranslation();
  const tonnes = useTonnes();
  const categoryLabel = useCategoryLabel();
  const synergies = all.filter((synergy) => activeIn(synergy, year));
  const name = (party: PublicSynergy['from']) => party?.name ?? t('metabolism.synergies.confidential');
  return (
    <section aria-labelledby="synergies-heading" className="section">
      <h2 id="synergies-heading">{t('metabolism.synergies.title', { year })}</h2>
      <p className="lead">{t('metabolism.synergies.intro')}</p>
      {synergies.length === 0 ? (
        <p>{t('metabolism.synergies.none')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption>{t('metabolism.synergies.caption', { count: synergies.length, year })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('metabolism.synergies.offerer')}</th>
                <th scope="col">{t('metabolism.synergies.receiver')}</th>
                <th scope="col">{t('metabolism.flowTable.material')}</th>
                <th scope="col" className="numeric">
                  {t('metabolism.synergies.tonnesPerYear')}
                </th>
                <th scope="col">{t('metabolism.synergies.status')}</th>
              </tr>
            </thead>
            <tbody>
              {synergies.map((synergy) => (
                <tr key={synergy.matchId}>
                  <th scope="row">{name(synergy.from)}</th>
                  <td>{name(synergy.to)}</td>
                  <td>
                    {synergy.materialLabel}
                    {synergy.category && <span className="cell-note">{categoryLabel(synergy.category)}</span>}
                  </td>
                  <td className="numeric nowrap">{synergy.tonnesPerYear === null ? '—' : tonnes(synergy.tonnesPerYear)}</td>
                  <td>
                    {synergy.status === 'ended'
                      ? t('metabolism.synergies.ended', { from: synergy.startedYear ?? '…', until: synergy.endedYear ?? '…' })
                      : t('metabolism.synergies.operatingSince', { year: synergy.startedYear ?? '…' })}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
