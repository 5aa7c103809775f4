import { parse } from 'csv-parse/sync';
import { invalidCsv, invalidInput, type FieldError } from '../../platform/errors.js';

/**
 * "Le 10 % local": a share of salaries, at most 10 %, flows in local currency. French labour law
 * (Code du travail, art. L3241-1) requires wages to be paid in euros, so the share is converted *after*
 * the euro payslip, on the employee's own consent: the employer pays that part of the net salary into
 * the currency's euro reserve and the employee receives the same amount in local currency.
 */

export interface PayrollLineInput {
  readonly row: number;
  readonly email: string;
  /** Net salary in euro cents. */
  readonly netSalary: bigint;
}

export interface Employee {
  readonly personId: string;
  readonly displayName: string;
  /** The active consent's share in basis points; undefined when the employee has not opted in. */
  readonly shareBp: number | undefined;
}

export interface ConvertedLine {
  row: number;
  email: string;
  personId: string;
  displayName: string;
  netSalary: bigint;
  shareBp: number;
  converted: bigint;
}

export interface SkippedLine {
  row: number;
  email: string;
  personId: string;
  displayName: string;
  reason: 'not_opted_in' | 'share_too_small';
}

export type NotConvertedReason = SkippedLine['reason'] | 'account_frozen';

/**
 * A committed run's lines as stored (format 2): only what neither the ledger nor the people table
 * keeps. A payroll of 100,000 employees written out in full was a 15 MB JSON text, about as costly to
 * write and to read back as the conversion itself; this is a quarter of that, and names and emails are
 * read from the people table when the report is shown (so a person's later change or erasure applies).
 */
export interface StoredRunLines {
  format: 2;
  /** [row, personId, net salary in cents, share in basis points]; the converted amount is `convertedAmount` of the two. */
  lines: [number, string, number, number][];
  /** [row, personId, reason] */
  notConverted: [number, string, NotConvertedReason][];
}

export interface PersonLabel {
  email: string;
  displayName: string;
}

export interface PayrollPlan {
  lines: ConvertedLine[];
  skipped: SkippedLine[];
  totalNet: bigint;
  totalConverted: bigint;
}

export function isValidPeriod(period: string): boolean {
  const match = /^(\d{4})-(\d{2})$/.exec(period);
  return match !== null && Number(match[2]) >= 1 && Number(match[2]) <= 12 && Number(match[1]) >= 2000;
}

export function validateShare(shareBp: number, capBp: number): FieldError[] {
  if (!Number.isInteger(shareBp) || shareBp < 1) {
    return [{ field: 'shareBp', code: 'invalid_share', message: 'The share is a whole number of basis points above zero (100 = 1 %).' }];
  }
  if (shareBp > capBp) {
    return [
      {
        field: 'shareBp',
        code: 'salary_share_above_cap',
        message: `The share may not exceed the Pact's cap of ${(capBp / 100).toLocaleString('en')} % (${capBp} basis points).`,
      },
    ];
  }
  return [];
}

/** Rounded down to the cent: the employee never receives more than the share they consented to. */
export function convertedAmount(netSalary: bigint, shareBp: number): bigint {
  return (netSalary * BigInt(shareBp)) / 10_000n;
}

/** `2150.00`, `2150,00`, `2 150,5` → cents; anything else is refused rather than guessed. */
export function parseEuroAmount(value: string): bigint | undefined {
  const compact = value.replace(/[\s\u00a0\u202f]/g, '');
  const match = /^(\d{1,9})(?:[.,](\d{1,2}))?$/.exec(compact);
  if (!match) return undefined;
  return BigInt(match[1]!) * 100n + BigInt((match[2] ?? '').padEnd(2, '0'));
}

/** Reads `employee_email,net_salary` (comma or semicolon, as French spreadsheets export). */
export function parsePayrollCsv(csv: string): PayrollLineInput[] {
  let records: Record<string, string>[];
  const header = csv.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const delimiter = header.includes(';') && !header.includes(',') ? ';' : ',';
  try {
    records = parse(csv, { columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()), skip_empty_lines: true, trim: true, bom: true, delimiter });
  } catch (error) {
    throw invalidCsv([{ field: 'file', code: 'unreadable_csv', message: `The file is not readable CSV: ${(error as Error).message}`, row: 0 }]);
  }
  if (records.length === 0) throw invalidCsv([{ field: 'file', code: 'empty_csv', message: 'The file has no data row under its header.', row: 0 }]);
  const columns = Object.keys(records[0]!);
  const missing = ['employee_email', 'net_salary'].filter((c) => !columns.includes(c));
  if (missing.length > 0) {
    throw invalidCsv(missing.map((c) => ({ field: c, code: 'missing_column', message: `The column "${c}" is required (header: employee_email,net_salary).`, row: 0 })));
  }
  const errors: FieldError[] = [];
  const lines: PayrollLineInput[] = [];
  records.forEach((r, i) => {
    const netSalary = parseEuroAmount(r.net_salary ?? '');
    if (netSalary === undefined) {
      errors.push({ row: i + 1, field: 'net_salary', code: 'invalid_amount', message: `"${r.net_salary}" is not a net salary in euros like 2150.00.` });
      return;
    }
    lines.push({ row: i + 1, email: (r.employee_email ?? '').trim().toLowerCase(), netSalary });
  });
  if (errors.length > 0) throw invalidCsv(errors);
  return lines;
}

/**
 * Decides the conversion of one payroll: every line must name a current employee of the employer
 * exactly once (else the whole payroll is refused, row by row, and nothing is converted); employees
 * who have not opted in keep their whole salary in euros.
 */
export function planPayroll(lines: readonly PayrollLineInput[], employees: ReadonlyMap<string, Employee>): PayrollPlan {
  const errors: FieldError[] = [];
  const seen = new Map<string, number>();
  const plan: PayrollPlan = { lines: [], skipped: [], totalNet: 0n, totalConverted: 0n };
  for (const line of lines) {
    const employee = employees.get(line.email);
    const firstRow = seen.get(line.email);
    if (firstRow !== undefined) {
      errors.push({ row: line.row, field: 'employee_email', code: 'duplicate_employee', message: `${line.email} already appears on row ${firstRow}.` });
      continue;
    }
    seen.set(line.email, line.row);
    if (!employee) {
      errors.push({ row: line.row, field: 'employee_email', code: 'not_an_employee', message: `${line.email || '(empty)'} is not a current member of this organisation.` });
      continue;
    }
    if (line.netSalary <= 0n) {
      errors.push({ row: line.row, field: 'net_salary', code: 'invalid_amount', message: 'The net salary must be above zero.' });
      continue;
    }
    plan.totalNet += line.netSalary;
    if (employee.shareBp === undefined) {
      plan.skipped.push({ row: line.row, email: line.email, personId: employee.personId, displayName: employee.displayName, reason: 'not_opted_in' });
      continue;
    }
    const converted = convertedAmount(line.netSalary, employee.shareBp);
    if (converted === 0n) {
      plan.skipped.push({ row: line.row, email: line.email, personId: employee.personId, displayName: employee.displayName, reason: 'share_too_small' });
      continue;
    }
    plan.lines.push({ row: line.row, email: line.email, personId: employee.personId, displayName: employee.displayName, netSalary: line.netSalary, shareBp: employee.shareBp, converted });
    plan.totalConverted += converted;
  }
  if (errors.length > 0) throw invalidCsv(errors);
  return plan;
}

export function requireValidPeriod(period: string): void {
  if (!isValidPeriod(period)) throw invalidInput([{ field: 'period', code: 'invalid_period', message: 'The period is a month written YYYY-MM.' }]);
}
