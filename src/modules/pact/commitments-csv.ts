import { parse } from 'csv-parse/sync';
import { invalidCsv, type FieldError } from '../../platform/errors.js';
import { applyCommitmentUpdate, COMMITMENT_STATUSES, validateCommitment, type CommitmentInput, type CommitmentStatus, type CommitmentTarget } from './commitment-model.js';
import type { TaskForceStatus } from './model.js';

/**
 * The columns of a commitments file, snake_case as spreadsheets write them. `organisation` is the
 * owner's SIRET (or its id), `task_force` a task force's name (or its id).
 */
export const COMMITMENT_CSV_COLUMNS = [
  'organisation',
  'task_force',
  'statement',
  'indicator',
  'target_value',
  'unit',
  'deadline',
  'milestone_date',
  'weight',
  'status',
  'progress',
] as const;

/** Columns the open-data export adds; the import accepts and ignores them, so an export is re-importable. */
export const EXPORT_ONLY_COLUMNS = ['id', 'organisation_name', 'task_force_id', 'late', 'created_at', 'updated_at'] as const;

/** The open-data CSV: the import's columns, and what a reader needs besides. */
export const COMMITMENT_EXPORT_COLUMNS = [
  'id',
  'organisation',
  'organisation_name',
  'task_force',
  'task_force_id',
  'statement',
  'indicator',
  'target_value',
  'unit',
  'deadline',
  'milestone_date',
  'weight',
  'status',
  'progress',
  'late',
  'created_at',
  'updated_at',
] as const;

export const MAX_COMMITMENT_ROWS = 20_000;

type Column = (typeof COMMITMENT_CSV_COLUMNS)[number];

export interface CommitmentImportReference {
  organisations: readonly { id: string; siret: string | null; name: string }[];
  signatories: ReadonlySet<string>;
  taskForces: readonly { id: string; name: string; status: TaskForceStatus }[];
}

export interface ImportedCommitment {
  row: number;
  ownerOrganisationId: string;
  ownerName: string;
  taskForceId: string | null;
  input: CommitmentInput;
  status: CommitmentStatus;
  progress: number;
}

// The model names fields as the API does; a file's reader needs its own column names.
const COLUMN_OF_FIELD: Record<string, Column> = {
  statement: 'statement',
  target: 'deadline',
  'target.indicatorCode': 'indicator',
  'target.value': 'target_value',
  'target.unit': 'unit',
  'target.deadline': 'deadline',
  milestoneDate: 'milestone_date',
  weight: 'weight',
  status: 'status',
  progress: 'progress',
};

/**
 * French spreadsheets export with semicolons, and then write decimal commas: the delimiter is the
 * one the header uses (column names contain neither).
 */
function delimiterOf(csv: string): ',' | ';' {
  const header = csv.slice(0, csv.search(/\r?\n|$/));
  return header.includes(';') && !header.includes(',') ? ';' : ',';
}

/**
 * Parses and checks the whole file against the territory; throws `invalid_csv` listing every row
 * and column at fault, so that the import makes all commitments or none. Rows count from 1 after
 * the header.
 */
export function parseCommitmentsCsv(csv: string, reference: CommitmentImportReference): ImportedCommitment[] {
  let records: Record<string, string>[];
  try {
    records = parse(csv, { columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), skip_empty_lines: true, trim: true, bom: true, delimiter: delimiterOf(csv) });
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw invalidCsv([{ field: 'file', code: 'unreadable_csv', message: `The file is not readable CSV${line ? ` (line ${line})` : ''}: ${(error as Error).message}`, row: 0 }]);
  }
  if (records.length === 0) throw invalidCsv([{ field: 'file', code: 'empty_csv', message: 'The file has no data row under its header.', row: 0 }]);
  if (records.length > MAX_COMMITMENT_ROWS) {
    throw invalidCsv([{ field: 'file', code: 'too_many_rows', message: `At most ${MAX_COMMITMENT_ROWS} rows per import; split the file.`, row: 0 }]);
  }
  const header = Object.keys(records[0]!);
  const known = new Set<string>([...COMMITMENT_CSV_COLUMNS, ...EXPORT_ONLY_COLUMNS]);
  const unknown = header.filter((h) => !known.has(h));
  const missing = (['organisation', 'statement'] as Column[]).filter((c) => !header.includes(c));
  if (unknown.length > 0 || missing.length > 0) {
    throw invalidCsv([
      ...unknown.map((c) => ({ field: c, code: 'unknown_column', message: `Unknown column "${c}"; columns are ${COMMITMENT_CSV_COLUMNS.join(', ')}.`, row: 0 })),
      ...missing.map((c) => ({ field: c, code: 'missing_column', message: `The column "${c}" is required.`, row: 0 })),
    ]);
  }

  const resolve = resolverOf(reference);
  const errors: FieldError[] = [];
  const valid: ImportedCommitment[] = [];
  records.forEach((record, index) => {
    const row = index + 1;
    const rowErrors: FieldError[] = [];
    const fail = (field: Column, code: string, message: string) => rowErrors.push({ field, code, message, row });
    const text = (column: Column) => unguard(record[column] ?? '');

    const owner = resolve.organisation(text('organisation'));
    if (!owner.ok) fail('organisation', owner.code, owner.message);
    const taskForce = text('task_force') ? resolve.taskForce(text('task_force')) : ({ ok: true, id: null } as const);
    if (!taskForce.ok) fail('task_force', taskForce.code, taskForce.message);

    const target = targetOf(record, fail);
    const weight = integerOf(text('weight'), 1);
    if (weight === undefined) fail('weight', 'invalid_weight', 'The weight is a whole number from 1 to 1000.');
    const progress = integerOf(text('progress'), undefined);
    if (progress === undefined && text('progress')) fail('progress', 'invalid_progress', 'Progress is a whole percentage from 0 to 100.');
    const statusText = text('status') || 'planned';
    const status = (COMMITMENT_STATUSES as readonly string[]).includes(statusText) ? (statusText as CommitmentStatus) : undefined;
    if (!status) fail('status', 'invalid_status', `The status is one of ${COMMITMENT_STATUSES.join(', ')}.`);

    const input: CommitmentInput = { statement: text('statement'), target, milestoneDate: text('milestone_date') || null, weight: weight ?? 1 };
    for (const e of validateCommitment(input)) {
      if (!(e.field === 'target.value' && rowErrors.some((r) => r.field === 'target_value'))) fail(COLUMN_OF_FIELD[e.field] ?? 'statement', e.code, e.message);
    }
    // An imported commitment starts where the file says, under the same rule as an update from new.
    const state = status ? applyCommitmentUpdate({ status: 'planned', progress: 0 }, { status, ...(progress !== undefined ? { progress } : {}) }) : undefined;
    if (state && !state.ok) for (const e of state.errors) fail(COLUMN_OF_FIELD[e.field] ?? 'status', e.code, e.message);

    if (rowErrors.length > 0 || !owner.ok || !taskForce.ok || !state?.ok) {
      errors.push(...rowErrors);
      return;
    }
    valid.push({ row, ownerOrganisationId: owner.id, ownerName: owner.name, taskForceId: taskForce.id, input: { ...input, statement: input.statement.trim() }, status: state.status, progress: state.progress });
  });
  if (errors.length > 0) throw invalidCsv(errors);
  return valid;
}

/** A target when any of its four columns is filled (then all four are checked), else none. */
function targetOf(record: Record<string, string>, fail: (field: Column, code: string, message: string) => void): CommitmentTarget | null {
  const [indicator, value, unit, deadline] = (['indicator', 'target_value', 'unit', 'deadline'] as const).map((c) => unguard(record[c] ?? ''));
  if (!indicator && !value && !unit && !deadline) return null;
  const number = decimalOf(value!);
  if (number === undefined) fail('target_value', 'invalid_number', 'The target value is a number, like 12.5.');
  return { indicatorCode: indicator!, value: number ?? Number.NaN, unit: unit!, deadline: deadline! };
}

function resolverOf(reference: CommitmentImportReference) {
  const bySiret = new Map(reference.organisations.filter((o) => o.siret).map((o) => [o.siret!, o]));
  const byId = new Map(reference.organisations.map((o) => [o.id, o]));
  const taskForceById = new Map(reference.taskForces.map((t) => [t.id, t]));
  const taskForcesByName = new Map<string, (typeof reference.taskForces)[number][]>();
  for (const t of reference.taskForces) taskForcesByName.set(t.name.toLowerCase(), [...(taskForcesByName.get(t.name.toLowerCase()) ?? []), t]);
  type Resolved<T> = ({ ok: true } & T) | { ok: false; code: string; message: string };
  return {
    organisation(value: string): Resolved<{ id: string; name: string }> {
      if (!value) return { ok: false, code: 'required', message: 'Name the owner organisation by its SIRET (or its id).' };
      const organisation = bySiret.get(value.replace(/\s/g, '')) ?? byId.get(value);
      if (!organisation) return { ok: false, code: 'unknown_organisation', message: `No organisation of this territory has SIRET or id "${value}".` };
      if (!reference.signatories.has(organisation.id)) {
        return { ok: false, code: 'not_a_signatory', message: `${organisation.name} has not signed the Pact: an organisation commits to the Pact it signed.` };
      }
      return { ok: true, id: organisation.id, name: organisation.name };
    },
    taskForce(value: string): Resolved<{ id: string }> {
      const byName = taskForcesByName.get(value.toLowerCase()) ?? [];
      const taskForce = taskForceById.get(value) ?? (byName.length === 1 ? byName[0] : undefined);
      if (byName.length > 1 && !taskForce) return { ok: false, code: 'ambiguous_task_force', message: `Several task forces are named "${value}": give its id.` };
      if (!taskForce) return { ok: false, code: 'unknown_task_force', message: `No task force of this territory is named or has the id "${value}".` };
      if (taskForce.status === 'closed') return { ok: false, code: 'task_force_closed', message: `The task force ${taskForce.name} is closed.` };
      return { ok: true, id: taskForce.id };
    },
  };
}

function integerOf(text: string, empty: number | undefined): number | undefined {
  if (!text) return empty;
  return /^\d{1,9}$/.test(text) ? Number(text) : undefined;
}

/** `12.5`, `12,5` (a French spreadsheet's decimal comma) or `-3`; not `1,234.5`. */
function decimalOf(text: string): number | undefined {
  const normalised = /^-?\d+,\d+$/.test(text) ? text.replace(',', '.') : text;
  if (!/^-?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i.test(normalised)) return undefined;
  const n = Number(normalised);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * One RFC 4180 field. Text a spreadsheet would run as a formula (=, +, -, @, tab, CR first) is
 * prefixed with an apostrophe, as OWASP advises; `unguard` takes it off again on import.
 */
export function csvText(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n;]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function csvLine(fields: readonly string[]): string {
  return `${fields.join(',')}\r\n`;
}

export function unguard(value: string): string {
  return /^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value;
}
