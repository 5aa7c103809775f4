import { parse } from 'csv-parse/sync';
import type { FieldError } from '../../platform/errors.js';

/**
 * Certificats d'économies d'énergie: each standardised operation sheet (fiche d'opération
 * standardisée) gives a flat amount of kWh cumac per unit (m² of insulation, appliance, dwelling),
 * usually by climate zone H1/H2/H3. The catalogue is data: shipped in data/funding/cee-operations.json,
 * replaceable by each territory.
 */
export const CLIMATE_ZONES = ['H1', 'H2', 'H3'] as const;
export type ClimateZone = (typeof CLIMATE_ZONES)[number];

export const CEE_UNITS = ['m2', 'appliance', 'dwelling'] as const;
export type CeeUnit = (typeof CEE_UNITS)[number];

export interface CeeOperation {
  code: string;
  /** '' when the sheet has one table; otherwise the case (electricity vs fuel heating, house vs flat…). */
  variant: string;
  label: string;
  unit: CeeUnit;
  /** kWh cumac per unit by zone, when the sheet varies by zone. */
  kwhCumacByZone: Record<ClimateZone, number> | null;
  /** kWh cumac per unit when the sheet does not depend on the zone. */
  kwhCumac: number | null;
  sheetVersion: string;
  source: string;
}

export const CEE_CSV_COLUMNS = ['code', 'variant', 'label', 'unit', 'kwh_cumac_h1', 'kwh_cumac_h2', 'kwh_cumac_h3', 'kwh_cumac', 'sheet_version', 'source'] as const;
export const MAX_CEE_OPERATIONS = 2000;

const CODE = /^[A-Z]{3}-[A-Z]{2}-\d{3}$/;
const includes = <T extends string>(list: readonly T[], value: string): value is T => (list as readonly string[]).includes(value);

/** Every error of one row (1-based), so the territory fixes the whole file at once. */
function rowErrors(op: Record<string, unknown>, row: number): FieldError[] {
  const errors: FieldError[] = [];
  const push = (field: string, code: string, message: string) => errors.push({ field, code, message, row });
  const str = (k: string) => (typeof op[k] === 'string' ? (op[k] as string) : '');
  if (!CODE.test(str('code'))) push('code', 'invalid_code', 'The code of a sheet reads like BAR-EN-101.');
  if (!/^[a-z0-9-]{0,60}$/.test(str('variant'))) push('variant', 'invalid_variant', 'The variant is empty or a few lower-case words joined by hyphens.');
  if (!str('label').trim() || str('label').length > 300) push('label', 'required', 'Each operation has a label of at most 300 characters.');
  if (!includes(CEE_UNITS, str('unit'))) push('unit', 'invalid_unit', `The unit is one of ${CEE_UNITS.join(', ')}.`);
  if (!str('sheetVersion').trim()) push('sheetVersion', 'required', 'Say which version of the sheet the figures come from.');
  if (!str('source').trim()) push('source', 'required', 'Say where the figures come from.');
  const byZone = op.kwhCumacByZone as Record<string, unknown> | null | undefined;
  const flat = op.kwhCumac as unknown;
  const positive = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v > 0;
  if (byZone && flat !== null && flat !== undefined) push('kwhCumac', 'zone_or_flat', 'Give kWh cumac either by zone (H1, H2, H3) or as one figure, not both.');
  else if (byZone) {
    for (const zone of CLIMATE_ZONES) if (!positive(byZone[zone])) push(`kwhCumac${zone}`, 'invalid_kwh_cumac', `kWh cumac for zone ${zone} is a positive number.`);
  } else if (!positive(flat)) push('kwhCumac', 'invalid_kwh_cumac', 'Give the kWh cumac per unit, by zone or as one figure.');
  return errors;
}

/** Validates a whole catalogue; duplicates (code + variant) are errors too. */
export function validateCeeCatalogue(operations: readonly Record<string, unknown>[]): { operations: CeeOperation[]; errors: FieldError[] } {
  const errors: FieldError[] = [];
  if (operations.length === 0 || operations.length > MAX_CEE_OPERATIONS) {
    errors.push({ field: 'operations', code: 'catalogue_size', message: `The catalogue holds 1 to ${MAX_CEE_OPERATIONS} operations.` });
  }
  const seen = new Map<string, number>();
  operations.forEach((op, i) => {
    const row = i + 1;
    errors.push(...rowErrors(op, row));
    const key = `${String(op.code)}/${String(op.variant ?? '')}`;
    const first = seen.get(key);
    if (first !== undefined) errors.push({ field: 'variant', code: 'duplicate_operation', message: `Same code and variant as row ${first}.`, row });
    else seen.set(key, row);
  });
  if (errors.length > 0) return { operations: [], errors };
  return {
    operations: operations.map((op) => ({
      code: op.code as string,
      variant: (op.variant as string | undefined) ?? '',
      label: (op.label as string).trim(),
      unit: op.unit as CeeUnit,
      kwhCumacByZone: (op.kwhCumacByZone as Record<ClimateZone, number> | null | undefined) ?? null,
      kwhCumac: (op.kwhCumac as number | null | undefined) ?? null,
      sheetVersion: (op.sheetVersion as string).trim(),
      source: (op.source as string).trim(),
    })),
    errors: [],
  };
}

/**
 * The catalogue as a spreadsheet exports it: header CEE_CSV_COLUMNS, commas or semicolons, decimal
 * commas accepted in figures. Returns the rows as objects for validateCeeCatalogue, or the errors.
 */
export function parseCeeCsv(csv: string): { rows: Record<string, unknown>[]; errors: FieldError[] } {
  const header = csv.slice(0, csv.search(/\r?\n|$/));
  const delimiter = header.includes(';') && !header.includes(',') ? ';' : ',';
  let records: Record<string, string>[];
  try {
    records = parse(csv.replace(/^\uFEFF/, ''), { columns: true, delimiter, skip_empty_lines: true, trim: true }) as Record<string, string>[];
  } catch (error) {
    return { rows: [], errors: [{ field: 'file', code: 'malformed_csv', message: `The file is not valid CSV: ${(error as Error).message}` }] };
  }
  const columns = header.split(delimiter).map((c) => c.trim().replace(/^"|"$/g, '').replace(/^\uFEFF/, ''));
  const missing = CEE_CSV_COLUMNS.filter((c) => !columns.includes(c));
  if (missing.length > 0) {
    return { rows: [], errors: missing.map((c) => ({ field: c, code: 'missing_column', message: `The header lacks the column ${c}.`, row: 0 })) };
  }
  const number = (v: string | undefined): number | null | typeof Number.NaN => {
    if (v === undefined || v.trim() === '') return null;
    const n = Number(v.replace(/\s/g, '').replace(',', '.'));
    return Number.isFinite(n) ? n : Number.NaN;
  };
  const rows = records.map((r) => {
    const zones = [number(r.kwh_cumac_h1), number(r.kwh_cumac_h2), number(r.kwh_cumac_h3)];
    const anyZone = zones.some((z) => z !== null);
    return {
      code: r.code,
      variant: r.variant ?? '',
      label: r.label,
      unit: r.unit,
      kwhCumacByZone: anyZone ? { H1: zones[0], H2: zones[1], H3: zones[2] } : null,
      kwhCumac: number(r.kwh_cumac),
      sheetVersion: r.sheet_version,
      source: r.source,
    };
  });
  return { rows, errors: [] };
}

const csvCell = (v: string | number | null): string => {
  const s = v === null ? '' : String(v);
  return /[",\n\r;]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

export function ceeCatalogueToCsv(operations: readonly CeeOperation[]): string {
  const lines = [CEE_CSV_COLUMNS.join(',')];
  for (const o of operations) {
    lines.push(
      [o.code, o.variant, o.label, o.unit, o.kwhCumacByZone?.H1 ?? null, o.kwhCumacByZone?.H2 ?? null, o.kwhCumacByZone?.H3 ?? null, o.kwhCumac, o.sheetVersion, o.source]
        .map(csvCell)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

export interface CeeEstimate {
  code: string;
  variant: string;
  label: string;
  unit: CeeUnit;
  zone: ClimateZone | null;
  quantity: number;
  factor: number;
  kwhCumacPerUnit: number;
  /** quantity × kWh cumac per unit × factor, rounded to the kWh. */
  kwhCumac: bigint;
  priceCentsPerMWh: bigint;
  /** kWh cumac / 1000 × price, in euro cents, rounded half up. */
  value: bigint;
  sheetVersion: string;
  source: string;
}

/**
 * quantity × kWh cumac per unit (of the zone) × the sheet's correction factor → kWh cumac, then
 * × price in €/MWh cumac → estimated value. Returns the field at fault rather than guessing.
 */
export function estimateCee(
  operation: CeeOperation,
  input: { zone: ClimateZone | null; quantity: number; factor: number; priceCentsPerMWh: bigint },
): { ok: true; estimate: CeeEstimate } | { ok: false; error: FieldError } {
  if (!Number.isFinite(input.quantity) || input.quantity <= 0) return { ok: false, error: { field: 'quantity', code: 'invalid_quantity', message: 'The quantity is a positive number of units.' } };
  if (operation.unit !== 'm2' && !Number.isInteger(input.quantity)) {
    return { ok: false, error: { field: 'quantity', code: 'invalid_quantity', message: 'Appliances and dwellings are counted in whole numbers.' } };
  }
  if (!Number.isFinite(input.factor) || input.factor <= 0 || input.factor > 10) {
    return { ok: false, error: { field: 'factor', code: 'invalid_factor', message: 'The correction factor is a positive number (1 when the sheet has none).' } };
  }
  if (input.priceCentsPerMWh <= 0n) return { ok: false, error: { field: 'priceCentsPerMWh', code: 'price_not_set', message: 'Set the price of CEE (€/MWh cumac) for the territory, or give one.' } };
  let perUnit: number;
  if (operation.kwhCumacByZone) {
    if (!input.zone) return { ok: false, error: { field: 'zone', code: 'zone_required', message: 'This sheet depends on the climate zone: H1, H2 or H3.' } };
    perUnit = operation.kwhCumacByZone[input.zone];
  } else {
    perUnit = operation.kwhCumac!;
  }
  const kwhCumac = BigInt(Math.round(input.quantity * perUnit * input.factor));
  const value = (kwhCumac * input.priceCentsPerMWh + 500n) / 1000n;
  return {
    ok: true,
    estimate: {
      code: operation.code,
      variant: operation.variant,
      label: operation.label,
      unit: operation.unit,
      zone: operation.kwhCumacByZone ? input.zone : null,
      quantity: input.quantity,
      factor: input.factor,
      kwhCumacPerUnit: perUnit,
      kwhCumac,
      priceCentsPerMWh: input.priceCentsPerMWh,
      value,
      sheetVersion: operation.sheetVersion,
      source: operation.source,
    },
  };
}
