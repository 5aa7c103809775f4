import { useTranslation } from 'react-i18next';
import type { CurrencySettings, Territory } from '../../../api-contract';
import { useFormat } from '../../../format';

/** The rules of the currency in plain words, from the territory's own settings. */
export function CurrencyRules({ territory, settings }: { territory: Territory; settings: CurrencySettings }) {
  const { t } = useTranslation();
  const format = useFormat();
  const code = territory.currencyCode;
  return (
    <section aria-labelledby="rules-heading" className="section">
      <h2 id="rules-heading">{t('currency.rules.title')}</h2>
      <ul className="rules">
        <li>
          <h3 className="rules__title">{t('currency.rules.backingTitle')}</h3>
          <p>{t('currency.rules.backing', { code })}</p>
        </li>
        <li>
          <h3 className="rules__title">{t('currency.rules.reconversionTitle')}</h3>
          <p>
            {settings.reconversionFeeBp === 0
              ? t('currency.rules.reconversionFree', { code })
              : t('currency.rules.reconversion', { code, fee: format.basisPoints(settings.reconversionFeeBp) })}{' '}
            {settings.individualsMayReconvert
              ? t('currency.rules.individualsMayReconvert')
              : t('currency.rules.individualsMayNotReconvert', { code })}
          </p>
        </li>
        <li>
          <h3 className="rules__title">{t('currency.rules.salaryShareTitle')}</h3>
          <p>{t('currency.rules.salaryShare', { code, cap: format.basisPoints(settings.salaryShareCapBp) })}</p>
        </li>
        <li>
          <h3 className="rules__title">{t('currency.rules.demurrageTitle')}</h3>
          <p>
            {settings.demurrageRateBp === 0
              ? t('currency.rules.noDemurrage')
              : settings.demurrageThreshold > 0
                ? t('currency.rules.demurrageAboveThreshold', {
                    rate: format.basisPoints(settings.demurrageRateBp),
                    days: format.integer(settings.demurrageGraceDays),
                    threshold: format.money(settings.demurrageThreshold, code),
                  })
                : t('currency.rules.demurrage', {
                    rate: format.basisPoints(settings.demurrageRateBp),
                    days: format.integer(settings.demurrageGraceDays),
                  })}
          </p>
        </li>
        <li>
          <h3 className="rules__title">{t('currency.rules.timeBankTitle')}</h3>
          <p>
            {t('currency.rules.timeBank', {
              owe: format.duration(-settings.timeBankFloorMinutes),
              hold: format.duration(settings.timeBankCeilingMinutes),
            })}
          </p>
        </li>
      </ul>
    </section>
  );
}
