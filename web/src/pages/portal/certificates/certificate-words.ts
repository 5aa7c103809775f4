import { useTranslation } from 'react-i18next';
import type { LocalisedText } from '../../../certificates-contract';

/** The referential and the credential carry their words in both languages: pick the interface's. */
export function useLocalised(): (text: LocalisedText | null | undefined) => string {
  const { i18n } = useTranslation();
  const english = i18n.language === 'en';
  return (text) => (text ? (english && text.en.trim() ? text.en : text.fr) : '');
}

/** A score as people read it: one decimal at most, and the percent sign of the interface language. */
export function usePercent(): (value: number | null) => string {
  const { i18n } = useTranslation();
  const format = new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 1 });
  return (value) => (value === null ? '–' : format.format(value / 100));
}
