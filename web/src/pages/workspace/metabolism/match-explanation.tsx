import { useTranslation } from 'react-i18next';
import { useTonnes } from '../../../components/sankey/tonnes';
import { useFormat } from '../../../format';
import type { MatchExplanation } from '../../../metabolism-contract';

/** Why a match scores what it does: each factor, its value, and the facts behind it. */
export function MatchExplanationList({ score, explanation }: { score: number; explanation: MatchExplanation }) {
  const { t } = useTranslation();
  const format = useFormat();
  const tonnes = useTonnes();
  const percent = (factor: number) => format.basisPoints(Math.round(factor * 10_000));
  const km = (value: number) => t('metabolism.matches.km', { value: format.integer(Math.round(value)) });
  const { material, quantity, distance, hazard } = explanation;
  return (
    <div className="match-explanation">
      <p className="match-explanation__score">
        {t('metabolism.matches.score', { score: percent(score) })}
        <span className="cell-note">{t('metabolism.matches.scoreRule')}</span>
      </p>
      <table>
        <caption className="sr-only">{t('metabolism.matches.factorsCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('metabolism.matches.factor')}</th>
            <th scope="col" className="numeric">
              {t('metabolism.matches.weight')}
            </th>
            <th scope="col">{t('metabolism.matches.why')}</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">{t('metabolism.matches.factors.material')}</th>
            <td className="numeric">{percent(material.factor)}</td>
            <td>
              {t(`metabolism.matches.levels.${material.level}`, { offered: material.offered, accepted: material.accepted })}
              {material.reason && <span className="cell-note">{material.reason}</span>}
            </td>
          </tr>
          <tr>
            <th scope="row">{t('metabolism.matches.factors.quantity')}</th>
            <td className="numeric">{percent(quantity.factor)}</td>
            <td>{t('metabolism.matches.quantityWhy', { offered: tonnes(quantity.offeredTonnes), needed: tonnes(quantity.neededTonnes) })}</td>
          </tr>
          <tr>
            <th scope="row">{t('metabolism.matches.factors.distance')}</th>
            <td className="numeric">{percent(distance.factor)}</td>
            <td>
              {distance.km === null
                ? t('metabolism.matches.distanceUnknown', { max: km(distance.maxKm) })
                : t('metabolism.matches.distanceWhy', { km: km(distance.km), max: km(distance.maxKm) })}
            </td>
          </tr>
          <tr>
            <th scope="row">{t('metabolism.matches.factors.hazard')}</th>
            <td className="numeric">—</td>
            <td>{hazard.hazardous ? t('metabolism.matches.hazardousAccepted') : t('metabolism.matches.notHazardous')}</td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}
