import { parse } from 'csv-parse/sync';
import { invalidCsv, type FieldError } from '../../platform/errors.js';
import { isValidSiret, normaliseSiret, validateOrganisation, type OrganisationFields, type OrganisationReference } from './model.js';

/** CSV columns (snake_case, as spreadsheets export them) → the organisation's fields. */
export const ORGANISATION_CSV_COLUMNS = {
  name: 'name',
  kind: 'kind',
  siret: 'siret',
  naf_code: 'nafCode',
  address: 'address',
  commune_insee: 'communeInsee',
  latitude: 'latitude',
  longitude: 'longitude',
} as const;

export const MAX_IMPORT_ROWS = 20_000;

type Column = keyof typeof ORGANISATION_CSV_COLUMNS;
const fieldToColumn = new Map(Object.entries(ORGANISATION_CSV_COLUMNS).map(([column, field]) => [field as string, column]));

/**
 * French spreadsheets export with semicolons, and then write decimal commas and unquoted commas in
 * addresses: the delimiter is the one the header uses (column names contain neither), never both.
 */
function delimiterOf(csv: string): ',' | ';' {
  const header = csv.slice(0, csv.search(/\r?\n|$/));
  return header.includes(';') && !header.includes(',') ? ';' : ',';
}

/**
 * Parses and validates the whole file; throws `invalid_csv` listing every row and column at fault,
 * so that the import creates all organisations or none. Rows are numbered from 1 after the header.
 */
export async function parseOrganisationsCsv(
  csv: string,
  reference: OrganisationReference,
  existingSirets: (sirets: string[]) => Promise<Set<string>>,
): Promise<OrganisationFields[]> {
  let records: Record<string, string>[];
  try {
    records = parse(csv, { columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), skip_empty_lines: true, trim: true, bom: true, delimiter: delimiterOf(csv) });
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw invalidCsv([{ field: 'file', code: 'unreadable_csv', message: `The file is not readable CSV${line ? ` (line ${line})` : ''}: ${(error as Error).message}`, row: 0 }]);
  }
  if (records.length === 0) throw invalidCsv([{ field: 'file', code: 'empty_csv', message: 'The file has no data row under its header.', row: 0 }]);
  if (records.length > MAX_IMPORT_ROWS) {
    throw invalidCsv([{ field: 'file', code: 'too_many_rows', message: `At most ${MAX_IMPORT_ROWS} rows per import; split the file.`, row: 0 }]);
  }
  const header = Object.keys(records[0]!);
  const unknown = header.filter((h) => !(h in ORGANISATION_CSV_COLUMNS));
  const missing = (['name', 'kind'] as Column[]).filter((c) => !header.includes(c));
  if (unknown.length > 0 || missing.length > 0) {
    throw invalidCsv([
      ...unknown.map((c) => ({ field: c, code: 'unknown_column', message: `Unknown column "${c}"; columns are ${Object.keys(ORGANISATION_CSV_COLUMNS).join(', ')}.`, row: 0 })),
      ...missing.map((c) => ({ field: c, code: 'missing_column', message: `The column "${c}" is required.`, row: 0 })),
    ]);
  }

  const errors: FieldError[] = [];
  const valid: OrganisationFields[] = [];
  const firstRowOfSiret = new Map<string, number>();
  records.forEach((record, index) => {
    const row = index + 1;
    const input = Object.fromEntries(Object.entries(record).map(([column, value]) => [ORGANISATION_CSV_COLUMNS[column as Column], value]));
    const checked = validateOrganisation(input, reference);
    if (!checked.ok) {
      for (const e of checked.errors) errors.push({ ...e, field: fieldToColumn.get(e.field) ?? e.field, row });
    }
    // A valid SIRET counts even on a row wrong elsewhere, so a repeat of it is reported in the same answer.
    const siret = checked.ok ? checked.value.siret : validSiretOf(input.siret);
    let repeated = false;
    if (siret) {
      const first = firstRowOfSiret.get(siret);
      repeated = first !== undefined;
      if (first !== undefined) errors.push({ field: 'siret', code: 'duplicate_siret', message: `SIRET ${siret} already appears on row ${first}.`, row });
      else firstRowOfSiret.set(siret, row);
    }
    if (checked.ok && !repeated) valid.push(checked.value);
  });

  const taken = await existingSirets([...firstRowOfSiret.keys()]);
  for (const siret of taken) {
    errors.push({ field: 'siret', code: 'siret_taken', message: `An organisation of this territory already has SIRET ${siret}.`, row: firstRowOfSiret.get(siret)! });
  }
  if (errors.length > 0) throw invalidCsv(errors.sort((a, b) => (a.row ?? 0) - (b.row ?? 0)));
  return valid;
}

function validSiretOf(value: string | undefined): string | null {
  const siret = normaliseSiret(value ?? '');
  return isValidSiret(siret) ? siret : null;
}
