import type { CommitmentStatus } from './commitment-model.js';
import { COMMITMENT_EXPORT_COLUMNS, csvLine, csvText } from './commitments-csv.js';
import type { DecisionMethod, TaskForceStatus } from './model.js';

/** One commitment as published: what it is, whose it is, how far it is, whether it is late. */
export interface CommitmentOpenData {
  id: string;
  organisationId: string;
  organisationName: string;
  organisationSiret: string | null;
  taskForceId: string | null;
  taskForceName: string | null;
  statement: string;
  indicatorCode: string | null;
  targetValue: number | null;
  unit: string | null;
  deadline: string | null;
  milestoneDate: string | null;
  weight: number;
  status: CommitmentStatus;
  progress: number;
  late: boolean;
  createdAt: string;
  updatedAt: string;
}

/** One task force as published, with the roll-up of its commitments. */
export interface TaskForceOpenData {
  id: string;
  name: string;
  mission: string;
  status: TaskForceStatus;
  decisionMethod: DecisionMethod;
  quorumPercent: number;
  /** Euro cents. */
  plannedBudget: number;
  progress: number | null;
  /** Sum of the weights of its commitments that count (not abandoned). */
  weightTotal: number;
  commitments: number;
  planned: number;
  inProgress: number;
  done: number;
  abandoned: number;
  late: number;
  leads: string[];
  members: number;
  createdAt: string;
  updatedAt: string;
}

export interface OpenDataDocument<T> {
  territory: string;
  generatedAt: string;
  count: number;
  items: T[];
}

const text = (v: string | null) => csvText(v ?? '');
const number = (v: number | null) => (v === null ? '' : String(v));

/** The CSV the import reads back: `organisation` is the SIRET (the id for an organisation without one), `task_force` the name. */
export function commitmentsCsv(items: readonly CommitmentOpenData[]): string {
  const lines = [csvLine(COMMITMENT_EXPORT_COLUMNS)];
  for (const c of items) {
    lines.push(
      csvLine([
        text(c.id),
        text(c.organisationSiret ?? c.organisationId),
        text(c.organisationName),
        text(c.taskForceName),
        text(c.taskForceId),
        text(c.statement),
        text(c.indicatorCode),
        number(c.targetValue),
        text(c.unit),
        text(c.deadline),
        text(c.milestoneDate),
        String(c.weight),
        c.status,
        String(c.progress),
        c.late ? 'true' : 'false',
        c.createdAt,
        c.updatedAt,
      ]),
    );
  }
  return lines.join('');
}

export const TASK_FORCE_EXPORT_COLUMNS = [
  'id',
  'name',
  'mission',
  'status',
  'decision_method',
  'quorum_percent',
  'planned_budget_eur',
  'progress',
  'weight_total',
  'commitments',
  'planned',
  'in_progress',
  'done',
  'abandoned',
  'late',
  'leads',
  'members',
  'created_at',
  'updated_at',
] as const;

const euros = (cents: number) => `${Math.trunc(cents / 100)}.${String(Math.abs(cents % 100)).padStart(2, '0')}`;

export function taskForcesCsv(items: readonly TaskForceOpenData[]): string {
  const lines = [csvLine(TASK_FORCE_EXPORT_COLUMNS)];
  for (const t of items) {
    lines.push(
      csvLine([
        text(t.id),
        text(t.name),
        text(t.mission),
        t.status,
        t.decisionMethod,
        String(t.quorumPercent),
        euros(t.plannedBudget),
        t.progress === null ? '' : t.progress.toFixed(2),
        String(t.weightTotal),
        String(t.commitments),
        String(t.planned),
        String(t.inProgress),
        String(t.done),
        String(t.abandoned),
        String(t.late),
        text(t.leads.join(' ; ')),
        String(t.members),
        t.createdAt,
        t.updatedAt,
      ]),
    );
  }
  return lines.join('');
}
