import type { FieldError } from '../../platform/errors.js';
import type { EvidenceFile } from './evidence-model.js';

export const COMMITMENT_STATUSES = ['planned', 'in_progress', 'done', 'abandoned'] as const;
export type CommitmentStatus = (typeof COMMITMENT_STATUSES)[number];

export interface CommitmentTarget {
  indicatorCode: string;
  value: number;
  unit: string;
  deadline: string;
}

export interface Commitment {
  id: string;
  ownerOrganisationId: string;
  taskForceId: string | null;
  statement: string;
  /** A measurable target, or else a milestone date: one of the two is set. */
  target: CommitmentTarget | null;
  milestoneDate: string | null;
  weight: number;
  status: CommitmentStatus;
  progress: number;
  createdAt: string;
  updatedAt: string;
}

export interface CommitmentUpdate {
  id: string;
  progress: number;
  status: CommitmentStatus;
  note: string | null;
  evidenceUrl: string | null;
  /** An uploaded file, kept by its SHA-256. */
  evidenceFile: EvidenceFile | null;
  recordedAt: string;
  recordedBy: string | null;
}

export interface CommitmentInput {
  statement: string;
  target?: CommitmentTarget | null;
  milestoneDate?: string | null;
  weight?: number;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const isDate = (s: string) => DATE.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

export function validateCommitment(input: CommitmentInput): FieldError[] {
  const errors: FieldError[] = [];
  if (!input.statement.trim()) errors.push({ field: 'statement', code: 'required', message: 'Say what the organisation commits to.' });
  const target = input.target ?? null;
  const milestone = input.milestoneDate ?? null;
  if ((target === null) === (milestone === null)) {
    errors.push({ field: 'target', code: 'target_or_milestone', message: 'Give either a measurable target (indicator, value, unit, deadline) or a milestone date.' });
  }
  if (target) {
    if (!target.indicatorCode.trim()) errors.push({ field: 'target.indicatorCode', code: 'required', message: 'The target names its indicator.' });
    if (!target.unit.trim()) errors.push({ field: 'target.unit', code: 'required', message: 'The target gives its unit.' });
    if (!Number.isFinite(target.value)) errors.push({ field: 'target.value', code: 'invalid_number', message: 'The target value is a number.' });
    if (!isDate(target.deadline)) errors.push({ field: 'target.deadline', code: 'invalid_date', message: 'The deadline is a date YYYY-MM-DD.' });
  }
  if (milestone !== null && !isDate(milestone)) errors.push({ field: 'milestoneDate', code: 'invalid_date', message: 'The milestone is a date YYYY-MM-DD.' });
  const weight = input.weight ?? 1;
  if (!Number.isInteger(weight) || weight < 1 || weight > 1000) errors.push({ field: 'weight', code: 'invalid_weight', message: 'The weight is a whole number from 1 to 1000.' });
  return errors;
}

export const dueDateOf = (c: Pick<Commitment, 'target' | 'milestoneDate'>): string | null => c.target?.deadline ?? c.milestoneDate;

/** Late is never stored: a commitment still open after its deadline or milestone (dates compared as YYYY-MM-DD). */
export function isLate(c: Pick<Commitment, 'target' | 'milestoneDate' | 'status'>, today: string): boolean {
  const due = dueDateOf(c);
  return due !== null && (c.status === 'planned' || c.status === 'in_progress') && due < today;
}

const OPEN: readonly CommitmentStatus[] = ['planned', 'in_progress'];

/**
 * The next state of a commitment after an update, or the fields at fault. Done and abandoned are
 * final (a new commitment is made instead); done means 100 %, and progress starts the work.
 */
export function applyCommitmentUpdate(
  current: Pick<Commitment, 'status' | 'progress'>,
  update: { progress?: number; status?: CommitmentStatus; evidenceUrl?: string | null },
): { ok: true; status: CommitmentStatus; progress: number } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  if (!OPEN.includes(current.status)) {
    errors.push({ field: 'status', code: 'commitment_closed', message: `The commitment is ${current.status}; it can no longer change.` });
  }
  if (update.progress !== undefined && (!Number.isInteger(update.progress) || update.progress < 0 || update.progress > 100)) {
    errors.push({ field: 'progress', code: 'invalid_progress', message: 'Progress is a whole percentage from 0 to 100.' });
  }
  if (update.evidenceUrl && !isHttpUrl(update.evidenceUrl)) {
    errors.push({ field: 'evidenceUrl', code: 'invalid_url', message: 'The evidence link is an http(s) address.' });
  }
  if (errors.length > 0) return { ok: false, errors };
  let status = update.status ?? current.status;
  let progress = update.progress ?? current.progress;
  if (status === 'done') progress = 100;
  else if (status === 'planned' && progress > 0 && update.status === undefined) status = 'in_progress';
  if (status === 'planned' && progress > 0) {
    return { ok: false, errors: [{ field: 'status', code: 'planned_with_progress', message: 'A commitment with progress is in progress, not planned.' }] };
  }
  return { ok: true, status, progress };
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/**
 * Weighted mean progress of commitments (Decidim's accountability roll-up): abandoned ones do not
 * count, so giving up on a commitment neither drags the others down nor lifts them. Null when nothing counts.
 */
export function rollUpProgress(items: readonly Pick<Commitment, 'weight' | 'progress' | 'status'>[]): number | null {
  let weights = 0;
  let weighted = 0;
  for (const c of items) {
    if (c.status === 'abandoned') continue;
    weights += c.weight;
    weighted += c.weight * c.progress;
  }
  return weights === 0 ? null : weighted / weights;
}

export function countByStatus(items: readonly Pick<Commitment, 'status'>[]): Record<CommitmentStatus, number> {
  const counts: Record<CommitmentStatus, number> = { planned: 0, in_progress: 0, done: 0, abandoned: 0 };
  for (const c of items) counts[c.status] += 1;
  return counts;
}

/** What the owner may still change in an open commitment; its progress moves through updates instead. */
export interface CommitmentPatch {
  statement?: string;
  target?: CommitmentTarget | null;
  milestoneDate?: string | null;
  weight?: number;
  taskForceId?: string | null;
}

/**
 * The commitment after an edit, or every field at fault. Giving a target alone replaces a milestone,
 * and a milestone alone replaces a target, so switching from one to the other is a single edit.
 */
export function applyCommitmentPatch(current: Commitment, patch: CommitmentPatch): { ok: true; value: Commitment } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  if (!OPEN.includes(current.status)) {
    errors.push({ field: 'status', code: 'commitment_closed', message: `The commitment is ${current.status}; it can no longer change.` });
  }
  let target = patch.target !== undefined ? patch.target : current.target;
  let milestoneDate = patch.milestoneDate !== undefined ? patch.milestoneDate : current.milestoneDate;
  if (patch.target && patch.milestoneDate === undefined) milestoneDate = null;
  if (patch.milestoneDate && patch.target === undefined) target = null;
  const next: Commitment = {
    ...current,
    statement: patch.statement !== undefined ? patch.statement.trim() : current.statement,
    target,
    milestoneDate,
    weight: patch.weight ?? current.weight,
    taskForceId: patch.taskForceId !== undefined ? patch.taskForceId : current.taskForceId,
  };
  errors.push(...validateCommitment(next));
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: next };
}

/**
 * The fields of an update sent as a form (multipart, with a file): text that must read as the JSON
 * body's typed values, or the fields at fault.
 */
export function updateFromForm(fields: Readonly<Record<string, string>>): { ok: true; value: { progress?: number; status?: CommitmentStatus; note?: string; evidenceUrl?: string } } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const value: { progress?: number; status?: CommitmentStatus; note?: string; evidenceUrl?: string } = {};
  for (const name of Object.keys(fields)) {
    if (!['progress', 'status', 'note', 'evidenceUrl'].includes(name)) errors.push({ field: name, code: 'unknown_field', message: `Unknown field "${name}"; the fields are progress, status, note, evidenceUrl and file.` });
  }
  const progress = fields.progress?.trim();
  if (progress) {
    if (/^\d{1,3}$/.test(progress)) value.progress = Number(progress);
    else errors.push({ field: 'progress', code: 'invalid_progress', message: 'Progress is a whole percentage from 0 to 100.' });
  }
  const status = fields.status?.trim();
  if (status) {
    if ((COMMITMENT_STATUSES as readonly string[]).includes(status)) value.status = status as CommitmentStatus;
    else errors.push({ field: 'status', code: 'invalid_status', message: `The status is one of ${COMMITMENT_STATUSES.join(', ')}.` });
  }
  if (fields.note?.trim()) value.note = fields.note.slice(0, 5000);
  if (fields.evidenceUrl?.trim()) value.evidenceUrl = fields.evidenceUrl.trim().slice(0, 2000);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value };
}
