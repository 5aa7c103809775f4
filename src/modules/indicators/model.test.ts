import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { shippedCatalogue } from './catalogue-file.js';
import { checkObservation, isPeriod, periodBounds, seriesKeyOf } from './model.js';

describe('indicators model', () => {
  it('ships a valid catalogue: the ten NIR of law 2015-411 and a starter set, every entry with a source', () => {
    const catalogue = shippedCatalogue();
    expect(catalogue.filter((d) => d.tags.nir)).toHaveLength(10);
    expect(new Set(catalogue.map((d) => d.code)).size).toBe(catalogue.length);
    expect(catalogue.every((d) => d.source.name.length > 0 && d.name.fr.length > 0 && d.name.en.length > 0)).toBe(true);
    // The English pages read in English: every unit and every source has its English form.
    expect(catalogue.filter((d) => !d.unit.en || !d.source.nameEn).map((d) => d.code)).toEqual([]);
    expect(catalogue.find((d) => d.code === 'dma_kg_hab')).toMatchObject({ unit: { fr: 'kg/hab/an', en: 'kg per inhabitant per year' } });
    expect(new Set(catalogue.map((d) => d.kind))).toEqual(new Set(['quantitative', 'binary', 'ordinal', 'narrative']));
    expect(catalogue.filter((d) => d.obtained === 'computed').map((d) => d.computedBy)).toEqual(expect.arrayContaining(['currency', 'pact', 'metabolism', 'certificates', 'funding']));
  });

  it('names one series whatever the order of its dimensions, and the total by no dimension at all', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.string({ maxLength: 8 })), (dimensions) => {
        const reversed = Object.fromEntries(Object.entries(dimensions).reverse());
        expect(seriesKeyOf(reversed)).toBe(seriesKeyOf(dimensions));
        const withEmpty = { ...dimensions, zzz_empty: '' };
        expect(seriesKeyOf(withEmpty)).toBe(seriesKeyOf(dimensions));
      }),
    );
    expect(seriesKeyOf({})).toBe('{}');
  });

  it('reads years, months and real dates as periods, and bounds them', () => {
    expect(['2024', '2024-06', '2024-02-29'].every(isPeriod)).toBe(true);
    expect(['2023-02-29', '2024-13', '24', '1850', '2024-6'].some(isPeriod)).toBe(false);
    expect(periodBounds('2024')).toEqual({ start: '2024-01-01', end: '2025-01-01' });
    expect(periodBounds('2024-12')).toEqual({ start: '2024-12-01', end: '2025-01-01' });
    expect(periodBounds('2024-02-29')).toEqual({ start: '2024-02-29', end: '2024-03-01' });
  });

  it('checks a value against its kind, and reports every field at fault at once', () => {
    const quantitative = { kind: 'quantitative' as const, levels: [] };
    expect(checkObservation(quantitative, { period: '2024', value: '12,5' }, true)).toMatchObject({ ok: true, value: { value: 12.5, status: 'final', seriesKey: '{}' } });
    const wrong = checkObservation(quantitative, { period: 'hier', value: 'x', status: 'maybe' as never, footnote: 'n'.repeat(2001) });
    expect(wrong.ok ? [] : wrong.errors.map((e) => e.field).sort()).toEqual(['footnote', 'period', 'status', 'value']);
  });
});
