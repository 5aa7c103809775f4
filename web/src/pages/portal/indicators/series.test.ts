import { describe, expect, test } from 'vitest';
import type { Observation } from '../../../indicators-contract';
import { axisPeriods, footnotesOf, periodsOf, revisedCells, seriesKeyOf, seriesOf, TOTAL_KEY } from './series';

let id = 0;
function observation(period: string, dimensions: Record<string, string>, value: number, extra: Partial<Observation> = {}): Observation {
  id += 1;
  return {
    id: String(id),
    indicatorCode: 'employment_rate',
    period,
    dimensions,
    value,
    status: 'final',
    footnote: null,
    footnoteEn: null,
    source: null,
    revision: 1,
    current: true,
    recordedAt: '2026-01-01T00:00:00.000Z',
    recordedBy: null,
    ...extra,
  };
}

describe('an indicator’s series', () => {
  test('the total comes first, then the disaggregations in the order of their dimensions', () => {
    const series = seriesOf(
      [
        observation('2024', { Sexe: 'Hommes' }, 62),
        observation('2024', {}, 60),
        observation('2024', { Sexe: 'Femmes' }, 58),
        observation('2025', {}, 61),
      ],
      ['Sexe'],
    );
    expect(series.map((s) => s.key)).toEqual([TOTAL_KEY, seriesKeyOf({ Sexe: 'Femmes' }), seriesKeyOf({ Sexe: 'Hommes' })]);
    expect([...series[0]!.points.keys()]).toEqual(['2024', '2025']);
    expect(periodsOf(series)).toEqual(['2024', '2025']);
  });

  test('names a series the same whatever order its dimensions came in, and ignores superseded revisions', () => {
    expect(seriesKeyOf({ b: '1', a: '2' })).toBe(seriesKeyOf({ a: '2', b: '1', c: '' }));
    const series = seriesOf([observation('2024', {}, 8.8, { current: false }), observation('2024', {}, 9.1, { revision: 2 })], []);
    expect(series[0]!.points.get('2024')?.value).toBe(9.1);
  });

  test('runs the axis through every year up to the target’s, but leaves months as they are', () => {
    expect(axisPeriods(['2016', '2018'], 2020)).toEqual(['2016', '2017', '2018', '2019', '2020']);
    expect(axisPeriods(['2016', '2018'], null)).toEqual(['2016', '2017', '2018']);
    expect(axisPeriods(['2026-09', '2026-10'], 2029)).toEqual(['2026-09', '2026-10']);
  });

  test('numbers the notes of the series shown in reading order, each text once', () => {
    const series = seriesOf(
      [
        observation('2021', {}, 1, { footnote: 'Rupture de série.' }),
        observation('2021', { Sexe: 'Femmes' }, 1, { footnote: 'Rupture de série.' }),
        observation('2020', { Sexe: 'Femmes' }, 1, { footnote: 'Crise sanitaire.' }),
      ],
      ['Sexe'],
    );
    expect(footnotesOf(series, periodsOf(series)).notes).toEqual(['Crise sanitaire.', 'Rupture de série.']);
    expect(footnotesOf(series.slice(0, 1), periodsOf(series.slice(0, 1))).notes).toEqual(['Rupture de série.']);
  });

  test('lists only the corrected cells, each with its revisions oldest first', () => {
    const cells = revisedCells([
      observation('2024', {}, 9.1, { revision: 2 }),
      observation('2024', {}, 8.8, { current: false }),
      observation('2023', {}, 9.0),
    ]);
    expect(cells).toHaveLength(1);
    expect(cells[0]!.map((o) => o.value)).toEqual([8.8, 9.1]);
  });
});
