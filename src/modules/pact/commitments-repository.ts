import type { Executor } from '../../platform/db/transaction.js';
import type { PactTables } from './migrations.js';
import { toSafeNumber } from '../../platform/db/dialect.js';
import type { Commitment, CommitmentStatus, CommitmentUpdate } from './commitment-model.js';

type CommitmentRow = Omit<PactTables['commitments'], 'territory_id'>;

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
    await db
      .insertInto('commitments')
      .values({
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
      })
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
    await db
      .insertInto('commitment_updates')
      .values({
        territory_id: territoryId,
        id: u.id,
        commitment_id: commitmentId,
        progress: BigInt(u.progress),
        status: u.status,
        note: u.note,
        evidence_url: u.evidenceUrl,
        recorded_at: u.recordedAt,
        recorded_by: u.recordedBy,
      })
      .execute();
    await db
      .updateTable('commitments')
      .set({ progress: BigInt(u.progress), status: u.status, updated_at: u.recordedAt })
      .where('territory_id', '=', territoryId)
      .where('id', '=', commitmentId)
      .execute();
  },

  /** Oldest first; ids are UUIDv7, so their order is the order of recording. */
  async listUpdates(db: Executor, territoryId: string, commitmentId: string): Promise<CommitmentUpdate[]> {
    const rows = await db
      .selectFrom('commitment_updates')
      .select(['id', 'progress', 'status', 'note', 'evidence_url', 'recorded_at', 'recorded_by'])
      .where('territory_id', '=', territoryId)
      .where('commitment_id', '=', commitmentId)
      .orderBy('recorded_at')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      progress: toSafeNumber(r.progress),
      status: r.status as CommitmentStatus,
      note: r.note,
      evidenceUrl: r.evidence_url,
      recordedAt: r.recorded_at,
      recordedBy: r.recorded_by,
    }));
  },
};
