import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { HOUR_UNIT } from './api-contract';

const EURO = 'EUR';

/** Number and date formatting in the interface language, through Intl. */
export function useFormat() {
  const { i18n } = useTranslation();
  const locale = i18n.language;
  return useMemo(() => {
    const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
    const decimal = new Intl.NumberFormat(locale, { maximumFractionDigits: 6 });
    const date = new Intl.DateTimeFormat(locale, { dateStyle: 'long' });
    const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
    // Calendar days and months carry no time: read them in UTC so that no time zone shifts them.
    const day = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
    const shortDay = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeZone: 'UTC' });
    const month = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' });
    const euro = new Intl.NumberFormat(locale, { style: 'currency', currency: EURO });
    // A local currency code (GRAIN, EUSKO) is not ISO 4217, so Intl cannot place it: two decimals and the code.
    const cents = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 });
    const wholePercent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
    const hours = new Intl.NumberFormat(locale, { style: 'unit', unit: 'hour', unitDisplay: 'short' });
    const minutes = new Intl.NumberFormat(locale, { style: 'unit', unit: 'minute', unitDisplay: 'short' });
    const kilobytes = new Intl.NumberFormat(locale, { style: 'unit', unit: 'kilobyte', unitDisplay: 'short', maximumFractionDigits: 1 });
    const megabytes = new Intl.NumberFormat(locale, { style: 'unit', unit: 'megabyte', unitDisplay: 'short', maximumFractionDigits: 1 });
    const bytes = new Intl.NumberFormat(locale, { style: 'unit', unit: 'byte', unitDisplay: 'long' });
    const minusSign = new Intl.NumberFormat(locale).formatToParts(-1).find((part) => part.type === 'minusSign')?.value ?? '-';
    const money = (minor: number, code: string) =>
      code === EURO ? euro.format(minor / 100) : `${cents.format(minor / 100)}\u00a0${code}`;
    const duration = (total: number) => {
      const whole = Math.abs(total);
      const parts = [];
      if (whole >= 60 || whole === 0) parts.push(hours.format(Math.floor(whole / 60)));
      if (whole % 60 !== 0) parts.push(minutes.format(whole % 60));
      const text = parts.join(' ');
      return total < 0 ? `${minusSign}${text}` : text;
    };
    return {
      integer: (value: number) => integer.format(value),
      decimal: (value: number) => decimal.format(value),
      date: (iso: string) => date.format(new Date(iso)),
      dateTime: (iso: string) => dateTime.format(new Date(iso)),
      /** A calendar day, `YYYY-MM-DD`. */
      day: (value: string) => day.format(new Date(`${value}T00:00:00Z`)),
      shortDay: (value: string) => shortDay.format(new Date(`${value}T00:00:00Z`)),
      /** A payroll period, `YYYY-MM`. */
      month: (period: string) => month.format(new Date(`${period}-01T00:00:00Z`)),
      /** An amount in cents of euros or of the local currency. */
      money,
      euros: (minor: number) => euro.format(minor / 100),
      /** Time-bank hours, counted in minutes. */
      duration,
      /** An amount in minor units of any ledger unit. */
      amount: (minor: number, unit: string) => (unit === HOUR_UNIT ? duration(minor) : money(minor, unit)),
      /** Basis points (500 = 5 %) as a percentage. */
      basisPoints: (bp: number) => percent.format(bp / 10_000),
      /** A file's size, counted in bytes (1 kB = 1,000 bytes, as the SI and the file managers say). */
      fileSize: (size: number) => (size < 1000 ? bytes.format(size) : size < 1_000_000 ? kilobytes.format(size / 1000) : megabytes.format(size / 1_000_000)),
      /** A progress from 0 to 100, as a whole percentage. */
      progress: (value: number) => wholePercent.format(Math.round(value) / 100),
    };
  }, [locale]);
}

export type Format = ReturnType<typeof useFormat>;
