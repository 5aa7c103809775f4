import { sql } from 'kysely';
import type { Executor } from '../../platform/db/transaction.js';
import type { PactTables } from './migrations.js';
import { bulkInsert } from '../../platform/db/bulk.js';
import { toSafeNumber } from '../../platform/db/dialect.js';
import type { Commitment, CommitmentStatus, CommitmentUpdate } from './commitment-model.js';

type CommitmentRow = Omit<PactTables['commitments'], 'territory_id'>;
type UpdateRow = Omit<PactTables['commitment_updates'], 'territory_id' | 'commitment_id'>;

/** Weighted progress and counts of a set of commitments, summed by the database. */
export interface RollUpSums {
  /** Sum of the weights of commitments not abandoned. */
  weights: number;
  /** Sum of weight × progress of commitments not abandoned. */
  weighted: number;
  counts: Record<CommitmentStatus, number> & { late: number };
}

export const emptySums = (): RollUpSums => ({ weights: 0, weighted: 0, counts: { planned: 0, in_progress: 0, done: 0, abandoned: 0, late: 0 } });

/** Null when nothing counts, as rollUpProgress. */
export const progressOf = (s: RollUpSums): number | null => (s.weights === 0 ? null : s.weighted / s.weights);

const COMMITMENT_COLUMNS = [
  'territory_id', 'id', 'owner_organisation_id', 'task_force_id', 'statement', 'indicator_code', 'target_value', 'unit', 'deadline',
  'milestone_date', 'weight', 'status', 'progress', 'created_at', 'updated_at',
] as const;

const UPDATE_COLUMNS = [
  'territory_id', 'id', 'commitment_id', 'progress', 'status', 'note', 'evidence_url', 'recorded_at', 'recorded_by',
  'evidence_sha256', 'evidence_size', 'evidence_media_type', 'evidence_name',
] as const;

const rowOfCommitment = (territoryId: string, c: Commitment) => ({
  territory_id: territoryId,
  id: c.id,
  owner_organisation_id: c.ownerOrganisationId,
  task_force_id: c.taskForceId,
  statement: c.statement,
  indicator_code: c.target?.indicatorCode ?? null,
  target_value: c.target?.value ?? null,
  unit: c.target?.unit ?? null,
  deadline: c.target?.deadline ?? null,
  milestone_date: c.milestoneDate,
  weight: BigInt(c.weight),
  status: c.status,
  progress: BigInt(c.progress),
  created_at: c.createdAt,
  updated_at: c.updatedAt,
});

const rowOfUpdate = (territoryId: string, commitmentId: string, u: CommitmentUpdate) => ({
  territory_id: territoryId,
  id: u.id,
  commitment_id: commitmentId,
  progress: BigInt(u.progress),
  status: u.status,
  note: u.note,
  evidence_url: u.evidenceUrl,
  recorded_at: u.recordedAt,
  recorded_by: u.recordedBy,
  evidence_sha256: u.evidenceFile?.sha256 ?? null,
  evidence_size: u.evidenceFile ? BigInt(u.evidenceFile.size) : null,
  evidence_media_type: u.evidenceFile?.mediaType ?? null,
  evidence_name: u.evidenceFile?.name ?? null,
});

const toUpdate = (r: UpdateRow): CommitmentUpdate => ({
  id: r.id,
  progress: toSafeNumber(r.progress),
  status: r.status as CommitmentStatus,
  note: r.note,
  evidenceUrl: r.evidence_url,
  evidenceFile:
    r.evidence_sha256 !== null
      ? { sha256: r.evidence_sha256, size: toSafeNumber(r.evidence_size), mediaType: r.evidence_media_type ?? 'application/octet-stream', name: r.evidence_name ?? r.evidence_sha256 }
      : null,
  recordedAt: r.recorded_at,
  recordedBy: r.recorded_by,
});

const updateColumns = ['id', 'progress', 'status', 'note', 'evidence_url', 'recorded_at', 'recorded_by', 'evidence_sha256', 'evidence_size', 'evidence_media_type', 'evidence_name'] as const;

const toCommitment = (r: CommitmentRow): Commitment => ({
  id: r.id,
  ownerOrganisationId: r.owner_organisation_id,
  taskForceId: r.task_force_id,
  statement: r.statement,
  target:
    r.indicator_code !== null && r.target_value !== null && r.unit !== null && r.deadline !== null
      ? { indicatorCode: r.indicator_code, value: r.target_value, unit: r.unit, deadline: r.deadline }
      : null,
  milestoneDate: r.milestone_date,
  weight: toSafeNumber(r.weight),
  status: r.status as CommitmentStatus,
  progress: toSafeNumber(r.progress),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export const commitmentsRepository = {
  async insertCommitment(db: Executor, territoryId: string, c: Commitment): Promise<void> {
    await db.insertInto('commitments').values(rowOfCommitment(territoryId, c)).execute();
  },

  /** Many commitments at once (an import), each with its first update when it has one. */
  async insertCommitments(db: Executor, territoryId: string, items: readonly { commitment: Commitment; update: CommitmentUpdate | null }[]): Promise<void> {
    const values = (row: Record<string, unknown>, columns: readonly string[]) => columns.map((c) => row[c]);
    await bulkInsert(db, 'commitments', COMMITMENT_COLUMNS, items.map((i) => values(rowOfCommitment(territoryId, i.commitment), COMMITMENT_COLUMNS)));
    const updates = items.filter((i) => i.update !== null);
    await bulkInsert(db, 'commitment_updates', UPDATE_COLUMNS, updates.map((i) => values(rowOfUpdate(territoryId, i.commitment.id, i.update!), UPDATE_COLUMNS)));
  },

  /** The fields an edit changes; status and progress move only through updates. */
  async updateCommitmentFields(db: Executor, territoryId: string, c: Commitment): Promise<void> {
    const { statement, indicator_code, target_value, unit, deadline, milestone_date, weight, task_force_id, updated_at } = rowOfCommitment(territoryId, c);
    await db
      .updateTable('commitments')
      .set({ statement, indicator_code, target_value, unit, deadline, milestone_date, weight, task_force_id, updated_at })
      .where('territory_id', '=', territoryId)
      .where('id', '=', c.id)
      .execute();
  },

  async findCommitment(db: Executor, territoryId: string, id: string): Promise<Commitment | undefined> {
    const row = await db.selectFrom('commitments').selectAll().where('territory_id', '=', territoryId).where('id', '=', id).executeTakeFirst();
    return row && toCommitment(row);
  },

  async listCommitments(
    db: Executor,
    territoryId: string,
    filter: { taskForceId?: string; organisationId?: string; status?: CommitmentStatus } = {},
  ): Promise<Commitment[]> {
    const rows = await db
      .selectFrom('commitments')
      .selectAll()
      .where('territory_id', '=', territoryId)
      .$if(filter.taskForceId !== undefined, (q) => q.where('task_force_id', '=', filter.taskForceId!))
      .$if(filter.organisationId !== undefined, (q) => q.where('owner_organisation_id', '=', filter.organisationId!))
      .$if(filter.status !== undefined, (q) => q.where('status', '=', filter.status!))
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toCommitment);
  },

  /** The history row is written first; the commitment keeps the latest state for lists and roll-ups. */
  async recordUpdate(db: Executor, territoryId: string, commitmentId: string, u: CommitmentUpdate): Promise<void> {
    await db.insertInto('commitment_updates').values(rowOfUpdate(territoryId, commitmentId, u)).execute();
    await db
      .updateTable('commitments')
      .set({ progress: BigInt(u.progress), status: u.status, updated_at: u.recordedAt })
      .where('territory_id', '=', territoryId)
      .where('id', '=', commitmentId)
      .execute();
  },

  /** Each commitment's last recorded status and progress at an instant (those updated by then only). */
  async statesAt(db: Executor, territoryId: string, instant: string): Promise<Map<string, { status: CommitmentStatus; progress: number }>> {
    const rows = await db
      .selectFrom('commitment_updates')
      .select(['commitment_id', 'status', 'progress'])
      .where('territory_id', '=', territoryId)
      .where('recorded_at', '<=', instant)
      .orderBy('recorded_at')
      .orderBy('id')
      .execute();
    return new Map(rows.map((r) => [r.commitment_id, { status: r.status as CommitmentStatus, progress: toSafeNumber(r.progress) }]));
  },

  /** Oldest first; ids are UUIDv7, so their order is the order of recording. */
  async listUpdates(db: Executor, territoryId: string, commitmentId: string): Promise<CommitmentUpdate[]> {
    const rows = await db
      .selectFrom('commitment_updates')
      .select(updateColumns)
      .where('territory_id', '=', territoryId)
      .where('commitment_id', '=', commitmentId)
      .orderBy('recorded_at')
      .orderBy('id')
      .execute();
    return rows.map(toUpdate);
  },

  async findUpdate(db: Executor, territoryId: string, commitmentId: string, updateId: string): Promise<CommitmentUpdate | undefined> {
    const row = await db
      .selectFrom('commitment_updates')
      .select(updateColumns)
      .where('territory_id', '=', territoryId)
      .where('commitment_id', '=', commitmentId)
      .where('id', '=', updateId)
      .executeTakeFirst();
    return row && toUpdate(row);
  },

  /**
   * The roll-up computed by the database, grouped by task force (null: commitments outside any):
   * weights and weight × progress of those not abandoned, counts by status, and how many are late on
   * `today`. One pass over the territory's commitments, however many there are.
   */
  async rollUp(db: Executor, territoryId: string, today: string, taskForceId?: string): Promise<Map<string | null, RollUpSums>> {
    const count = (condition: ReturnType<typeof sql>) => sql<bigint>`cast(sum(case when ${condition} then 1 else 0 end) as bigint)`;
    const rows = await db
      .selectFrom('commitments')
      .select([
        'task_force_id',
        sql<bigint>`cast(sum(case when status <> 'abandoned' then weight else 0 end) as bigint)`.as('weights'),
        sql<bigint>`cast(sum(case when status <> 'abandoned' then weight * progress else 0 end) as bigint)`.as('weighted'),
        count(sql`status = 'planned'`).as('planned'),
        count(sql`status = 'in_progress'`).as('in_progress'),
        count(sql`status = 'done'`).as('done'),
        count(sql`status = 'abandoned'`).as('abandoned'),
        count(sql`status in ('planned', 'in_progress') and coalesce(deadline, milestone_date) < ${today}`).as('late'),
      ])
      .where('territory_id', '=', territoryId)
      .$if(taskForceId !== undefined, (q) => q.where('task_force_id', '=', taskForceId!))
      .groupBy('task_force_id')
      .execute();
    return new Map(
      rows.map((r) => [
        r.task_force_id,
        {
          weights: toSafeNumber(r.weights),
          weighted: toSafeNumber(r.weighted),
          counts: {
            planned: toSafeNumber(r.planned),
            in_progress: toSafeNumber(r.in_progress),
            done: toSafeNumber(r.done),
            abandoned: toSafeNumber(r.abandoned),
            late: toSafeNumber(r.late),
          },
        },
      ]),
    );
  },

  /** Open commitments past their due date on `today` that have not been announced late for that date. */
  async unannouncedLate(db: Executor, territoryId: string, today: string): Promise<Commitment[]> {
    const rows = await db
      .selectFrom('commitments as c')
      .selectAll('c')
      .where('c.territory_id', '=', territoryId)
      .where('c.status', 'in', ['planned', 'in_progress'])
      .where(sql<string>`coalesce(c.deadline, c.milestone_date)`, '<', today)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('commitment_late_announcements as a')
              .select('a.commitment_id')
              .whereRef('a.territory_id', '=', 'c.territory_id')
              .whereRef('a.commitment_id', '=', 'c.id')
              .where('a.due_date', '=', sql<string>`coalesce(c.deadline, c.milestone_date)`),
          ),
        ),
      )
      .orderBy('c.created_at')
      .orderBy('c.id')
      .execute();
    return rows.map(({ territory_id: _t, ...r }) => toCommitment(r));
  },

  /** Records that a commitment was announced late for this due date; false if it already was. */
  async announceLate(db: Executor, territoryId: string, commitmentId: string, dueDate: string, at: string): Promise<boolean> {
    const result = await db
      .insertInto('commitment_late_announcements')
      .values({ territory_id: territoryId, commitment_id: commitmentId, due_date: dueDate, announced_at: at })
      .onConflict((oc) => oc.columns(['territory_id', 'commitment_id', 'due_date']).doNothing())
      .executeTakeFirst();
    return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
  },
};
