/**
 * The calendar of the association's books. The ledger stores UTC instants; a French association
 * dates its entries and closes its fiscal year in French legal time, so a transfer made at 00:30 on
 * 1 January in Amiens (23:30 UTC on 31 December) belongs to the new year. Overseas territories
 * keep their own legal time; they would set theirs here.
 */
export const BOOKS_TIME_ZONE = 'Europe/Paris';

const partsFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: BOOKS_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

function wallClock(instant: Date): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const parts = Object.fromEntries(partsFormat.formatToParts(instant).map((p) => [p.type, p.value]));
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day), hour: Number(parts.hour), minute: Number(parts.minute), second: Number(parts.second) };
}

/** `YYYY-MM-DD`, a calendar day that exists. */
export function isCalendarDay(day: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === day;
}

/** The day, in the books' time zone, of an instant given as ISO text or a Date. */
export function bookDay(instant: string | Date): string {
  const t = wallClock(typeof instant === 'string' ? new Date(instant) : instant);
  return `${String(t.year).padStart(4, '0')}-${String(t.month).padStart(2, '0')}-${String(t.day).padStart(2, '0')}`;
}

/** The UTC instant (ISO text) at which a day begins in the books' time zone. */
export function startOfBookDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const midnightAsUtc = Date.UTC(y, m - 1, d);
  // Two passes settle the offset even on a day whose offset differs from the previous day's.
  let instant = midnightAsUtc;
  for (let pass = 0; pass < 2; pass += 1) {
    const t = wallClock(new Date(instant));
    const offset = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second) - instant;
    instant = midnightAsUtc - offset;
  }
  return new Date(instant).toISOString();
}

export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** `YYYYMMDD`, the date format of the FEC (LPF art. A47 A-1). */
export function compactDay(day: string): string {
  return day.replaceAll('-', '');
}
