import type { Executor } from '../../platform/db/transaction.js';
import { dialectOf, fromDbFlag, toDbFlag } from '../../platform/db/dialect.js';
import type { FundingTables } from './migrations.js';
import type { CampaignStatus, PledgeStatus } from './campaign-model.js';

export interface Campaign {
  id: string;
  taskForceId: string;
  projectId: string;
  title: string;
  description: string;
  /** Euro cents. */
  goal: bigint;
  deadline: string;
  allOrNothing: boolean;
  beneficiaryOrganisationId: string | null;
  status: CampaignStatus;
  createdBy: string | null;
  createdAt: string;
  openedAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
}

export interface Pledge {
  id: string;
  campaignId: string;
  pledgerType: 'person' | 'organisation';
  pledgerId: string;
  unit: string;
  amount: bigint;
  status: PledgeStatus;
  pendingTransferId: string | null;
  pledgedBy: string | null;
  createdAt: string;
  resolvedAt: string | null;
}

export interface MatchPool {
  id: string;
  taskForceId: string | null;
  funderOrganisationId: string | null;
  funderName: string;
  amount: bigint;
  ratioPledge: bigint;
  ratioMatch: bigint;
  capPerPledge: bigint | null;
  capPerProject: bigint | null;
  committed: bigint;
  status: 'open' | 'closed';
  createdBy: string | null;
  createdAt: string;
}

export interface Match {
  id: string;
  poolId: string;
  campaignId: string;
  projectId: string;
  pledgeId: string;
  pledgerType: string;
  pledgerId: string;
  amount: bigint;
  status: PledgeStatus;
  createdAt: string;
}

type CampaignRow = FundingTables['funding_campaigns'];
const toCampaign = (r: CampaignRow): Campaign => ({
  id: r.id,
  taskForceId: r.task_force_id,
  projectId: r.project_id,
  title: r.title,
  description: r.description,
  goal: r.goal,
  deadline: r.deadline,
  allOrNothing: fromDbFlag(r.all_or_nothing),
  beneficiaryOrganisationId: r.beneficiary_organisation_id,
  status: r.status as CampaignStatus,
  createdBy: r.created_by,
  createdAt: r.created_at,
  openedAt: r.opened_at,
  resolvedAt: r.resolved_at,
  closedAt: r.closed_at,
});

const toPledge = (r: FundingTables['funding_pledges']): Pledge => ({
  id: r.id,
  campaignId: r.campaign_id,
  pledgerType: r.pledger_type as Pledge['pledgerType'],
  pledgerId: r.pledger_id,
  unit: r.unit,
  amount: r.amount,
  status: r.status as PledgeStatus,
  pendingTransferId: r.pending_transfer_id,
  pledgedBy: r.pledged_by,
  createdAt: r.created_at,
  resolvedAt: r.resolved_at,
});

const toPool = (r: FundingTables['funding_match_pools']): MatchPool => ({
  id: r.id,
  taskForceId: r.task_force_id,
  funderOrganisationId: r.funder_organisation_id,
  funderName: r.funder_name,
  amount: r.amount,
  ratioPledge: r.ratio_pledge,
  ratioMatch: r.ratio_match,
  capPerPledge: r.cap_per_pledge,
  capPerProject: r.cap_per_project,
  committed: r.committed,
  status: r.status as MatchPool['status'],
  createdBy: r.created_by,
  createdAt: r.created_at,
});

const toMatch = (r: FundingTables['funding_matches']): Match => ({
  id: r.id,
  poolId: r.pool_id,
  campaignId: r.campaign_id,
  projectId: r.project_id,
  pledgeId: r.pledge_id,
  pledgerType: r.pledger_type,
  pledgerId: r.pledger_id,
  amount: r.amount,
  status: r.status as PledgeStatus,
  createdAt: r.created_at,
});

export const campaignsRepository = {
  async insertCampaign(db: Executor, territoryId: string, c: Campaign): Promise<void> {
    await db
      .insertInto('funding_campaigns')
      .values({
        territory_id: territoryId,
        id: c.id,
        task_force_id: c.taskForceId,
        project_id: c.projectId,
        title: c.title,
        description: c.description,
        goal: c.goal,
        deadline: c.deadline,
        all_or_nothing: toDbFlag(c.allOrNothing),
        beneficiary_organisation_id: c.beneficiaryOrganisationId,
        status: c.status,
        created_by: c.createdBy,
        created_at: c.createdAt,
        opened_at: c.openedAt,
        resolved_at: c.resolvedAt,
        closed_at: c.closedAt,
      })
      .execute();
  },

  async updateCampaign(db: Executor, territoryId: string, c: Campaign): Promise<void> {
    await db
      .updateTable('funding_campaigns')
      .set({
        title: c.title,
        description: c.description,
        goal: c.goal,
        deadline: c.deadline,
        all_or_nothing: toDbFlag(c.allOrNothing),
        beneficiary_organisation_id: c.beneficiaryOrganisationId,
        status: c.status,
        opened_at: c.openedAt,
        resolved_at: c.resolvedAt,
        closed_at: c.closedAt,
      })
      .where('territory_id', '=', territoryId)
      .where('id', '=', c.id)
      .execute();
  },

  /**
   * A campaign, optionally locked on PostgreSQL: `update` while it is being resolved, `share` while a
   * pledge is added, so that no pledge slips in after the deadline's count (SQLite has one writer).
   */
  async findCampaign(db: Executor, territoryId: string, id: string, lock?: 'update' | 'share'): Promise<Campaign | undefined> {
    const postgres = dialectOf(db) === 'postgres';
    const row = await db
      .selectFrom('funding_campaigns')
      .selectAll()
      .where('territory_id', '=', territoryId)
      .where('id', '=', id)
      .$if(postgres && lock === 'update', (q) => q.forUpdate())
      .$if(postgres && lock === 'share', (q) => q.forShare())
      .executeTakeFirst();
    return row && toCampaign(row);
  },

  async listCampaigns(db: Executor, territoryId: string, filter: { taskForceId?: string; projectId?: string; status?: CampaignStatus } = {}): Promise<Campaign[]> {
    const rows = await db
      .selectFrom('funding_campaigns')
      .selectAll()
      .where('territory_id', '=', territoryId)
      .$if(filter.taskForceId !== undefined, (q) => q.where('task_force_id', '=', filter.taskForceId!))
      .$if(filter.projectId !== undefined, (q) => q.where('project_id', '=', filter.projectId!))
      .$if(filter.status !== undefined, (q) => q.where('status', '=', filter.status!))
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    return rows.map(toCampaign);
  },

  /** Open campaigns past their deadline, in every territory (or one), oldest deadline first. */
  async dueCampaigns(db: Executor, now: string, territoryId?: string): Promise<{ territoryId: string; id: string }[]> {
    const rows = await db
      .selectFrom('funding_campaigns')
      .select(['territory_id', 'id'])
      .where('status', '=', 'open')
      .where('deadline', '<=', now)
      .$if(territoryId !== undefined, (q) => q.where('territory_id', '=', territoryId!))
      .orderBy('deadline')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({ territoryId: r.territory_id, id: r.id }));
  },

  // ── pledges ────────────────────────────────────────────────────────────────────────────────────

  async insertPledge(db: Executor, territoryId: string, p: Pledge): Promise<void> {
    await db
      .insertInto('funding_pledges')
      .values({
        territory_id: territoryId,
        id: p.id,
        campaign_id: p.campaignId,
        pledger_type: p.pledgerType,
        pledger_id: p.pledgerId,
        unit: p.unit,
        amount: p.amount,
        status: p.status,
        pending_transfer_id: p.pendingTransferId,
        pledged_by: p.pledgedBy,
        created_at: p.createdAt,
        resolved_at: p.resolvedAt,
      })
      .execute();
  },

  async findPledge(db: Executor, territoryId: string, id: string): Promise<Pledge | undefined> {
    const row = await db.selectFrom('funding_pledges').selectAll().where('territory_id', '=', territoryId).where('id', '=', id).executeTakeFirst();
    return row && toPledge(row);
  },

  async listPledges(db: Executor, territoryId: string, filter: { campaignIds?: readonly string[]; pledger?: { type: string; id: string } }): Promise<Pledge[]> {
    if (filter.campaignIds && filter.campaignIds.length === 0) return [];
    const rows = await db
      .selectFrom('funding_pledges')
      .selectAll()
      .where('territory_id', '=', territoryId)
      .$if(filter.campaignIds !== undefined, (q) => q.where('campaign_id', 'in', [...filter.campaignIds!]))
      .$if(filter.pledger !== undefined, (q) => q.where('pledger_type', '=', filter.pledger!.type).where('pledger_id', '=', filter.pledger!.id))
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toPledge);
  },

  async resolvePledges(db: Executor, territoryId: string, campaignId: string, status: PledgeStatus, at: string): Promise<void> {
    await db
      .updateTable('funding_pledges')
      .set({ status, resolved_at: at })
      .where('territory_id', '=', territoryId)
      .where('campaign_id', '=', campaignId)
      .where('status', '=', 'pledged')
      .execute();
    await db
      .updateTable('funding_matches')
      .set({ status })
      .where('territory_id', '=', territoryId)
      .where('campaign_id', '=', campaignId)
      .where('status', '=', 'pledged')
      .execute();
  },

  // ── matchfunding ───────────────────────────────────────────────────────────────────────────────

  async insertPool(db: Executor, territoryId: string, p: MatchPool): Promise<void> {
    await db
      .insertInto('funding_match_pools')
      .values({
        territory_id: territoryId,
        id: p.id,
        task_force_id: p.taskForceId,
        funder_organisation_id: p.funderOrganisationId,
        funder_name: p.funderName,
        amount: p.amount,
        ratio_pledge: p.ratioPledge,
        ratio_match: p.ratioMatch,
        cap_per_pledge: p.capPerPledge,
        cap_per_project: p.capPerProject,
        committed: p.committed,
        status: p.status,
        created_by: p.createdBy,
        created_at: p.createdAt,
      })
      .execute();
  },

  async setPoolStatus(db: Executor, territoryId: string, id: string, status: MatchPool['status']): Promise<void> {
    await db.updateTable('funding_match_pools').set({ status }).where('territory_id', '=', territoryId).where('id', '=', id).execute();
  },

  async listPools(db: Executor, territoryId: string, filter: { ids?: readonly string[] } = {}): Promise<MatchPool[]> {
    if (filter.ids && filter.ids.length === 0) return [];
    const rows = await db
      .selectFrom('funding_match_pools')
      .selectAll()
      .where('territory_id', '=', territoryId)
      .$if(filter.ids !== undefined, (q) => q.where('id', 'in', [...filter.ids!]))
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toPool);
  },

  /**
   * The open pools that match a campaign of this task force, locked on PostgreSQL in id order: two
   * pledges matched from one pool queue here, so the second sees what the first committed.
   */
  async lockPoolsFor(db: Executor, territoryId: string, taskForceId: string): Promise<MatchPool[]> {
    const rows = await db
      .selectFrom('funding_match_pools')
      .selectAll()
      .where('territory_id', '=', territoryId)
      .where('status', '=', 'open')
      .where((eb) => eb.or([eb('task_force_id', 'is', null), eb('task_force_id', '=', taskForceId)]))
      .orderBy('id')
      .$if(dialectOf(db) === 'postgres', (q) => q.forUpdate())
      .execute();
    return rows.map(toPool);
  },

  /** Locks pools by id (PostgreSQL), in id order, to release matches. */
  async lockPools(db: Executor, territoryId: string, ids: readonly string[]): Promise<void> {
    if (ids.length === 0 || dialectOf(db) !== 'postgres') return;
    await db.selectFrom('funding_match_pools').select('id').where('territory_id', '=', territoryId).where('id', 'in', [...ids]).orderBy('id').forUpdate().execute();
  },

  /** Moves a pool's committed total; the table's check refuses any total above the pool. */
  async addToPoolCommitted(db: Executor, territoryId: string, poolId: string, delta: bigint): Promise<void> {
    await db
      .updateTable('funding_match_pools')
      .set((eb) => ({ committed: eb('committed', '+', delta) }))
      .where('territory_id', '=', territoryId)
      .where('id', '=', poolId)
      .execute();
  },

  async insertMatch(db: Executor, territoryId: string, m: Match): Promise<void> {
    await db
      .insertInto('funding_matches')
      .values({
        territory_id: territoryId,
        id: m.id,
        pool_id: m.poolId,
        campaign_id: m.campaignId,
        project_id: m.projectId,
        pledge_id: m.pledgeId,
        pledger_type: m.pledgerType,
        pledger_id: m.pledgerId,
        amount: m.amount,
        status: m.status,
        created_at: m.createdAt,
      })
      .execute();
  },

  async listMatches(db: Executor, territoryId: string, filter: { campaignIds?: readonly string[]; poolId?: string; projectId?: string; pledgeIds?: readonly string[] }): Promise<Match[]> {
    if ((filter.campaignIds && filter.campaignIds.length === 0) || (filter.pledgeIds && filter.pledgeIds.length === 0)) return [];
    const rows = await db
      .selectFrom('funding_matches')
      .selectAll()
      .where('territory_id', '=', territoryId)
      .$if(filter.campaignIds !== undefined, (q) => q.where('campaign_id', 'in', [...filter.campaignIds!]))
      .$if(filter.pledgeIds !== undefined, (q) => q.where('pledge_id', 'in', [...filter.pledgeIds!]))
      .$if(filter.poolId !== undefined, (q) => q.where('pool_id', '=', filter.poolId!))
      .$if(filter.projectId !== undefined, (q) => q.where('project_id', '=', filter.projectId!))
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toMatch);
  },
};
