import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useTonnes } from '../../../components/sankey/tonnes';
import type { PublicSynergies, PublicSynergy } from '../../../metabolism-contract';
import { useCategoryLabel } from './category-label';

/** A synergy counts in a year from the year it started until the year it ended. */
function activeIn(synergy: PublicSynergy, year: number): boolean {
  return (synergy.startedYear === null || synergy.startedYear <= year) && (synergy.endedYear === null || synergy.endedYear >= year);
}

/** The synergies that operated in the year: who gives what to whom, and how much; confidential ones only counted. */
export function SynergiesSection({ slug, year, synergies: all }: { slug: string; year: number; synergies: PublicSynergies }) {
  const { t } = useTranslation();
  const tonnes = useTonnes();
  const categoryLabel = useCategoryLabel();
  const synergies = all.items.filter((synergy) => activeIn(synergy, year));
  const confidential = all.confidential;
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
                  <th scope="row">
                    <Link to={`/t/${slug}/metabolism/synergies/${synergy.matchId}`} aria-label={t('metabolism.synergy.linkLabel', { from: synergy.from.name, to: synergy.to.name })}>
                      {synergy.from.name}
                    </Link>
                  </th>
                  <td>{synergy.to.name}</td>
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
      {confidential.operating > 0 && (
        <p className="muted metabolism-secrecy">
          {confidential.tonnesPerYear === null
            ? t('metabolism.synergies.confidentialCount', { count: confidential.operating })
            : t('metabolism.synergies.confidentialTonnes', { count: confidential.operating, tonnes: tonnes(confidential.tonnesPerYear) })}
        </p>
      )}
    </section>
  );
}
