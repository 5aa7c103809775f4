import type { FieldError } from '../../platform/errors.js';

/**
 * Simulation of the Contribution Économique Territoriale (CET = CFE + CVAE) an organisation owes, and
 * of what the Pacte 21 scenario makes of it: the seed proposes that Certificats d'Utilité Territoriale
 * replace the CET. That replacement is the seed's proposal, not law; the CET itself follows the code
 * général des impôts (sources and our reading in docs/certificates.md):
 *
 * - CFE = base × the commune's rate (art. 1447 and following; the base is on the organisation's notice);
 * - CVAE = value added × an effective rate rising with turnover (art. 1586 quater), the value added
 *   capped at 80 % of turnover up to 7.6 M€ and 85 % above (art. 1586 sexies); a reduction for
 *   turnover under 2 M€; not due at or under a franchise (art. 1586 septies);
 * - the CET is capped at a share of the value added (plafonnement, art. 1647 B sexies): the excess is
 *   remitted from the CFE;
 * - every amount is rounded to the nearest euro, 0.50 counting as one (art. 1657).
 *
 * Money is integer cents (bigint) and rates are integers, so the whole computation is exact until the
 * rounding to the euro. Rates are in pcm (per cent mille, 1 pcm = 0.001 %): 0.094 % is 94 pcm.
 */

export interface CvaeRates {
  /** 500 k€–3 M€: rate1 × (CA − 500 k€) / 2.5 M€. */
  readonly band1Pcm: number;
  /** 3 M€–10 M€: band1 + band2 × (CA − 3 M€) / 7 M€. */
  readonly band2Pcm: number;
  /** 10 M€–50 M€: band1 + band2 + band3 × (CA − 10 M€) / 40 M€. */
  readonly band3Pcm: number;
  /** Above 50 M€. */
  readonly maxPcm: number;
  /** Reduction for turnover under 2 M€, in euros. */
  readonly smallBusinessReduction: number;
  /** The CVAE is not due at or under this amount, in euros. */
  readonly franchise: number;
}

export interface CetRates {
  readonly year: number;
  readonly cvae: CvaeRates;
  /** Plafonnement of the CET in proportion of the value added, in pcm: 1,531 pcm = 1.531 %. */
  readonly plafonnementPcm: number;
  /** Where the figures come from, shown with the simulation. */
  readonly source: string;
}

/**
 * The 2026 rates under the finance law for 2025 (loi n° 2025-127 du 14 février 2025), which froze the
 * 2024 schedule for 2026 and 2027 (maximum 0.28 %, plafonnement 1.531 %) and put off the end of the
 * CVAE to 2030. The 2026 finance bill as first tabled would have lowered the maximum to 0.19 % in 2026;
 * that measure was withdrawn before adoption. The figures are a setting of each territory because the
 * schedule has changed with nearly every finance law since 2021.
 */
export const CET_RATES_2026: CetRates = Object.freeze({
  year: 2026,
  cvae: Object.freeze({ band1Pcm: 94, band2Pcm: 169, band3Pcm: 19, maxPcm: 280, smallBusinessReduction: 188, franchise: 63 }),
  plafonnementPcm: 1531,
  source: 'CGI art. 1586 quater, 1586 sexies, 1586 septies, 1647 B sexies, 1657; loi n° 2023-1322 (LF 2024) art. 79; loi n° 2025-127 (LF 2025)',
});

export interface TaxInputs {
  /** CFE base (valeur locative), in cents. */
  readonly cfeBase: bigint;
  /** The commune's CFE rate in basis points of a percent: 25.93 % is 2593. */
  readonly cfeRateBp: number;
  /** Turnover excluding VAT, in cents. */
  readonly turnover: bigint;
  /** Value added as declared for the CVAE, in cents. */
  readonly valueAdded: bigint;
}

export interface CetSimulation {
  /** Value added after its cap at 80 % / 85 % of turnover, in cents. */
  taxableValueAdded: bigint;
  /** Effective CVAE rate, in pcm (fractional: 26.32 pcm = 0.02632 %). */
  cvaeRatePcm: number;
  cvaeBeforeReductions: bigint;
  cvaeReduction: bigint;
  /** True when the CVAE fell at or under the franchise and is not due. */
  cvaeFranchised: boolean;
  cvae: bigint;
  cfe: bigint;
  cetBeforeCap: bigint;
  /** The CET's cap, a share of the taxable value added. */
  cap: bigint;
  /** Remitted from the CFE by the plafonnement. */
  capRelief: bigint;
  cet: bigint;
}

export interface CutPolicy {
  /** Reduction of the CET for each certificate level, in basis points: 10000 is the whole CET. */
  readonly reductionsBp: Readonly<Record<string, number>>;
}

export interface CutSimulationLine {
  level: string | null;
  reductionBp: number;
  reduction: bigint;
  due: bigint;
}

const EURO = 100n;
const PCM = 100_000n;
const euros = (n: number | bigint) => BigInt(n) * EURO;

/** Half-up to the euro, for a non-negative amount given as numerator / denominator cents. */
function roundToEuro(numerator: bigint, denominator: bigint): bigint {
  if (numerator <= 0n) return 0n;
  return ((numerator * 2n + denominator * EURO) / (denominator * EURO * 2n)) * EURO;
}

/** The rate as a fraction numerator / denominator of pcm, exact. */
function cvaeRateFraction(turnover: bigint, r: CvaeRates): { num: bigint; den: bigint } {
  const [b1, b2, b3] = [BigInt(r.band1Pcm), BigInt(r.band2Pcm), BigInt(r.band3Pcm)];
  if (turnover < euros(500_000)) return { num: 0n, den: 1n };
  if (turnover <= euros(3_000_000)) return { num: b1 * (turnover - euros(500_000)), den: euros(2_500_000) };
  if (turnover <= euros(10_000_000)) return { num: b1 * euros(7_000_000) + b2 * (turnover - euros(3_000_000)), den: euros(7_000_000) };
  if (turnover <= euros(50_000_000)) return { num: (b1 + b2) * euros(40_000_000) + b3 * (turnover - euros(10_000_000)), den: euros(40_000_000) };
  return { num: BigInt(r.maxPcm), den: 1n };
}

export function taxableValueAddedOf(turnover: bigint, valueAdded: bigint): bigint {
  if (valueAdded <= 0n) return 0n;
  const capPercent = turnover <= euros(7_600_000) ? 80n : 85n;
  const cap = (turnover * capPercent) / 100n;
  return valueAdded < cap ? valueAdded : cap;
}

export function simulateCet(inputs: TaxInputs, rates: CetRates): CetSimulation {
  const taxableValueAdded = taxableValueAddedOf(inputs.turnover, inputs.valueAdded);
  const rate = cvaeRateFraction(inputs.turnover, rates.cvae);
  const cvaeBeforeReductions = roundToEuro(taxableValueAdded * rate.num, rate.den * PCM);
  const reduction = inputs.turnover < euros(2_000_000) ? euros(rates.cvae.smallBusinessReduction) : 0n;
  const cvaeReduction = reduction < cvaeBeforeReductions ? reduction : cvaeBeforeReductions;
  const afterReduction = cvaeBeforeReductions - cvaeReduction;
  const cvaeFranchised = afterReduction > 0n && afterReduction <= euros(rates.cvae.franchise);
  const cvae = cvaeFranchised ? 0n : afterReduction;
  const cfe = roundToEuro(inputs.cfeBase * BigInt(inputs.cfeRateBp), 10_000n);
  const cetBeforeCap = cfe + cvae;
  const cap = roundToEuro(taxableValueAdded * BigInt(rates.plafonnementPcm), PCM);
  const excess = cetBeforeCap > cap ? cetBeforeCap - cap : 0n;
  // The relief is remitted from the CFE, so it never exceeds it.
  const capRelief = excess < cfe ? excess : cfe;
  return {
    taxableValueAdded,
    cvaeRatePcm: Number(rate.num) / Number(rate.den),
    cvaeBeforeReductions,
    cvaeReduction,
    cvaeFranchised,
    cvae,
    cfe,
    cetBeforeCap,
    cap,
    capRelief,
    cet: cetBeforeCap - capRelief,
  };
}

/** What the CET becomes under the territory's CUT policy, for each level and for no certificate. */
export function simulateCut(cet: bigint, policy: CutPolicy, levels: readonly string[]): CutSimulationLine[] {
  const line = (level: string | null): CutSimulationLine => {
    const reductionBp = level === null ? 0 : (policy.reductionsBp[level] ?? 0);
    const reduction = roundToEuro(cet * BigInt(reductionBp), 10_000n);
    const capped = reduction > cet ? cet : reduction;
    return { level, reductionBp, reduction: capped, due: cet - capped };
  };
  return [line(null), ...levels.map(line)];
}

export function validateTaxInputs(input: { cfeBase: number; cfeRateBp: number; turnover: number; valueAdded: number }): FieldError[] {
  const errors: FieldError[] = [];
  const money = (field: keyof typeof input) => {
    const v = input[field];
    if (!Number.isSafeInteger(v) || v < 0) errors.push({ field, code: 'invalid_amount', message: `${field} is an amount in cents, zero or more.` });
  };
  money('cfeBase');
  money('turnover');
  money('valueAdded');
  if (!Number.isInteger(input.cfeRateBp) || input.cfeRateBp < 0 || input.cfeRateBp > 10_000) {
    errors.push({ field: 'cfeRateBp', code: 'invalid_rate', message: 'cfeRateBp is the commune’s CFE rate in hundredths of a percent (25.93 % = 2593), from 0 to 10000.' });
  }
  return errors;
}

export function validateCetRates(rates: CetRates): FieldError[] {
  const errors: FieldError[] = [];
  const pcm = (field: string, v: number, max: number) => {
    if (!Number.isInteger(v) || v < 0 || v > max) errors.push({ field, code: 'invalid_rate', message: `${field} is a whole number of pcm (0.001 %) from 0 to ${max}.` });
  };
  if (!Number.isInteger(rates.year) || rates.year < 2010 || rates.year > 2100) errors.push({ field: 'taxRates.year', code: 'invalid_year', message: 'taxRates.year is a year from 2010.' });
  pcm('taxRates.cvae.band1Pcm', rates.cvae.band1Pcm, 1500);
  pcm('taxRates.cvae.band2Pcm', rates.cvae.band2Pcm, 1500);
  pcm('taxRates.cvae.band3Pcm', rates.cvae.band3Pcm, 1500);
  pcm('taxRates.cvae.maxPcm', rates.cvae.maxPcm, 1500);
  pcm('taxRates.plafonnementPcm', rates.plafonnementPcm, 10_000);
  for (const field of ['smallBusinessReduction', 'franchise'] as const) {
    const v = rates.cvae[field];
    if (!Number.isInteger(v) || v < 0 || v > 100_000) errors.push({ field: `taxRates.cvae.${field}`, code: 'invalid_amount', message: `taxRates.cvae.${field} is a whole number of euros.` });
  }
  if (typeof rates.source !== 'string' || !rates.source.trim()) errors.push({ field: 'taxRates.source', code: 'required', message: 'Say where the rates come from.' });
  return errors;
}

export function validateCutPolicy(policy: CutPolicy, levels: readonly string[]): FieldError[] {
  const errors: FieldError[] = [];
  for (const [level, bp] of Object.entries(policy.reductionsBp)) {
    if (!levels.includes(level)) errors.push({ field: `cutReductionsBp.${level}`, code: 'unknown_level', message: `"${level}" is not a level of the current referential (${levels.join(', ')}).` });
    if (!Number.isInteger(bp) || bp < 0 || bp > 10_000) errors.push({ field: `cutReductionsBp.${level}`, code: 'invalid_reduction', message: 'A reduction is in basis points, from 0 to 10000 (the whole CET).' });
  }
  return errors;
}

/** The scenario's default: the higher the level, the more of the CET the certificate replaces. */
export const DEFAULT_CUT_REDUCTIONS_BP: Readonly<Record<string, number>> = Object.freeze({ engage: 2500, confirme: 5000, avance: 7500, exemplaire: 10_000 });
