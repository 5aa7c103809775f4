import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CET_RATES_2026, DEFAULT_CUT_REDUCTIONS_BP, simulateCet, simulateCut, taxableValueAddedOf, validateTaxInputs } from './tax-model.js';

const euros = (n: number) => BigInt(Math.round(n * 100));
const rate = (percent: number) => Math.round(percent * 100);

/**
 * Worked examples computed by hand from CGI art. 1586 quater with the 2024 schedule the 2025 finance
 * law keeps for 2026 (0.094 % / 0.169 % / 0.019 %, maximum 0.28 %), the plafonnement at 1.531 %, and
 * a CFE rate of 25.93 %. Every amount is rounded to the euro (art. 1657).
 */
describe('CET simulation (2026 rates)', () => {
  it('a small business: the CVAE is wiped out by the 188 € reduction under 2 M€ of turnover', () => {
    const s = simulateCet({ cfeBase: euros(20_000), cfeRateBp: rate(25.93), turnover: euros(1_200_000), valueAdded: euros(400_000) }, CET_RATES_2026);
    // rate = 0.094 % × (1.2 M − 0.5 M) / 2.5 M = 0.02632 %; 400,000 × 0.0002632 = 105.28 € → 105 €.
    expect(s.cvaeRatePcm).toBeCloseTo(26.32, 9);
    expect(s.cvaeBeforeReductions).toBe(euros(105));
    expect(s.cvaeReduction).toBe(euros(105));
    expect(s.cvae).toBe(0n);
    // CFE = 20,000 × 25.93 % = 5,186 €; cap = 400,000 × 1.531 % = 6,124 €, not reached.
    expect(s.cfe).toBe(euros(5_186));
    expect(s.cap).toBe(euros(6_124));
    expect(s.capRelief).toBe(0n);
    expect(s.cet).toBe(euros(5_186));
  });

  it('a firm of 20 M€: third band of the CVAE', () => {
    const s = simulateCet({ cfeBase: euros(150_000), cfeRateBp: rate(25.93), turnover: euros(20_000_000), valueAdded: euros(6_000_000) }, CET_RATES_2026);
    // rate = 0.263 % + 0.019 % × 10 M / 40 M = 0.26775 %; 6 M × 0.0026775 = 16,065 €.
    expect(s.cvaeRatePcm).toBeCloseTo(267.75, 9);
    expect(s.cvae).toBe(euros(16_065));
    expect(s.cfe).toBe(euros(38_895));
    expect(s.cet).toBe(euros(54_960));
  });

  it('the plafonnement: a CET above 1.531 % of the value added is remitted from the CFE', () => {
    const s = simulateCet({ cfeBase: euros(100_000), cfeRateBp: rate(25.93), turnover: euros(5_000_000), valueAdded: euros(1_000_000) }, CET_RATES_2026);
    // rate = 0.094 % + 0.169 % × 2 M / 7 M = 0.142286 %; 1 M × that = 1,422.86 → 1,423 €.
    expect(s.cvae).toBe(euros(1_423));
    expect(s.cfe).toBe(euros(25_930));
    expect(s.cetBeforeCap).toBe(euros(27_353));
    // cap = 1 M × 1.531 % = 15,310 €; relief = 12,043 €.
    expect(s.cap).toBe(euros(15_310));
    expect(s.capRelief).toBe(euros(12_043));
    expect(s.cet).toBe(euros(15_310));
  });

  it('above 50 M€ the maximum rate of 0.28 % applies', () => {
    const s = simulateCet({ cfeBase: euros(500_000), cfeRateBp: rate(20), turnover: euros(60_000_000), valueAdded: euros(20_000_000) }, CET_RATES_2026);
    expect(s.cvaeRatePcm).toBe(280);
    expect(s.cvae).toBe(euros(56_000));
    expect(s.cet).toBe(euros(156_000));
  });

  it('caps the value added at 80 % of turnover up to 7.6 M€ (85 % above)', () => {
    expect(taxableValueAddedOf(euros(2_500_000), euros(2_400_000))).toBe(euros(2_000_000));
    expect(taxableValueAddedOf(euros(10_000_000), euros(9_000_000))).toBe(euros(8_500_000));
    const s = simulateCet({ cfeBase: euros(10_000), cfeRateBp: rate(25.93), turnover: euros(2_500_000), valueAdded: euros(2_400_000) }, CET_RATES_2026);
    // rate = 0.094 % × 2 / 2.5 = 0.0752 %; 2,000,000 × 0.000752 = 1,504 € (no reduction at 2 M€ and over).
    expect(s.cvae).toBe(euros(1_504));
    expect(s.cet).toBe(euros(1_504 + 2_593));
  });

  it('nothing under 500 k€ of turnover, and no CVAE at or under the 63 € franchise', () => {
    expect(simulateCet({ cfeBase: 0n, cfeRateBp: 0, turnover: euros(499_999), valueAdded: euros(300_000) }, CET_RATES_2026).cvae).toBe(0n);
    // 2.1 M€ (no reduction): rate 0.094 × 1.6 / 2.5 = 0.06016 %; VA 100 k€ → 60.16 € → 60 €, under the franchise.
    const s = simulateCet({ cfeBase: 0n, cfeRateBp: 0, turnover: euros(2_100_000), valueAdded: euros(100_000) }, CET_RATES_2026);
    expect(s.cvaeBeforeReductions).toBe(euros(60));
    expect(s.cvaeFranchised).toBe(true);
    expect(s.cvae).toBe(0n);
  });

  it('the CUT policy reduces the CET by level: a quarter at Engagé … all of it at Exemplaire', () => {
    const lines = simulateCut(euros(54_960), { reductionsBp: DEFAULT_CUT_REDUCTIONS_BP }, ['engage', 'confirme', 'avance', 'exemplaire']);
    expect(lines.map((l) => [l.level, Number(l.due) / 100])).toEqual([
      [null, 54_960],
      ['engage', 41_220],
      ['confirme', 27_480],
      ['avance', 13_740],
      ['exemplaire', 0],
    ]);
  });

  it('never owes more than before the plafonnement, nor a negative amount, and only in whole euros', () => {
    const amount = fc.integer({ min: 0, max: 200_000_000_00 }).map(BigInt);
    fc.assert(
      fc.property(amount, fc.integer({ min: 0, max: 10_000 }), amount, amount, (cfeBase, cfeRateBp, turnover, valueAdded) => {
        const s = simulateCet({ cfeBase, cfeRateBp, turnover, valueAdded }, CET_RATES_2026);
        expect(s.cet >= 0n && s.cet <= s.cetBeforeCap).toBe(true);
        expect(s.capRelief <= s.cfe).toBe(true);
        expect(s.cet % 100n).toBe(0n);
        expect(s.cvaeRatePcm).toBeLessThanOrEqual(282);
      }),
    );
  });

  it('names each bad input', () => {
    expect(validateTaxInputs({ cfeBase: -1, cfeRateBp: 10_001, turnover: 1.5, valueAdded: 0 }).map((e) => e.field)).toEqual(['cfeBase', 'turnover', 'cfeRateBp']);
  });
});
