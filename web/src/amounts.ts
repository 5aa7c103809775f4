/**
 * What people type as amounts, read into the integers the API counts in. The decimal comma and the
 * point are both accepted, with spaces as thousands separators; anything else is refused rather than
 * guessed, so that a typo never moves money.
 */

function compact(text: string): string {
  return text.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
}

/** "12,50" → 1250 minor units (cents); null when it is not an amount with at most two decimals. */
export function parseMinorUnits(text: string): number | null {
  const match = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(compact(text));
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** Hours as "1,5", "1:30" or "1 h 30" → minutes; null when it is not a duration. */
export function parseMinutes(text: string): number | null {
  const value = text.trim().toLowerCase();
  const clock = /^(\d{1,4})\s*(?::|h)\s*(\d{1,2})?\s*(?:min)?$/.exec(value);
  if (clock) {
    const minutes = Number(clock[2] ?? '0');
    return minutes < 60 ? Number(clock[1]) * 60 + minutes : null;
  }
  const decimal = /^(\d{1,4})(?:\.(\d{1,2}))?$/.exec(compact(value));
  if (!decimal) return null;
  return Math.round(Number(`${decimal[1]}.${decimal[2] ?? '0'}`) * 60);
}

/** "5" or "2,5" (per cent) → basis points (500, 250); null when not a percentage with at most two decimals. */
export function parsePercentToBasisPoints(text: string): number | null {
  const match = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(compact(text).replace(/%$/, ''));
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** Basis points written back for an input, in the interface language's decimal notation. */
export function basisPointsForInput(bp: number, locale: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 2, useGrouping: false }).format(bp / 100);
}

/** Minor units written back for an input. */
export function minorUnitsForInput(minor: number, locale: string): string {
  return new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping: false }).format(minor / 100);
}
