import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { assessProgress, limitCoefficient, scoreOfProgressValue, statusOfProgressValue, TARGET_THRESHOLDS, TREND_THRESHOLDS, type ProgressInput } from './progress-model.js';

const quantitative = (overrides: Partial<ProgressInput>): ProgressInput => ({ kind: 'quantitative', polarity: 'higher_is_better', limit: null, series: [], target: null, ...overrides });
const series = (points: Record<number, number>) => Object.entries(points).map(([year, value]) => ({ year: Number(year), value }));
const stepValue = (calc: ReturnType<typeof assessProgress>, step: string) => calc.steps.find((s) => s.step === step)?.value;

describe('progress status (Open SDG / Statistics Canada method), worked examples', () => {
  it('with a target: 50 in 2015, 60 in 2020, 80 wanted in 2030 grows faster than required: substantial progress', () => {
    const calc = assessProgress(quantitative({ series: series({ 2015: 50, 2018: 55, 2020: 60 }), target: { baseYear: null, baseValue: null, targetYear: 2030, targetValue: 80 } }));
    // CAGR = (60/50)^(1/5) − 1 = 3.7137 %; CAGR_T = (80/50)^(1/15) − 1 = 3.1830 %; R = 1.16675
    expect(stepValue(calc, 'observed growth')).toBeCloseTo(0.0371373, 6);
    expect(stepValue(calc, 'required growth')).toBeCloseTo(0.0318296, 6);
    expect(calc.progressValue).toBeCloseTo(1.166752, 5);
    expect(calc.status).toBe('substantial_progress');
    expect(calc.score).toBeCloseTo(4.0482, 3);
    expect(calc.inputs).toMatchObject({ baseYear: 2015, baseValue: 50, currentYear: 2020, currentValue: 60, direction: 1, sign: 1 });
  });

  it('lower is better: household waste 560 → 530 kg over six years, 450 wanted in 2031: moderate progress', () => {
    const calc = assessProgress(quantitative({ polarity: 'lower_is_better', series: series({ 2015: 560, 2021: 530 }), target: { baseYear: null, baseValue: null, targetYear: 2031, targetValue: 450 } }));
    // CAGR = −0.91347 %, CAGR_T = −1.35751 %, R = −1 · −0.0091347 / 0.0135751 = 0.6729
    expect(calc.progressValue).toBeCloseTo(0.672898, 5);
    expect(calc.status).toBe('moderate_progress');
    expect(calc.score).toBeCloseTo(0.5207, 3);
  });

  it('without a target, near the 100 % limit: 90 → 92 % in five years is moderate, not limited, once thresholds are scaled', () => {
    const input = quantitative({ series: series({ 2018: 90, 2023: 92 }), defaultBaseYear: 2018 });
    const unlimited = assessProgress(input);
    expect(unlimited.progressValue).toBeCloseTo(0.0044055, 6);
    expect(unlimited.status).toBe('limited_progress');
    const limited = assessProgress({ ...input, limit: 100 });
    // C = 1 − 0.9^4.44 = 0.373622: thresholds become 0.5604 % and 0.1868 % a year
    expect(stepValue(limited, 'limit coefficient')).toBeCloseTo(0.373622, 5);
    expect(limited.thresholds!.high).toBeCloseTo(0.0056043, 6);
    expect(limited.status).toBe('moderate_progress');
    expect(limited.score).toBeCloseTo(1.6978, 3);
  });

  it('without a target, moving the wrong way: S80/S20 from 4.0 to 4.3 where lower is better is a deterioration', () => {
    const calc = assessProgress(quantitative({ polarity: 'lower_is_better', series: series({ 2016: 4.0, 2022: 4.3 }) }));
    expect(calc.inputs.baseYear).toBe(2016);
    expect(calc.progressValue).toBeCloseTo(-0.0121264, 6);
    expect(calc.status).toBe('deterioration');
    expect(calc.score).toBeCloseTo(-4.0158, 3);
  });

  it('a value that meets the target is "target achieved", whatever the trend', () => {
    const calc = assessProgress(quantitative({ polarity: 'lower_is_better', series: series({ 2015: 12, 2024: 7.9 }), target: { baseYear: null, baseValue: null, targetYear: 2030, targetValue: 8 } }));
    expect(calc).toMatchObject({ status: 'target_achieved', score: 5 });
  });

  it('uses a vision objective’s baseline when the data has no value for its base year', () => {
    const calc = assessProgress(quantitative({ series: series({ 2024: 12, 2025: 14 }), target: { baseYear: 2022, baseValue: 8, targetYear: 2031, targetValue: 30 } }));
    expect(calc.inputs).toMatchObject({ baseYear: 2022, baseValue: 8, currentYear: 2025 });
    expect(calc.status).toBe('substantial_progress');
  });

  it('replaces a zero base by 0.001, as the exponential model needs, and says so in the steps', () => {
    const calc = assessProgress(quantitative({ series: series({ 2020: 0, 2025: 400 }), target: { baseYear: 2020, baseValue: null, targetYear: 2031, targetValue: 2000 } }));
    expect(stepValue(calc, 'base replaced')).toBe(0.001);
    // (400 / 0.001)^(1/5) − 1 = 12.195 against (2000 / 0.001)^(1/11) − 1 = 2.739: R = 4.45, the caveat the method warns of
    expect(calc.progressValue).toBeCloseTo(4.4516, 3);
    expect(calc.status).toBe('substantial_progress');
  });

  it('cannot assess one year of data, values of opposite signs, a narrative or a context indicator', () => {
    expect(assessProgress(quantitative({ series: series({ 2024: 10 }) }))).toMatchObject({ status: 'not_available', reason: 'too_few_years' });
    expect(assessProgress(quantitative({ series: series({ 2015: -2, 2020: 3 }) }))).toMatchObject({ status: 'not_available', reason: 'mixed_signs' });
    expect(assessProgress(quantitative({ series: [] }))).toMatchObject({ status: 'not_available', reason: 'no_data' });
    expect(assessProgress(quantitative({ kind: 'narrative', series: [] }))).toMatchObject({ status: 'not_available', reason: 'narrative' });
    expect(assessProgress(quantitative({ polarity: 'neutral', series: series({ 2015: 1, 2020: 2 }) }))).toMatchObject({ status: 'not_available', reason: 'neutral_polarity' });
  });

  it('flips the direction for negative values: a net balance from −10 to −8 where higher is better is progress', () => {
    const calc = assessProgress(quantitative({ series: series({ 2015: -10, 2020: -8 }) }));
    expect(calc.inputs.sign).toBe(-1);
    expect(calc.status).toBe('substantial_progress');
  });

  it('a yes/no indicator is "target achieved" or "target not achieved"', () => {
    const binary = (value: number) => assessProgress({ kind: 'binary', polarity: 'higher_is_better', limit: null, series: series({ 2023: 0, 2024: value }), target: { baseYear: null, baseValue: null, targetYear: 2026, targetValue: 1 } });
    expect(binary(1)).toMatchObject({ status: 'target_achieved', method: 'conditions' });
    expect(binary(0)).toMatchObject({ status: 'target_not_achieved', method: 'conditions' });
  });

  it('the thresholds are the published ones', () => {
    expect(TARGET_THRESHOLDS).toEqual({ high: 0.95, med: 0.6, low: 0 });
    expect(TREND_THRESHOLDS).toEqual({ high: 0.015, med: 0.005, low: 0 });
    expect(limitCoefficient(100, 100)).toBe(0);
    expect(limitCoefficient(0, 100)).toBe(1);
  });
});

describe('progress status, properties', () => {
  const categoryOfScore = (score: number) => (score >= 2.5 ? 'substantial_progress' : score >= 0 ? 'moderate_progress' : score >= -2.5 ? 'limited_progress' : 'deterioration');
  const awayFrom = (value: number, edges: readonly number[]) => edges.every((e) => Math.abs(value - e) > 1e-9);

  it('the score always falls in the category of the status (R with a target)', () => {
    fc.assert(
      fc.property(fc.double({ min: -3, max: 3, noNaN: true }), (r) => {
        fc.pre(awayFrom(r, [0, 0.6, 0.95]));
        expect(categoryOfScore(scoreOfProgressValue('target', r))).toBe(statusOfProgressValue(r, TARGET_THRESHOLDS));
      }),
    );
  });

  it('the score always falls in the category of the status (growth rate without a target, any limit coefficient)', () => {
    fc.assert(
      fc.property(fc.double({ min: -0.1, max: 0.1, noNaN: true }), fc.double({ min: 0.01, max: 1, noNaN: true }), (g, c) => {
        const thresholds = { high: 0.015 * c, med: 0.005 * c, low: 0 };
        fc.pre(awayFrom(g, [0, thresholds.med, thresholds.high]));
        expect(categoryOfScore(scoreOfProgressValue('trend', g, c))).toBe(statusOfProgressValue(g, thresholds));
      }),
    );
  });

  it('a better latest value never gives a worse score (higher is better, with a target)', () => {
    fc.assert(
      fc.property(fc.double({ min: 1, max: 1000, noNaN: true }), fc.double({ min: 1, max: 1000, noNaN: true }), fc.double({ min: 0, max: 500, noNaN: true }), fc.double({ min: 1, max: 2000, noNaN: true }), (base, latest, gain, target) => {
        const at = (value: number) => assessProgress(quantitative({ series: series({ 2015: base, 2022: value }), target: { baseYear: null, baseValue: null, targetYear: 2030, targetValue: target } })).score!;
        expect(at(latest + gain)).toBeGreaterThanOrEqual(at(latest) - 1e-9);
      }),
    );
  });

  it('every status is one of the published categories and every score is within −5…+5', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ year: fc.integer({ min: 2010, max: 2030 }), value: fc.double({ min: -1e6, max: 1e6, noNaN: true }) }), { maxLength: 12 }), fc.boolean(), (points, lower) => {
        const calc = assessProgress(quantitative({ polarity: lower ? 'lower_is_better' : 'higher_is_better', series: points }));
        if (calc.score !== null) {
          expect(calc.score).toBeGreaterThanOrEqual(-5);
          expect(calc.score).toBeLessThanOrEqual(5);
        }
        expect(['substantial_progress', 'moderate_progress', 'limited_progress', 'deterioration', 'not_available']).toContain(calc.status);
      }),
    );
  });
});
