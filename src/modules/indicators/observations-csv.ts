import { parse } from 'csv-parse/sync';
import { invalidCsv, type FieldError } from '../../platform/errors.js';
import { cellKey, checkObservation, type CheckedObservation, type IndicatorDefinition, type ObservationStatus } from './model.js';

/**
 * The Open SDG tidy shape: one row per observation, `Year` and `Value` columns, any other column a
 * dimension (empty on the total row), with the optional columns Open SDG and SDMX give a meaning to.
 * The per-indicator CSV this module publishes has the same shape, so a download imports back as is.
 */
const YEAR_COLUMNS = ['year', 'period'];
const VALUE_COLUMNS = ['value'];
const UNITS_COLUMNS = ['units', 'unit'];
const STATUS_COLUMNS = ['obs_status', 'observation status', 'status'];
const FOOTNOTE_COLUMNS = ['comment_obs', 'footnote', 'note'];
const SOURCE_COLUMNS = ['source'];

/** Open SDG treats `Series` like a dimension; so do we, under that name. */
export const SERIES_DIMENSION = 'Series';

// SDMX CL_OBS_STATUS: A normal, P provisional, E estimated (not final either).
const STATUS_WORDS: Record<string, ObservationStatus> = {
  a: 'final', final: 'final', définitif: 'final', definitif: 'final', normal: 'final',
  p: 'provisional', e: 'provisional', provisional: 'provisional', provisoire: 'provisional', estimated: 'provisional', estimé: 'provisional', estime: 'provisional',
};

export const MAX_IMPORT_ROWS = 20_000;

export interface ParsedObservations {
  observations: CheckedObservation[];
  /** 1-based data row of each observation, to report database-side conflicts against the file. */
  rows: number[];
}

function delimiterOf(csv: string): ',' | ';' {
  const header = csv.slice(0, csv.search(/\r?\n|$/));
  return header.includes(';') && !header.includes(',') ? ';' : ',';
}

/**
 * Parses and checks the whole file for one indicator; throws `invalid_csv` with every row and column at
 * fault, so that an import records all its rows or none. Semicolon files may write decimal commas.
 */
export function parseObservationsCsv(csv: string, definition: IndicatorDefinition, defaults: { source: string | null }): ParsedObservations {
  const delimiter = delimiterOf(csv);
  let records: string[][];
  try {
    records = parse(csv, { skip_empty_lines: true, trim: true, bom: true, delimiter, relax_column_count: false });
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw invalidCsv([{ field: 'file', code: 'unreadable_csv', message: `The file is not readable CSV${line ? ` (line ${line})` : ''}: ${(error as Error).message}`, row: 0 }]);
  }
  const [header, ...data] = records;
  if (!header || data.length === 0) throw invalidCsv([{ field: 'file', code: 'empty_csv', message: 'The file has no data row under its header.', row: 0 }]);
  if (data.length > MAX_IMPORT_ROWS) throw invalidCsv([{ field: 'file', code: 'too_many_rows', message: `At most ${MAX_IMPORT_ROWS} rows per import; split the file.`, row: 0 }]);

  const lower = header.map((h) => h.toLowerCase());
  const find = (names: readonly string[]) => lower.findIndex((h) => names.includes(h));
  const year = find(YEAR_COLUMNS);
  const value = find(VALUE_COLUMNS);
  const units = find(UNITS_COLUMNS);
  const status = find(STATUS_COLUMNS);
  const footnote = find(FOOTNOTE_COLUMNS);
  const source = find(SOURCE_COLUMNS);
  const special = new Set([year, value, units, status, footnote, source].filter((i) => i >= 0));
  const dimensionColumns = header.map((name, i) => ({ name: lower[i] === 'series' ? SERIES_DIMENSION : name, i })).filter(({ i }) => !special.has(i));

  const headerErrors: FieldError[] = [];
  if (year < 0) headerErrors.push({ field: 'Year', code: 'missing_column', message: 'The column "Year" is required (the period: 2024, 2024-06 or 2024-06-30).', row: 0 });
  if (value < 0) headerErrors.push({ field: 'Value', code: 'missing_column', message: 'The column "Value" is required.', row: 0 });
  const seen = new Set<string>();
  for (const { name } of dimensionColumns) {
    if (name === '') headerErrors.push({ field: 'header', code: 'empty_column_name', message: 'Every column has a name.', row: 0 });
    else if (seen.has(name.toLowerCase())) headerErrors.push({ field: name, code: 'duplicate_column', message: `The column "${name}" appears twice.`, row: 0 });
    seen.add(name.toLowerCase());
  }
  if (headerErrors.length > 0) throw invalidCsv(headerErrors);

  const errors: FieldError[] = [];
  const observations: CheckedObservation[] = [];
  const rows: number[] = [];
  const firstRowOfCell = new Map<string, number>();
  data.forEach((cells, index) => {
    const row = index + 1;
    const rowErrors: FieldError[] = [];
    const rawUnits = units >= 0 ? cells[units]! : '';
    if (rawUnits !== '' && rawUnits.toLowerCase() !== definition.unit.fr.toLowerCase() && rawUnits.toLowerCase() !== definition.unit.en.toLowerCase()) {
      rowErrors.push({ field: header[units]!, code: 'unit_mismatch', message: `The unit "${rawUnits}" is not the indicator's unit ("${definition.unit.fr}" or "${definition.unit.en}").`, row });
    }
    let parsedStatus: ObservationStatus | undefined;
    const rawStatus = status >= 0 ? cells[status]! : '';
    if (rawStatus !== '') {
      parsedStatus = STATUS_WORDS[rawStatus.toLowerCase()];
      if (!parsedStatus) rowErrors.push({ field: header[status]!, code: 'invalid_status', message: `"${rawStatus}" is not a status: A or final, P or provisional.`, row });
    }
    const checked = checkObservation(
      definition,
      {
        period: cells[year]!,
        dimensions: Object.fromEntries(dimensionColumns.map(({ name, i }) => [name, cells[i]!])),
        value: cells[value]!,
        status: parsedStatus ?? 'final',
        footnote: footnote >= 0 ? cells[footnote]! : null,
        source: (source >= 0 ? cells[source]! : '') || defaults.source,
      },
      delimiter === ';',
    );
    if (!checked.ok) {
      for (const e of checked.errors) rowErrors.push({ ...e, field: columnOf(e.field, header, { year, value, footnote, source }), row });
    } else {
      const key = cellKey(checked.value.period, checked.value.seriesKey);
      const first = firstRowOfCell.get(key);
      if (first !== undefined) rowErrors.push({ field: header[year]!, code: 'duplicate_observation', message: `Row ${first} already gives this period and series.`, row });
      else firstRowOfCell.set(key, row);
    }
    errors.push(...rowErrors);
    if (checked.ok && rowErrors.length === 0) {
      observations.push(checked.value);
      rows.push(row);
    }
  });
  if (errors.length > 0) throw invalidCsv(errors);
  return { observations, rows };
}

function columnOf(field: string, header: readonly string[], at: { year: number; value: number; footnote: number; source: number }): string {
  if (field === 'period') return header[at.year]!;
  if (field === 'value') return header[at.value]!;
  if (field === 'footnote' && at.footnote >= 0) return header[at.footnote]!;
  if (field === 'source' && at.source >= 0) return header[at.source]!;
  return field.startsWith('dimensions.') ? field.slice('dimensions.'.length) : field;
}
