import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../format';
import type { Bilingual, Dimensions, IndicatorDefinition, Observation, ObservationValue } from '../../../indicators-contract';
import { TOTAL_KEY } from './series';

const YEAR = /^\d{4}$/;
const MONTH = /^\d{4}-\d{2}$/;

/**
 * How an indicator's words and figures read in the interface language: its name, a value in its kind
 * (number and unit, yes/no, a labelled level, a text), a period, a series.
 */
export function useIndicatorText() {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const language: keyof Bilingual = i18n.language === 'en' ? 'en' : 'fr';
  return useMemo(() => {
    const bilingual = (text: Bilingual) => text[language] || text.fr;
    const number = (value: number) => format.decimal(value);
    const levelLabel = (d: Pick<IndicatorDefinition, 'levels'>, value: number) => {
      const level = d.levels.find((l) => l.value === value);
      return level ? t('indicators.values.level', { value: format.integer(value), label: bilingual(level.label) }) : format.integer(value);
    };
    /** A value with its unit, as a sentence would say it. */
    const value = (d: Pick<IndicatorDefinition, 'kind' | 'unit' | 'levels'>, raw: ObservationValue): string => {
      if (d.kind === 'narrative' || typeof raw === 'string') return String(raw);
      if (d.kind === 'binary') return raw === 1 ? t('indicators.values.yes') : t('indicators.values.no');
      if (d.kind === 'ordinal') return levelLabel(d, raw);
      return `${number(raw)}\u00a0${bilingual(d.unit)}`;
    };
    /** A value without its unit, for a table whose caption gives the unit. */
    const bareValue = (d: Pick<IndicatorDefinition, 'kind' | 'unit' | 'levels'>, raw: ObservationValue): string =>
      d.kind === 'quantitative' && typeof raw === 'number' ? number(raw) : value(d, raw);
    const period = (p: string) => (YEAR.test(p) ? p : MONTH.test(p) ? format.month(p) : format.day(p));
    const dimensions = (dims: Dimensions) =>
      Object.keys(dims).length === 0
        ? t('indicators.series.total')
        : Object.entries(dims)
            .map(([name, v]) => t('indicators.series.dimension', { name, value: v }))
            .join(', ');
    /** A value's footnote: the platform's own in the reader's language, one people typed as they typed it. */
    const footnote = (o: Pick<Observation, 'footnote' | 'footnoteEn'>) => (language === 'en' && o.footnoteEn) || o.footnote;
    const seriesLabel = (key: string, dims: Dimensions) => (key === TOTAL_KEY ? t('indicators.series.total') : dimensions(dims));
    return { language, bilingual, name: (d: Pick<IndicatorDefinition, 'name'>) => bilingual(d.name), unit: (d: Pick<IndicatorDefinition, 'unit'>) => bilingual(d.unit), source: (d: Pick<IndicatorDefinition, 'source'>) => (language === 'en' && d.source.nameEn) || d.source.name, number, value, bareValue, period, dimensions, seriesLabel, levelLabel, footnote };
  }, [t, format, language]);
}

export type IndicatorText = ReturnType<typeof useIndicatorText>;
