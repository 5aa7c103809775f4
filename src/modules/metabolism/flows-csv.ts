import { parse } from 'csv-parse/sync';
import { invalidCsv, type FieldError } from '../../platform/errors.js';
import { BOUNDARIES, type Boundary } from './model.js';

export const MAX_FLOW_ROWS = 50_000;

/**
 * Reads a whole CSV file with a known set of columns; throws `invalid_csv` for an unreadable file,
 * unknown or missing columns. Rows are numbered from 1 after the header, as the errors say them.
 * French spreadsheets export with semicolons and decimal commas: the header tells which delimiter.
 */
export function readCsvRecords(csv: string, columns: readonly string[], required: readonly string[]): Record<string, string>[] {
  const header = csv.slice(0, csv.search(/\r?\n|$/));
  const delimiter = header.includes(';') && !header.includes(',') ? ';' : ',';
  let records: Record<string, string>[];
  try {
    records = parse(csv, { columns: (names: string[]) => names.map((h) => h.trim().toLowerCase()), skip_empty_lines: true, trim: true, bom: true, delimiter });
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw invalidCsv([{ field: 'file', code: 'unreadable_csv', message: `The file is not readable CSV${line ? ` (line ${line})` : ''}: ${(error as Error).message}`, row: 0 }]);
  }
  if (records.length === 0) throw invalidCsv([{ field: 'file', code: 'empty_csv', message: 'The file has no data row under its header.', row: 0 }]);
  if (records.length > MAX_FLOW_ROWS) throw invalidCsv([{ field: 'file', code: 'too_many_rows', message: `At most ${MAX_FLOW_ROWS} rows per import; split the file.`, row: 0 }]);
  const present = Object.keys(records[0]!);
  const unknown = present.filter((c) => !columns.includes(c));
  const missing = required.filter((c) => !present.includes(c));
  if (unknown.length > 0 || missing.length > 0) {
    throw invalidCsv([
      ...unknown.map((c) => ({ field: c, code: 'unknown_column', message: `Unknown column "${c}"; columns are ${columns.join(', ')}.`, row: 0 })),
      ...missing.map((c) => ({ field: c, code: 'missing_column', message: `The column "${c}" is required.`, row: 0 })),
    ]);
  }
  return records;
}

/** Where a flow of an import starts or ends, before it is a node of the year. */
export type Endpoint =
  | { kind: 'boundary'; boundary: Boundary }
  | { kind: 'actor'; organisationId: string }
  | { kind: 'process'; name: string; nafSection?: string | null; balanced?: boolean };

export const endpointKey = (e: Endpoint): string => (e.kind === 'boundary' ? `boundary:${e.boundary}` : e.kind === 'actor' ? `actor:${e.organisationId}` : `process:${e.name.toLowerCase()}`);

// French words a spreadsheet may use for the five outsides.
const BOUNDARY_WORDS: Record<string, Boundary> = {
  ...Object.fromEntries(BOUNDARIES.map((b) => [b, b])),
  etranger: 'abroad',
  étranger: 'abroad',
  reste_du_pays: 'rest_of_country',
  reste_de_la_france: 'rest_of_country',
  france: 'rest_of_country',
  environnement: 'environment',
};

/** The organisations an import may name, by SIRET or by id. */
export interface OrganisationLookup {
  bySiret(siret: string): string | undefined;
  byId(id: string): string | undefined;
}

/**
 * `from` and `to` of the tidy flows file: a boundary word (nature, abroad / étranger, rest_of_country /
 * reste_du_pays, environment / environnement, stock), an organisation of the territory by SIRET or id,
 * or else the name of a process (created for the year if it does not exist).
 */
export function parseEndpoint(value: string, organisations: OrganisationLookup): Endpoint | { error: string } {
  const text = value.trim();
  if (!text) return { error: 'required' };
  const word = text.toLowerCase().replace(/[\s-]+/g, '_');
  if (BOUNDARY_WORDS[word]) return { kind: 'boundary', boundary: BOUNDARY_WORDS[word] };
  const compact = text.replace(/[\s.]/g, '');
  if (/^\d{14}$/.test(compact)) {
    const id = organisations.bySiret(compact);
    return id ? { kind: 'actor', organisationId: id } : { error: `No organisation of this territory has SIRET ${compact}.` };
  }
  const byId = organisations.byId(text);
  if (byId) return { kind: 'actor', organisationId: byId };
  if (text.length > 200) return { error: 'A process name is at most 200 characters.' };
  return { kind: 'process', name: text };
}

export const FLOW_CSV_COLUMNS = ['from', 'to', 'waste_code', 'category', 'material', 'tonnes', 'uncertainty', 'method', 'source', 'confidential'] as const;

/** CSV column of each field of a flow, to report errors in the words of the file. */
export const FLOW_FIELD_COLUMNS: Record<string, string> = {
  fromNodeId: 'from',
  toNodeId: 'to',
  wasteCode: 'waste_code',
  category: 'category',
  materialName: 'material',
  tonnes: 'tonnes',
  uncertainty: 'uncertainty',
  method: 'method',
  source: 'source',
};

export interface ImportedFlowRow {
  row: number;
  from: Endpoint;
  to: Endpoint;
  input: { wasteCode?: string; category?: string; materialName?: string; tonnes?: string; uncertainty?: string; method?: string; source?: string; confidential?: boolean };
}

/**
 * The tidy flows file: one row per flow of the year, columns
 * `from,to,waste_code,category,material,tonnes,uncertainty,method,source,confidential`. Endpoints are
 * resolved here; the flow rule itself is checked by the service on the whole file before any write.
 */
export function parseFlowsCsv(csv: string, organisations: OrganisationLookup): { rows: ImportedFlowRow[]; errors: FieldError[] } {
  const records = readCsvRecords(csv, FLOW_CSV_COLUMNS, ['from', 'to', 'tonnes']);
  const errors: FieldError[] = [];
  const rows: ImportedFlowRow[] = [];
  records.forEach((r, index) => {
    const row = index + 1;
    const from = parseEndpoint(r.from ?? '', organisations);
    const to = parseEndpoint(r.to ?? '', organisations);
    for (const [column, endpoint] of [['from', from], ['to', to]] as const) {
      if ('error' in endpoint) {
        errors.push({ field: column, code: endpoint.error === 'required' ? 'required' : 'unknown_endpoint', message: endpoint.error === 'required' ? `The column "${column}" is required.` : endpoint.error, row });
      }
    }
    const confidential = (r.confidential ?? '').trim().toLowerCase();
    if (confidential && !['0', '1', 'true', 'false', 'oui', 'non', 'yes', 'no'].includes(confidential)) {
      errors.push({ field: 'confidential', code: 'invalid_flag', message: 'confidential is 1/0, true/false or oui/non.', row });
    }
    if ('error' in from || 'error' in to) return;
    rows.push({
      row,
      from,
      to,
      input: {
        wasteCode: r.waste_code,
        category: r.category,
        materialName: r.material,
        tonnes: r.tonnes,
        uncertainty: r.uncertainty,
        method: r.method || undefined,
        source: r.source,
        confidential: ['1', 'true', 'oui', 'yes'].includes(confidential),
      },
    });
  });
  return { rows, errors };
}
