import type { Dimensions, Observation, ObservationStatus, ObservationValue } from '../../../indicators-contract';

/**
 * An indicator's values as series: one per combination of dimensions, the total (no dimension) first,
 * as Open SDG shows its headline before the disaggregations.
 */
export interface Series {
  key: string;
  dimensions: Dimensions;
  /** Current values by period. */
  points: Map<string, SeriesPoint>;
}

export interface SeriesPoint {
  value: ObservationValue;
  status: ObservationStatus;
  footnote: string | null;
}

/** The same text whatever order the dimensions came in (the server's rule: keys sorted, empty values dropped). */
export function seriesKeyOf(dimensions: Dimensions): string {
  const entries = Object.entries(dimensions)
    .filter(([, value]) => value !== '')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify(Object.fromEntries(entries));
}

export const TOTAL_KEY = seriesKeyOf({});

/** Dimension values in the order the dimension names come (the server's order, `Series` first). */
function compareSeries(a: Series, b: Series, names: readonly string[]): number {
  if (a.key === TOTAL_KEY) return -1;
  if (b.key === TOTAL_KEY) return 1;
  for (const name of names) {
    const left = a.dimensions[name] ?? '';
    const right = b.dimensions[name] ?? '';
    if (left !== right) return left.localeCompare(right, 'fr');
  }
  return 0;
}

export function seriesOf(observations: readonly Observation[], dimensionNames: readonly string[]): Series[] {
  const byKey = new Map<string, Series>();
  for (const observation of observations) {
    if (!observation.current) continue;
    const key = seriesKeyOf(observation.dimensions);
    let series = byKey.get(key);
    if (!series) {
      series = { key, dimensions: observation.dimensions, points: new Map() };
      byKey.set(key, series);
    }
    series.points.set(observation.period, { value: observation.value, status: observation.status, footnote: observation.footnote });
  }
  return [...byKey.values()].sort((a, b) => compareSeries(a, b, dimensionNames));
}

/** Periods sort as text: years, months and days are all ISO. */
export function periodsOf(series: readonly Series[]): string[] {
  const periods = new Set<string>();
  for (const s of series) for (const period of s.points.keys()) periods.add(period);
  return [...periods].sort();
}

const YEAR = /^\d{4}$/;

/**
 * The chart's horizontal axis: every period with a value, and for yearly data every year in between and
 * up to the target's year, so that the distance to the target reads as a distance.
 */
export function axisPeriods(periods: readonly string[], targetYear: number | null): string[] {
  if (periods.length === 0 || !periods.every((p) => YEAR.test(p))) return [...periods];
  const first = Number(periods[0]);
  const last = Math.max(Number(periods.at(-1)), targetYear ?? 0);
  return Array.from({ length: last - first + 1 }, (_, i) => String(first + i));
}

/** The notes of the shown series, each text once, numbered in reading order (period, then series). */
export function footnotesOf(series: readonly Series[], periods: readonly string[]): { notes: string[]; numberOf: (note: string) => number } {
  const notes: string[] = [];
  for (const period of periods) {
    for (const s of series) {
      const note = s.points.get(period)?.footnote;
      if (note && !notes.includes(note)) notes.push(note);
    }
  }
  return { notes, numberOf: (note) => notes.indexOf(note) + 1 };
}

/** Cells corrected at least once: each with every revision, oldest first. */
export function revisedCells(revisions: readonly Observation[]): Observation[][] {
  const cells = new Map<string, Observation[]>();
  for (const observation of revisions) {
    const key = `${observation.period}\u0000${seriesKeyOf(observation.dimensions)}`;
    cells.set(key, [...(cells.get(key) ?? []), observation]);
  }
  return [...cells.values()]
    .filter((cell) => cell.length > 1)
    .map((cell) => [...cell].sort((a, b) => a.revision - b.revision))
    .sort((a, b) => (a[0]!.period < b[0]!.period ? 1 : a[0]!.period > b[0]!.period ? -1 : 0));
}
