import type { TFunction } from 'i18next';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReportLanguage } from '../../../concertation-contract';

/** Dates of sessions and shares of participation, in the interface language. */
export function useConcertationFormat() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  return useMemo(() => {
    const day = new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
    const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' });
    const dayTime = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short' });
    const share = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
    const sameDay = (a: Date, b: Date) => day.format(a) === day.format(b);
    return {
      /** When a session takes place: one day and two times, or two moments when it spans days. */
      sessionWhen: (startsAt: string, endsAt: string) => {
        const start = new Date(startsAt);
        const end = new Date(endsAt);
        return sameDay(start, end)
          ? t('concertation.sessions.sameDay', { day: day.format(start), start: time.format(start), end: time.format(end) })
          : t('concertation.sessions.severalDays', { start: dayTime.format(start), end: dayTime.format(end) });
      },
      /** A share in percent (20 = 20 %), with one decimal at most. */
      share: (percent: number) => share.format(percent / 100),
    };
  }, [locale, t]);
}

export function reportLanguageOf(language: string): ReportLanguage {
  return language === 'en' ? 'en' : 'fr';
}

/** "a, b and c" in the interface language. */
export function listInWords(t: TFunction, items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')}${t('concertation.balance.and')}${items[items.length - 1]}`;
}
