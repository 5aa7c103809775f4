import type { FieldError } from '../../platform/errors.js';

export interface Objective {
  /** Stable across versions, so that a diff tells a changed objective from a replaced one. */
  id: string;
  title: string;
  indicatorCode: string | null;
  baseline: number | null;
  targetValue: number | null;
  unit: string | null;
  targetYear: number | null;
}

export interface VisionVersion {
  version: number;
  statement: string;
  objectives: Objective[];
  publishedAt: string;
  publishedBy: string | null;
  /** Why it was published, when the publisher said (a yearly workshop's adjustment records it). */
  reason: string | null;
}

export type ObjectiveField = Exclude<keyof Objective, 'id'>;
const OBJECTIVE_FIELDS: readonly ObjectiveField[] = ['title', 'indicatorCode', 'baseline', 'targetValue', 'unit', 'targetYear'];

export interface VisionDiff {
  from: number;
  to: number;
  statementChanged: boolean;
  statement: { before: string; after: string } | null;
  added: Objective[];
  removed: Objective[];
  changed: { id: string; title: string; fields: { field: ObjectiveField; before: unknown; after: unknown }[] }[];
}

/** What changed from one version of the vision to another; objectives are matched by id. */
export function diffVisions(from: Pick<VisionVersion, 'version' | 'statement' | 'objectives'>, to: Pick<VisionVersion, 'version' | 'statement' | 'objectives'>): VisionDiff {
  const before = new Map(from.objectives.map((o) => [o.id, o]));
  const after = new Map(to.objectives.map((o) => [o.id, o]));
  const changed: VisionDiff['changed'] = [];
  for (const o of to.objectives) {
    const old = before.get(o.id);
    if (!old) continue;
    const fields = OBJECTIVE_FIELDS.filter((f) => old[f] !== o[f]).map((field) => ({ field, before: old[field], after: o[field] }));
    if (fields.length > 0) changed.push({ id: o.id, title: o.title, fields });
  }
  const statementChanged = from.statement !== to.statement;
  return {
    from: from.version,
    to: to.version,
    statementChanged,
    statement: statementChanged ? { before: from.statement, after: to.statement } : null,
    added: to.objectives.filter((o) => !before.has(o.id)),
    removed: from.objectives.filter((o) => !after.has(o.id)),
    changed,
  };
}

export function validateVision(input: { statement: string; objectives: readonly Omit<Objective, 'id'>[] }): FieldError[] {
  const errors: FieldError[] = [];
  if (!input.statement.trim()) errors.push({ field: 'statement', code: 'required', message: 'The vision has a statement.' });
  input.objectives.forEach((o, i) => {
    if (!o.title.trim()) errors.push({ field: `objectives[${i}].title`, code: 'required', message: 'Each objective has a title.' });
    if (o.targetValue !== null && !o.unit) errors.push({ field: `objectives[${i}].unit`, code: 'required', message: 'A target value needs its unit.' });
    if (o.targetYear !== null && (!Number.isInteger(o.targetYear) || o.targetYear < 2000 || o.targetYear > 2100)) {
      errors.push({ field: `objectives[${i}].targetYear`, code: 'invalid_year', message: 'The target year is between 2000 and 2100.' });
    }
  });
  return errors;
}
