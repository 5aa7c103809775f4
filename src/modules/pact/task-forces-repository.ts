import type { Executor } from '../../platform/db/transaction.js';
import type { PactTables } from './migrations.js';
import { toSafeNumber } from '../../platform/db/dialect.js';
import type { BudgetLine, Criterion, CriterionDimension, DecisionMethod, TaskForce, TaskForceMember, TaskForceRole, TaskForceStatus } from './model.js';

type TaskForceRow = Omit<PactTables['task_forces'], 'territory_id'>;

const columns = ['id', 'name', 'mission', 'decision_method', 'quorum_percent', 'status', 'created_at', 'updated_at'] as const;

export const taskForcesRepository = {
  async insertTaskForce(db: Executor, territoryId: string, tf: TaskForce): Promise<void> {
    await db
      .insertInto('task_forces')
      .values({
        territory_id: territoryId,
        id: tf.id,
        name: tf.name,
        mission: tf.mission,
        decision_method: tf.governance.method,
        quorum_percent: BigInt(tf.governance.quorumPercent),
        status: tf.status,
        created_at: tf.createdAt,
        updated_at: tf.updatedAt,
      })
      .execute();
    await this.replaceCriteriaAndBudget(db, territoryId, tf);
  },

  async updateTaskForce(db: Executor, territoryId: string, tf: TaskForce): Promise<void> {
    await db
      .updateTable('task_forces')
      .set({
        name: tf.name,
        mission: tf.mission,
        decision_method: tf.governance.method,
        quorum_percent: BigInt(tf.governance.quorumPercent),
        status: tf.status,
        updated_at: tf.updatedAt,
      })
      .where('territory_id', '=', territoryId)
      .where('id', '=', tf.id)
      .execute();
    await this.replaceCriteriaAndBudget(db, territoryId, tf);
  },

  /** Criteria and budget lines are the task force's current plan; each change is in the audit trail. */
  async replaceCriteriaAndBudget(db: Executor, territoryId: string, tf: TaskForce): Promise<void> {
    await db.deleteFrom('task_force_criteria').where('territory_id', '=', territoryId).where('task_force_id', '=', tf.id).execute();
    await db.deleteFrom('task_force_budget_lines').where('territory_id', '=', territoryId).where('task_force_id', '=', tf.id).execute();
    const criteria = [
      ...tf.socialCriteria.map((c, i) => ({ c, i, dimension: 'social' })),
      ...tf.environmentalCriteria.map((c, i) => ({ c, i, dimension: 'environmental' })),
    ];
    if (criteria.length > 0) {
      await db
        .insertInto('task_force_criteria')
        .values(
          criteria.map(({ c, i, dimension }) => ({
            territory_id: territoryId,
            task_force_id: tf.id,
            dimension,
            position: BigInt(i),
            statement: c.statement,
            threshold: c.threshold,
            unit: c.unit,
            indicator_code: c.indicatorCode,
          })),
        )
        .execute();
    }
    if (tf.budgetLines.length > 0) {
      await db
        .insertInto('task_force_budget_lines')
        .values(
          tf.budgetLines.map((l, i) => ({
            territory_id: territoryId,
            task_force_id: tf.id,
            position: BigInt(i),
            label: l.label,
            category: l.category,
            planned_amount: l.plannedAmount,
          })),
        )
        .execute();
    }
  },

  async findTaskForce(db: Executor, territoryId: string, id: string): Promise<TaskForce | undefined> {
    return (await this.listTaskForces(db, territoryId, [id]))[0];
  },

  /** Every task force of the territory (or those of `ids`), by name, with criteria and budget lines. */
  async listTaskForces(db: Executor, territoryId: string, ids?: readonly string[]): Promise<TaskForce[]> {
    if (ids && ids.length === 0) return [];
    const rows: TaskForceRow[] = await db
      .selectFrom('task_forces')
      .select(columns)
      .where('territory_id', '=', territoryId)
      .$if(ids !== undefined, (q) => q.where('id', 'in', [...ids!]))
      .orderBy('name')
      .orderBy('id')
      .execute();
    if (rows.length === 0) return [];
    const taskForceIds = rows.map((r) => r.id);
    const criteria = await db
      .selectFrom('task_force_criteria')
      .selectAll()
      .where('territory_id', '=', territoryId)
      .where('task_force_id', 'in', taskForceIds)
      .orderBy('position')
      .execute();
    const lines = await db
      .selectFrom('task_force_budget_lines')
      .selectAll()
      .where('territory_id', '=', territoryId)
      .where('task_force_id', 'in', taskForceIds)
      .orderBy('position')
      .execute();
    const criteriaOf = (id: string, dimension: CriterionDimension): Criterion[] =>
      criteria
        .filter((c) => c.task_force_id === id && c.dimension === dimension)
        .map((c) => ({ statement: c.statement, threshold: c.threshold, unit: c.unit, indicatorCode: c.indicator_code }));
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      mission: r.mission,
      governance: { method: r.decision_method as DecisionMethod, quorumPercent: toSafeNumber(r.quorum_percent) },
      socialCriteria: criteriaOf(r.id, 'social'),
      environmentalCriteria: criteriaOf(r.id, 'environmental'),
      budgetLines: lines.filter((l) => l.task_force_id === r.id).map((l): BudgetLine => ({ label: l.label, category: l.category, plannedAmount: BigInt(l.planned_amount) })),
      status: r.status as TaskForceStatus,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    }));
  },

  async listMembers(db: Executor, territoryId: string, taskForceId: string): Promise<TaskForceMember[]> {
    const rows = await db
      .selectFrom('task_force_members')
      .select(['member_type', 'member_id', 'role', 'since'])
      .where('territory_id', '=', territoryId)
      .where('task_force_id', '=', taskForceId)
      .orderBy('since')
      .orderBy('member_id')
      .execute();
    return rows.map((r) => ({ memberType: r.member_type as TaskForceMember['memberType'], memberId: r.member_id, role: r.role as TaskForceRole, since: r.since }));
  },

  /** Adds a member, or changes the role of one already there. */
  async upsertMember(db: Executor, territoryId: string, taskForceId: string, m: TaskForceMember): Promise<void> {
    await db
      .insertInto('task_force_members')
      .values({ territory_id: territoryId, task_force_id: taskForceId, member_type: m.memberType, member_id: m.memberId, role: m.role, since: m.since })
      .onConflict((oc) => oc.columns(['territory_id', 'task_force_id', 'member_type', 'member_id']).doUpdateSet({ role: m.role }))
      .execute();
  },

  async deleteMember(db: Executor, territoryId: string, taskForceId: string, m: Pick<TaskForceMember, 'memberType' | 'memberId'>): Promise<void> {
    await db
      .deleteFrom('task_force_members')
      .where('territory_id', '=', territoryId)
      .where('task_force_id', '=', taskForceId)
      .where('member_type', '=', m.memberType)
      .where('member_id', '=', m.memberId)
      .execute();
  },
};
