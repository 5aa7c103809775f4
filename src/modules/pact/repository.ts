import type { Executor } from '../../platform/db/transaction.js';
import type { PactTables } from './migrations.js';
import { toSafeNumber } from '../../platform/db/dialect.js';
import { horizonEndOf, type Pact, type PactStatus } from './model.js';
import type { Objective, VisionVersion } from './vision-model.js';

type PactRow = Omit<PactTables['pacts'], 'territory_id' | 'updated_at'>;

const toPact = (r: PactRow): Pact => {
  const start = toSafeNumber(r.horizon_start_year);
  return { id: r.id, title: r.title, horizonStartYear: start, horizonEndYear: horizonEndOf(start), status: r.status as PactStatus, createdAt: r.created_at, signedAt: r.signed_at };
};

const nullableNumber = (v: bigint | null) => (v === null ? null : toSafeNumber(v));

/** The Pact, its signatures and the versions of its vision. */
export const pactRepository = {
  async findPact(db: Executor, territoryId: string): Promise<Pact | undefined> {
    const row = await db
      .selectFrom('pacts')
      .select(['id', 'title', 'horizon_start_year', 'status', 'created_at', 'signed_at'])
      .where('territory_id', '=', territoryId)
      .executeTakeFirst();
    return row && toPact(row);
  },

  async insertPact(db: Executor, territoryId: string, pact: Pact): Promise<void> {
    await db
      .insertInto('pacts')
      .values({
        territory_id: territoryId,
        id: pact.id,
        title: pact.title,
        horizon_start_year: BigInt(pact.horizonStartYear),
        status: pact.status,
        created_at: pact.createdAt,
        signed_at: pact.signedAt,
        updated_at: pact.createdAt,
      })
      .execute();
  },

  async updatePact(db: Executor, territoryId: string, pact: Pact, updatedAt: string): Promise<void> {
    await db
      .updateTable('pacts')
      .set({ title: pact.title, horizon_start_year: BigInt(pact.horizonStartYear), status: pact.status, signed_at: pact.signedAt, updated_at: updatedAt })
      .where('territory_id', '=', territoryId)
      .execute();
  },

  async listSignatures(db: Executor, territoryId: string): Promise<{ organisationId: string; representativeId: string; signedOn: string }[]> {
    const rows = await db
      .selectFrom('pact_signatures')
      .select(['organisation_id', 'representative_id', 'signed_on'])
      .where('territory_id', '=', territoryId)
      .orderBy('signed_at')
      .orderBy('organisation_id')
      .execute();
    return rows.map((r) => ({ organisationId: r.organisation_id, representativeId: r.representative_id, signedOn: r.signed_on }));
  },

  async isSignatory(db: Executor, territoryId: string, organisationId: string): Promise<boolean> {
    const row = await db
      .selectFrom('pact_signatures')
      .select('organisation_id')
      .where('territory_id', '=', territoryId)
      .where('organisation_id', '=', organisationId)
      .executeTakeFirst();
    return row !== undefined;
  },

  async insertSignature(db: Executor, territoryId: string, s: { organisationId: string; representativeId: string; signedOn: string; signedAt: string }): Promise<void> {
    await db
      .insertInto('pact_signatures')
      .values({ territory_id: territoryId, organisation_id: s.organisationId, representative_id: s.representativeId, signed_on: s.signedOn, signed_at: s.signedAt })
      .execute();
  },

  async latestVisionNumber(db: Executor, territoryId: string): Promise<number> {
    const row = await db
      .selectFrom('vision_versions')
      .select('version')
      .where('territory_id', '=', territoryId)
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? toSafeNumber(row.version) : 0;
  },

  async insertVisionVersion(db: Executor, territoryId: string, v: VisionVersion): Promise<void> {
    await db
      .insertInto('vision_versions')
      .values({ territory_id: territoryId, version: BigInt(v.version), statement: v.statement, published_at: v.publishedAt, published_by: v.publishedBy, reason: v.reason })
      .execute();
    if (v.objectives.length === 0) return;
    await db
      .insertInto('vision_objectives')
      .values(
        v.objectives.map((o, i) => ({
          territory_id: territoryId,
          version: BigInt(v.version),
          position: BigInt(i),
          objective_id: o.id,
          title: o.title,
          indicator_code: o.indicatorCode,
          baseline: o.baseline,
          target_value: o.targetValue,
          unit: o.unit,
          target_year: o.targetYear === null ? null : BigInt(o.targetYear),
        })),
      )
      .execute();
  },

  /** Versions without their objectives, newest first. */
  async listVisionVersions(db: Executor, territoryId: string): Promise<Omit<VisionVersion, 'objectives'>[]> {
    const rows = await db
      .selectFrom('vision_versions')
      .select(['version', 'statement', 'published_at', 'published_by', 'reason'])
      .where('territory_id', '=', territoryId)
      .orderBy('version', 'desc')
      .execute();
    return rows.map((r) => ({ version: toSafeNumber(r.version), statement: r.statement, publishedAt: r.published_at, publishedBy: r.published_by, reason: r.reason }));
  },

  async findVisionVersion(db: Executor, territoryId: string, version: number): Promise<VisionVersion | undefined> {
    const head = await db
      .selectFrom('vision_versions')
      .select(['version', 'statement', 'published_at', 'published_by', 'reason'])
      .where('territory_id', '=', territoryId)
      .where('version', '=', BigInt(version))
      .executeTakeFirst();
    if (!head) return undefined;
    const rows = await db
      .selectFrom('vision_objectives')
      .select(['objective_id', 'title', 'indicator_code', 'baseline', 'target_value', 'unit', 'target_year'])
      .where('territory_id', '=', territoryId)
      .where('version', '=', BigInt(version))
      .orderBy('position')
      .execute();
    const objectives: Objective[] = rows.map((r) => ({
      id: r.objective_id,
      title: r.title,
      indicatorCode: r.indicator_code,
      baseline: r.baseline,
      targetValue: r.target_value,
      unit: r.unit,
      targetYear: nullableNumber(r.target_year),
    }));
    return { version: toSafeNumber(head.version), statement: head.statement, publishedAt: head.published_at, publishedBy: head.published_by, reason: head.reason, objectives };
  },
};
