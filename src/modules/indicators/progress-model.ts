import type { IndicatorKind, Polarity } from './model.js';

/**
 * Progress status by the method Open SDG documents after Statistics Canada ("Progress Measurement
 * Methodology for the Sustainable Development Goals"), itself inspired by Eurostat's:
 *
 * - observed growth is a compound annual growth rate, CAGR = (y_i / y_0)^(1 / (t_i − t_0)) − 1;
 * - with a quantitative target, it is compared to the growth the target requires,
 *   CAGR_T = (y_T / y_0)^(1 / (t_T − t_0)) − 1, by the ratio R = s · d · CAGR / |CAGR_T|, where d is +1
 *   when higher is better and −1 otherwise, and s is −1 when the values are negative (the direction flips);
 *   R ≥ 95 % substantial progress (on track), 60 % ≤ R < 95 % moderate progress (acceleration needed),
 *   0 ≤ R < 60 % limited progress, R < 0 deterioration; a value that meets the target is "target achieved";
 * - without a target, s · d · CAGR is compared to fixed rates: ≥ 1.5 % a year substantial, ≥ 0.5 %
 *   moderate, ≥ 0 limited, < 0 deterioration; near a natural limit (100 % of a share) the positive
 *   thresholds are scaled by C = 1 − (y_0 / y_lim)^4.44 (mirrored above the limit), so that "on track"
 *   stays reachable without passing the limit;
 * - a zero base or target is replaced by 0.001 (the model is exponential); values of opposite signs, or
 *   fewer than two years, cannot be assessed;
 * - a score from −5 to +5 (linear between the thresholds) lets several series be averaged later;
 * - yes/no and ordinal indicators are "target achieved" or "target not achieved".
 *
 * Every input and intermediate value is returned as a step, so the calculation can be downloaded and
 * checked by hand.
 */

export const PROGRESS_STATUSES = [
  'target_achieved',
  'substantial_progress',
  'moderate_progress',
  'limited_progress',
  'deterioration',
  'target_not_achieved',
  'not_available',
] as const;
export type ProgressStatus = (typeof PROGRESS_STATUSES)[number];

export const NOT_AVAILABLE_REASONS = [
  'no_data',
  'too_few_years',
  'no_data_since_base_year',
  'mixed_signs',
  'neutral_polarity',
  'narrative',
  'no_target',
] as const;
export type NotAvailableReason = (typeof NOT_AVAILABLE_REASONS)[number];

/** Open SDG's defaults: the 2030 Agenda's base year (also that of law 2015-411). */
export const DEFAULT_BASE_YEAR = 2015;
const ZERO_REPLACEMENT = 0.001;
const LIMIT_EXPONENT = 4.44;

export const TARGET_THRESHOLDS = { high: 0.95, med: 0.6, low: 0 } as const;
export const TREND_THRESHOLDS = { high: 0.015, med: 0.005, low: 0 } as const;

export interface YearValue {
  year: number;
  value: number;
}

export interface ProgressInput {
  kind: IndicatorKind;
  polarity: Polarity;
  limit: number | null;
  /** One value per year (the total series), in any order. */
  series: readonly YearValue[];
  target: { baseYear: number | null; baseValue: number | null; targetYear: number; targetValue: number } | null;
  defaultBaseYear?: number;
}

export interface CalculationStep {
  step: string;
  formula: string;
  value: number | string | null;
}

export interface ProgressCalculation {
  status: ProgressStatus;
  /** From −5 (deterioration) to +5 (target achieved or well on track); null when not assessed. */
  score: number | null;
  method: 'target' | 'trend' | 'conditions' | null;
  reason: NotAvailableReason | null;
  /** R with a target, the signed CAGR without. */
  progressValue: number | null;
  thresholds: { high: number; med: number; low: number } | null;
  inputs: {
    baseYear: number | null;
    baseValue: number | null;
    currentYear: number | null;
    currentValue: number | null;
    targetYear: number | null;
    targetValue: number | null;
    direction: 1 | -1 | null;
    sign: 1 | -1 | null;
    limit: number | null;
  };
  steps: CalculationStep[];
}

/** Compound annual growth rate from (t0, y0) to (t1, y1). */
export function compoundAnnualGrowthRate(y1: number, y0: number, t1: number, t0: number): number {
  return Math.pow(y1 / y0, 1 / (t1 - t0)) - 1;
}

/** Open SDG's scaling of the trend thresholds near a natural limit: 1 far from it, 0 at it. */
export function limitCoefficient(baseValue: number, limit: number): number {
  const base = Math.abs(baseValue);
  const lim = Math.abs(limit);
  if (base >= 2 * lim) return 1;
  if (base <= lim) return 1 - Math.pow(base / lim, LIMIT_EXPONENT);
  return 1 - Math.pow((2 * lim - base) / lim, LIMIT_EXPONENT);
}

export function statusOfProgressValue(value: number, thresholds: { high: number; med: number; low: number }): ProgressStatus {
  if (value >= thresholds.high) return 'substantial_progress';
  if (value >= thresholds.med) return 'moderate_progress';
  if (value >= thresholds.low) return 'limited_progress';
  return 'deterioration';
}

/** Piecewise-linear through the knots, flat beyond the ends. */
function interpolate(x: number, knots: readonly (readonly [number, number])[]): number {
  if (x <= knots[0]![0]) return knots[0]![1];
  for (let i = 1; i < knots.length; i += 1) {
    const [x1, y1] = knots[i]!;
    const [x0, y0] = knots[i - 1]!;
    if (x <= x1) return x1 === x0 ? y1 : y0 + ((x - x0) * (y1 - y0)) / (x1 - x0);
  }
  return knots[knots.length - 1]![1];
}

/** The score of a progress value: the four categories share −5…+5 equally (Statistics Canada's figures 1 and 2). */
export function scoreOfProgressValue(method: 'target' | 'trend', value: number, coefficient = 1): number {
  if (method === 'target') return interpolate(value, [[-0.6, -5], [0.6, 0], [1.3, 5]]);
  if (coefficient === 0 && value >= 0) return 5;
  return interpolate(value, [[-0.02, -5], [0, -2.5], [0.005 * coefficient, 0], [0.015 * coefficient, 2.5], [0.02 * coefficient, 5]]);
}

const round = (n: number, digits = 6) => Number(n.toPrecision(digits));

export function assessProgress(input: ProgressInput): ProgressCalculation {
  const steps: CalculationStep[] = [];
  const byYear = new Map<number, number>();
  for (const p of input.series) byYear.set(p.year, p.value);
  const years = [...byYear.keys()].sort((a, b) => a - b);
  const target = input.target;
  const direction: 1 | -1 | null = input.polarity === 'higher_is_better' ? 1 : input.polarity === 'lower_is_better' ? -1 : null;
  const inputs: ProgressCalculation['inputs'] = {
    baseYear: null, baseValue: null, currentYear: null, currentValue: null,
    targetYear: target?.targetYear ?? null, targetValue: target?.targetValue ?? null, direction, sign: null, limit: input.limit,
  };
  const result = (status: ProgressStatus, extra: Partial<ProgressCalculation> = {}): ProgressCalculation => ({
    status, score: null, method: null, reason: null, progressValue: null, thresholds: null, inputs, steps, ...extra,
  });
  const notAvailable = (reason: NotAvailableReason, method: ProgressCalculation['method'] = null) => {
    steps.push({ step: 'status', formula: `not assessed: ${reason}`, value: 'not_available' });
    return result('not_available', { reason, method });
  };

  if (input.kind === 'narrative') return notAvailable('narrative');
  if (direction === null) return notAvailable('neutral_polarity');
  steps.push({ step: 'direction', formula: direction === 1 ? 'd = +1 (higher is better)' : 'd = −1 (lower is better)', value: direction });
  const lastYear = years[years.length - 1];
  if (lastYear === undefined) return notAvailable('no_data');
  inputs.currentYear = lastYear;
  inputs.currentValue = byYear.get(lastYear)!;
  steps.push({ step: 'current', formula: `t_i = ${lastYear}, y_i = latest value`, value: inputs.currentValue });

  const achieved = target !== null && (direction === 1 ? inputs.currentValue >= target.targetValue : inputs.currentValue <= target.targetValue);
  if (target) steps.push({ step: 'target', formula: `y_T = ${target.targetValue} in t_T = ${target.targetYear}; achieved when d·(y_i − y_T) ≥ 0`, value: achieved ? 'achieved' : 'not achieved' });

  if (input.kind === 'binary' || input.kind === 'ordinal') {
    if (!target) return notAvailable('no_target', 'conditions');
    const status = achieved ? 'target_achieved' : 'target_not_achieved';
    steps.push({ step: 'status', formula: 'a yes/no or ordinal indicator meets its target or not', value: status });
    return result(status, { method: 'conditions', score: achieved ? 5 : null });
  }

  const method: 'target' | 'trend' = target ? 'target' : 'trend';
  const wantedBase = target?.baseYear ?? input.defaultBaseYear ?? DEFAULT_BASE_YEAR;
  let baseYear: number | undefined;
  let baseValue: number | undefined;
  if (byYear.has(wantedBase)) {
    baseYear = wantedBase;
    baseValue = byYear.get(wantedBase)!;
  } else if (target?.baseValue !== null && target?.baseValue !== undefined && target.baseYear !== null) {
    baseYear = target.baseYear;
    baseValue = target.baseValue;
  } else {
    baseYear = years.find((y) => y > wantedBase);
    baseValue = baseYear === undefined ? undefined : byYear.get(baseYear);
  }
  if (achieved) {
    steps.push({ step: 'status', formula: 'the latest value meets the target', value: 'target_achieved' });
    if (baseYear !== undefined) Object.assign(inputs, { baseYear, baseValue });
    return result('target_achieved', { method, score: 5 });
  }
  if (baseYear === undefined || baseValue === undefined) return notAvailable('no_data_since_base_year', method);
  inputs.baseYear = baseYear;
  inputs.baseValue = baseValue;
  steps.push({ step: 'base', formula: `t_0 = ${baseYear} (wanted ${wantedBase}), y_0`, value: baseValue });
  if (lastYear - baseYear < 1) return notAvailable('too_few_years', method);

  let y0 = baseValue;
  if (y0 === 0) {
    y0 = ZERO_REPLACEMENT;
    steps.push({ step: 'base replaced', formula: 'y_0 = 0 is replaced by 0.001 (exponential model)', value: y0 });
  }
  const yi = inputs.currentValue;
  if ((y0 > 0 && yi < 0) || (y0 < 0 && yi > 0)) return notAvailable('mixed_signs', method);
  const sign: 1 | -1 = y0 < 0 ? -1 : 1;
  inputs.sign = sign;
  steps.push({ step: 'sign', formula: sign === 1 ? 's = +1 (positive values)' : 's = −1 (negative values: the direction flips)', value: sign });
  const observed = compoundAnnualGrowthRate(yi, y0, lastYear, baseYear);
  steps.push({ step: 'observed growth', formula: `CAGR = (y_i / y_0)^(1 / (t_i − t_0)) − 1 = (${yi} / ${y0})^(1 / ${lastYear - baseYear}) − 1`, value: round(observed) });

  if (target) {
    const yT = target.targetValue === 0 ? ZERO_REPLACEMENT : target.targetValue;
    if (target.targetValue === 0) steps.push({ step: 'target replaced', formula: 'y_T = 0 is replaced by 0.001 (exponential model)', value: yT });
    const required = compoundAnnualGrowthRate(yT, y0, target.targetYear, baseYear);
    steps.push({ step: 'required growth', formula: `CAGR_T = (y_T / y_0)^(1 / (t_T − t_0)) − 1 = (${yT} / ${y0})^(1 / ${target.targetYear - baseYear}) − 1`, value: round(required) });
    const signed = sign * direction * observed;
    // The target equals the base and is not met: any move is away from it.
    const ratio = required === 0 ? (signed > 0 ? Infinity : signed === 0 ? 0 : -Infinity) : signed / Math.abs(required);
    steps.push({ step: 'ratio', formula: 'R = s · d · CAGR / |CAGR_T|', value: Number.isFinite(ratio) ? round(ratio) : String(ratio) });
    const status = statusOfProgressValue(ratio, TARGET_THRESHOLDS);
    steps.push({ step: 'thresholds', formula: 'R ≥ 0.95 substantial; 0.6 ≤ R < 0.95 moderate; 0 ≤ R < 0.6 limited; R < 0 deterioration', value: status });
    const score = round(scoreOfProgressValue('target', ratio), 4);
    steps.push({ step: 'score', formula: 'linear: R = −0.6 → −5, 0.6 → 0, 1.3 → +5', value: score });
    return result(status, { method, score, progressValue: ratio, thresholds: { ...TARGET_THRESHOLDS } });
  }

  let coefficient = 1;
  if (input.limit !== null) {
    coefficient = limitCoefficient(y0, input.limit);
    steps.push({ step: 'limit coefficient', formula: `C = 1 − (y_0 / y_lim)^4.44 (mirrored above the limit), y_lim = ${input.limit}`, value: round(coefficient) });
  }
  const thresholds = { high: TREND_THRESHOLDS.high * coefficient, med: TREND_THRESHOLDS.med * coefficient, low: TREND_THRESHOLDS.low };
  const value = sign * direction * observed;
  steps.push({ step: 'signed growth', formula: 's · d · CAGR', value: round(value) });
  const status = statusOfProgressValue(value, thresholds);
  steps.push({ step: 'thresholds', formula: `≥ ${round(thresholds.high * 100, 4)} % a year substantial; ≥ ${round(thresholds.med * 100, 4)} % moderate; ≥ 0 limited; < 0 deterioration`, value: status });
  const score = round(scoreOfProgressValue('trend', value, coefficient), 4);
  steps.push({ step: 'score', formula: 'linear: −2 % → −5, 0 → −2.5, 0.5 %·C → 0, 1.5 %·C → +2.5, 2 %·C → +5', value: score });
  return result(status, { method, score, progressValue: value, thresholds });
}
