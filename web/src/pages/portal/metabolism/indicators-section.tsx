import { useTranslation } from 'react-i18next';
import type { CategoryAccounts, LoopRate, MaterialAccounts } from '../../../metabolism-contract';
import { useTonnes } from '../../../components/sankey/tonnes';
import { useFormat } from '../../../format';
import { useCategoryLabel } from './category-label';

const headline = ['de', 'imp', 'exp', 'dmi', 'dmc', 'ptb', 'dpo'] as const;
type Headline = (typeof headline)[number];

interface IndicatorsSectionProps {
  year: number;
  total: MaterialAccounts;
  byCategory: CategoryAccounts[];
  loopRate: LoopRate;
  /** Some confidential flows rest on fewer than three organisations and count in no figure. */
  confidentialWithheld: boolean;
}

/** The "other / secret" row: confidential parts folded by statistical secrecy. */
const SECRET_CATEGORY = 'secret';

function LoopRateFigure({ loopRate }: { loopRate: LoopRate }) {
  const { t } = useTranslation();
  const tonnes = useTonnes();
  const format = useFormat();
  return (
    <div className="metabolism-loop">
      <h3 className="metabolism-loop__title">{t('metabolism.indicators.loopRate')}</h3>
      <p className={loopRate.rate === null ? 'metabolism-loop__value metabolism-loop__value--none' : 'metabolism-loop__value'}>
        {loopRate.rate === null ? t('metabolism.indicators.loopRateNone') : format.basisPoints(Math.round(loopRate.rate * 10_000))}
      </p>
      <p>
        {t('metabolism.indicators.loopRateExplained', {
          looped: tonnes(loopRate.actorToActor),
          outputs: tonnes(loopRate.actorOutputs),
        })}{' '}
        {t('metabolism.indicators.loopRateSynergies', { tonnes: tonnes(loopRate.throughSynergies) })}
      </p>
    </div>
  );
}

/** EW-MFA indicators of one year: the figure, its short name and what it means in plain words. */
export function IndicatorsSection({ year, total, byCategory, loopRate, confidentialWithheld }: IndicatorsSectionProps) {
  const { t } = useTranslation();
  const tonnes = useTonnes();
  const categoryLabel = useCategoryLabel();
  const detail = (key: Headline) => {
    if (key === 'imp') return t('metabolism.indicators.split', { abroad: tonnes(total.impAbroad), country: tonnes(total.impRestOfCountry) });
    if (key === 'exp') return t('metabolism.indicators.split', { abroad: tonnes(total.expAbroad), country: tonnes(total.expRestOfCountry) });
    return null;
  };
  return (
    <section aria-labelledby="indicators-heading" className="section">
      <h2 id="indicators-heading">{t('metabolism.indicators.title', { year })}</h2>
      <p className="lead">{t('metabolism.indicators.intro')}</p>
      <LoopRateFigure loopRate={loopRate} />
      <dl className="metabolism-indicators">
        {headline.map((key) => (
          <div key={key}>
            <dt>
              <abbr title={t(`metabolism.indicators.names.${key}`)}>{t(`metabolism.indicators.short.${key}`)}</abbr>{' '}
              <span className="metabolism-indicators__name">{t(`metabolism.indicators.names.${key}`)}</span>
            </dt>
            <dd>
              <span className="metabolism-indicators__value">{tonnes(total[key])}</span>
              {detail(key) && <span className="metabolism-indicators__detail">{detail(key)}</span>}
              <span className="metabolism-indicators__explanation">{t(`metabolism.indicators.explanations.${key}`)}</span>
            </dd>
          </div>
        ))}
      </dl>
      {byCategory.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption>
              {t('metabolism.indicators.byCategoryCaption', { year })}
              <span className="caption__hint"> — {t('metabolism.indicators.inTonnes')}</span>
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('metabolism.flowTable.category')}</th>
                {headline.map((key) => (
                  <th scope="col" className="numeric" key={key}>
                    <abbr title={t(`metabolism.indicators.names.${key}`)}>{t(`metabolism.indicators.short.${key}`)}</abbr>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {byCategory.map((accounts) => (
                <tr key={accounts.category}>
                  <th scope="row">{accounts.category === SECRET_CATEGORY ? t('metabolism.secrecy.secretRow') : categoryLabel(accounts.category)}</th>
                  {headline.map((key) => (
                    <td className="numeric nowrap" key={key}>
                      {tonnes(accounts[key])}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t('metabolism.indicators.total')}</th>
                {headline.map((key) => (
                  <td className="numeric nowrap" key={key}>
                    {tonnes(total[key])}
                  </td>
                ))}
              </tr>
            </tfoot>
          </table>
        </div>
      )}
      {(confidentialWithheld || byCategory.some((accounts) => accounts.category === SECRET_CATEGORY)) && (
        <p className="muted metabolism-secrecy">
          {t('metabolism.secrecy.rule')}
          {confidentialWithheld && ` ${t('metabolism.secrecy.withheld')}`}
        </p>
      )}
    </section>
  );
}
