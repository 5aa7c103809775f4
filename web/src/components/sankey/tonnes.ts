import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Tonnes in the interface language, with the SI symbol `t` (Intl has no unit for the metric tonne):
 * whole tonnes from 100 up, one decimal below, two under one tonne.
 */
export function useTonnes(): (tonnes: number) => string {
  const { i18n } = useTranslation();
  const locale = i18n.language;
  return useMemo(() => {
    const whole = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
    const one = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
    const two = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
    return (tonnes: number) => {
      const size = Math.abs(tonnes);
      const number = size >= 100 ? whole : size >= 1 ? one : two;
      return `${number.format(tonnes)}\u00a0t`;
    };
  }, [locale]);
}
