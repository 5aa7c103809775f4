import type { Executor } from '../../platform/db/transaction.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { appendAuditEvent } from '../../platform/audit/audit-trail.js';
import type { Actor } from '../../platform/auth/actor.js';
import { conflict, forbidden, invalidInput, notFound, ProblemError, unauthenticated } from '../../platform/errors.js';
import { systemClock, type Clock } from '../../platform/clock.js';
import { newId } from '../../platform/ids.js';
import { isUniqueViolation } from '../../platform/db/dialect.js';
import type { TerritoriesService } from '../territories/service.js';
import type { Grants, Territory } from '../territories/model.js';
import type { TaskForcesService } from '../pact/task-forces.js';
import type { ChronicleService } from '../pact/chronicle.js';
import type { CurrencyService } from '../currency/service.js';
import type { TransferError, TransferInput } from '../currency/ledger-model.js';
import { isValidIdempotencyKey, type Owner } from '../currency/model.js';
import { canManageFunding, canManageFundingSettings, canOpenMatchPool, canPledgeAs, type FundingLine } from './model.js';
import {
  campaignTotals,
  canMoveCampaign,
  matchFor,
  outcomeAtDeadline,
  validateCampaign,
  validateMatchPool,
  type CampaignStatus,
  type CampaignTotals,
} from './campaign-model.js';
import { campaignsRepository as repo, type Campaign, type Match, type MatchPool, type Pledge } from './campaigns-repository.js';
import { fundingRepository } from './repository.js';
import { formatEuros, type FundingService } from './service.js';

export type { Campaign, MatchPool, Pledge };

export interface CampaignView extends Campaign {
  projectName: string;
  totals: CampaignTotals;
  /** raised / goal in percent, one decimal. */
  progressPercent: number;
  /** Pledges in the local currency need an account to pay the raised money into: the beneficiary's. */
  acceptsLocalCurrency: boolean;
  currencyCode: string;
}

export interface PublicPledge {
  id: string;
  pledgerType: 'person' | 'organisation';
  /** An organisation's name; people stay anonymous on the public page. */
  pledgerName: string | null;
  unit: string;
  amount: bigint;
  matched: bigint;
  status: Pledge['status'];
  createdAt: string;
}

export interface CampaignDetail extends CampaignView {
  pools: { poolId: string; funderName: string; ratioPledge: bigint; ratioMatch: bigint; matched: bigint; status: MatchPool['status'] }[];
  pledges: PublicPledge[];
}

export interface PledgeView extends Pledge {
  matched: bigint;
  campaignTitle: string;
}

export interface PledgeInput {
  /** The pledger's Idempotency-Key, which becomes the pledge's id. */
  key: string;
  /** Default: the signed-in person. */
  pledger?: Owner;
  /** EUR (recorded) or `local`: the territory's currency, held in the ledger until the deadline. */
  currency: 'EUR' | 'local';
  amount: bigint;
}

export interface MatchPoolInput {
  taskForceId?: string | null;
  funderOrganisationId?: string | null;
  funderName?: string;
  amount: bigint;
  ratioPledge?: bigint;
  ratioMatch?: bigint;
  capPerPledge?: bigint | null;
  capPerProject?: bigint | null;
}

export interface CampaignResolution {
  campaignId: string;
  territoryId: string;
  title: string;
  outcome: 'succeeded' | 'failed';
  raised: bigint;
  goal: bigint;
}

/** The owner of a campaign's escrow account in the ledger (a currency-module holding account of kind `escrow`). */
export const escrowOwner = (campaignId: string): Owner => ({ type: 'system', id: `funding-escrow:${campaignId}` });
const pendingTransferIdOf = (pledgeId: string) => `funding-pledge/${pledgeId}`;

function ledgerRefused(code: TransferError): ProblemError {
  const messages: Partial<Record<TransferError, string>> = {
    insufficient_funds: 'Your balance in the local currency is not enough for this pledge.',
    account_frozen: 'This account is frozen by the currency operator.',
    account_closed: 'This account is closed.',
  };
  const message = messages[code] ?? `The ledger refused the pledge (${code}).`;
  return new ProblemError(422, code, message, [{ field: 'amount', code, message }]);
}

/**
 * Crowdfunding for projects, with matchfunding (Goteo): pledges in euros are recorded; pledges in the
 * local currency are held by a pending transfer into the campaign's escrow account, posted to the
 * project's holder when the campaign succeeds and voided when it fails, so nobody loses a cent.
 */
export class CampaignsService {
  constructor(
    private readonly db: Executor,
    private readonly territories: TerritoriesService,
    private readonly taskForces: TaskForcesService,
    private readonly currency: CurrencyService,
    private readonly funding: FundingService,
    private readonly chronicle: ChronicleService,
    private readonly clock: Clock = systemClock,
  ) {}

  // ── campaigns ──────────────────────────────────────────────────────────────────────────────────

  async create(
    actor: Actor,
    slug: string,
    projectId: string,
    input: { title: string; description?: string; goal: bigint; deadline: string; allOrNothing?: boolean; beneficiaryOrganisationId?: string | null },
  ): Promise<CampaignView> {
    const territory = await this.territories.requireTerritory(slug);
    const project = await this.funding.project(slug, projectId);
    await this.requireManager(actor, slug, territory, project.taskForceId);
    const errors = validateCampaign(input, this.clock(), true);
    const beneficiary = input.beneficiaryOrganisationId === undefined ? project.holderOrganisationId : input.beneficiaryOrganisationId;
    if (beneficiary && !(await this.territories.hasOrganisation(territory.id, beneficiary))) {
      errors.push({ field: 'beneficiaryOrganisationId', code: 'unknown_organisation', message: 'The beneficiary is one of the territory’s organisations.' });
    }
    if (errors.length > 0) throw invalidInput(errors);
    const campaign: Campaign = {
      id: newId(),
      taskForceId: project.taskForceId,
      projectId,
      title: input.title.trim(),
      description: (input.description ?? '').trim(),
      goal: input.goal,
      deadline: new Date(input.deadline).toISOString(),
      allOrNothing: input.allOrNothing ?? true,
      beneficiaryOrganisationId: beneficiary ?? null,
      status: 'draft',
      createdBy: actor.kind === 'person' ? actor.personId : null,
      createdAt: this.clock().toISOString(),
      openedAt: null,
      resolvedAt: null,
      closedAt: null,
    };
    await inTransaction(this.db, async (trx) => {
      await repo.insertCampaign(trx, territory.id, campaign);
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'funding.campaign_created', targetType: 'funding_campaign', targetId: campaign.id, change: { projectId, title: campaign.title, goal: campaign.goal, deadline: campaign.deadline, allOrNothing: campaign.allOrNothing } }, this.clock);
    });
    return this.view(slug, campaign);
  }

  /** A draft is edited freely; it opens (draft → open) or is dropped, and a resolved campaign is archived (→ closed). */
  async update(
    actor: Actor,
    slug: string,
    id: string,
    patch: { title?: string; description?: string; goal?: bigint; deadline?: string; allOrNothing?: boolean; beneficiaryOrganisationId?: string | null; status?: 'open' | 'closed' },
  ): Promise<CampaignView> {
    const territory = await this.territories.requireTerritory(slug);
    const current = await repo.findCampaign(this.db, territory.id, id);
    if (!current) throw notFound('The campaign');
    await this.requireManager(actor, slug, territory, current.taskForceId);
    const { status, ...fields } = patch;
    const errors = validateCampaign(fields, this.clock(), false);
    if (patch.beneficiaryOrganisationId && !(await this.territories.hasOrganisation(territory.id, patch.beneficiaryOrganisationId))) {
      errors.push({ field: 'beneficiaryOrganisationId', code: 'unknown_organisation', message: 'The beneficiary is one of the territory’s organisations.' });
    }
    if (errors.length > 0) throw invalidInput(errors);
    if (Object.keys(fields).length > 0 && current.status !== 'draft') throw conflict('campaign_not_draft', 'Only a draft campaign can be edited: pledgers rely on its goal and deadline.');
    if (status !== undefined && status !== current.status && !canMoveCampaign(current.status, status)) {
      throw conflict('invalid_transition', `A ${current.status} campaign cannot become ${status} (draft → open → succeeded or failed at the deadline → closed).`, 'status');
    }
    const now = this.clock().toISOString();
    const updated: Campaign = {
      ...current,
      ...(fields.title !== undefined ? { title: fields.title.trim() } : {}),
      ...(fields.description !== undefined ? { description: fields.description.trim() } : {}),
      ...(fields.goal !== undefined ? { goal: fields.goal } : {}),
      ...(fields.deadline !== undefined ? { deadline: new Date(fields.deadline).toISOString() } : {}),
      ...(fields.allOrNothing !== undefined ? { allOrNothing: fields.allOrNothing } : {}),
      ...(fields.beneficiaryOrganisationId !== undefined ? { beneficiaryOrganisationId: fields.beneficiaryOrganisationId } : {}),
      ...(status === 'open' && current.status !== 'open' ? { status: 'open' as const, openedAt: now } : {}),
      ...(status === 'closed' && current.status !== 'closed' ? { status: 'closed' as const, closedAt: now } : {}),
    };
    if (updated.status === 'open' && current.status === 'draft' && Date.parse(updated.deadline) <= Date.parse(now)) {
      throw invalidInput([{ field: 'deadline', code: 'deadline_in_the_past', message: 'Move the deadline into the future before opening the campaign.' }]);
    }
    await inTransaction(this.db, async (trx) => {
      const locked = await repo.findCampaign(trx, territory.id, id, 'update');
      if (locked?.status !== current.status) throw conflict('campaign_changed', 'The campaign changed meanwhile; reload it.');
      await repo.updateCampaign(trx, territory.id, updated);
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'funding.campaign_updated', targetType: 'funding_campaign', targetId: id, change: { ...patch } }, this.clock);
      if (updated.status === 'open' && current.status === 'draft') {
        await this.chronicle.record(trx, territory.id, {
          kind: 'funding.campaign_opened',
          title: `Campagne de financement participatif ouverte : ${updated.title}`,
          body: `Objectif ${formatEuros(updated.goal)} avant le ${updated.deadline.slice(0, 10)}.`,
          taskForceId: updated.taskForceId,
          linkPath: `/funding/campaigns/${id}`,
        });
      }
    });
    return this.view(slug, updated);
  }

  async list(slug: string, filter: { taskForceId?: string; projectId?: string; status?: CampaignStatus } = {}): Promise<CampaignView[]> {
    const territory = await this.territories.requireTerritory(slug);
    const campaigns = await repo.listCampaigns(this.db, territory.id, filter);
    return this.views(territory, campaigns);
  }

  async get(slug: string, id: string): Promise<CampaignDetail> {
    const territory = await this.territories.requireTerritory(slug);
    const campaign = await repo.findCampaign(this.db, territory.id, id);
    if (!campaign) throw notFound('The campaign');
    const [view] = await this.views(territory, [campaign]);
    const pledges = await repo.listPledges(this.db, territory.id, { campaignIds: [id] });
    const matches = await repo.listMatches(this.db, territory.id, { campaignIds: [id] });
    const pools = await repo.listPools(this.db, territory.id, { ids: [...new Set(matches.map((m) => m.poolId))] });
    const eligible = (await repo.listPools(this.db, territory.id)).filter((p) => p.taskForceId === null || p.taskForceId === campaign.taskForceId);
    const names = new Map<string, string>();
    for (const orgId of new Set(pledges.filter((p) => p.pledgerType === 'organisation').map((p) => p.pledgerId))) {
      names.set(orgId, (await this.territories.getOrganisation(slug, orgId)).name);
    }
    const poolsById = new Map([...pools, ...eligible].map((p) => [p.id, p]));
    return {
      ...view!,
      pools: [...poolsById.values()].map((p) => ({
        poolId: p.id,
        funderName: p.funderName,
        ratioPledge: p.ratioPledge,
        ratioMatch: p.ratioMatch,
        status: p.status,
        matched: matches.filter((m) => m.poolId === p.id && m.status !== 'released').reduce((s, m) => s + m.amount, 0n),
      })),
      pledges: pledges.map((p) => ({
        id: p.id,
        pledgerType: p.pledgerType,
        pledgerName: p.pledgerType === 'organisation' ? (names.get(p.pledgerId) ?? null) : null,
        unit: p.unit,
        amount: p.amount,
        matched: matches.filter((m) => m.pledgeId === p.id).reduce((s, m) => s + m.amount, 0n),
        status: p.status,
        createdAt: p.createdAt,
      })),
    };
  }

  // ── pledges ────────────────────────────────────────────────────────────────────────────────────

  async pledge(actor: Actor, slug: string, campaignId: string, input: PledgeInput): Promise<PledgeView> {
    const territory = await this.territories.requireTerritory(slug);
    if (actor.kind === 'anonymous') throw unauthenticated();
    const grants = await this.territories.grantsFor(actor, territory.id);
    if (!input.key) {
      throw invalidInput([{ field: 'Idempotency-Key', code: 'idempotency_key_required', message: 'Send an Idempotency-Key header (e.g. a UUID) so that a retry cannot pledge twice.' }]);
    }
    if (!isValidIdempotencyKey(input.key)) {
      throw invalidInput([{ field: 'Idempotency-Key', code: 'invalid_idempotency_key', message: 'The idempotency key is 8 to 100 letters, digits or . _ : -' }]);
    }
    const pledger = input.pledger ?? (grants.personId ? { type: 'person' as const, id: grants.personId } : undefined);
    if (!pledger || (pledger.type !== 'person' && pledger.type !== 'organisation')) {
      throw invalidInput([{ field: 'pledger', code: 'required', message: 'Say who pledges: yourself, or an organisation you represent.' }]);
    }
    const asPledger = { type: pledger.type, id: pledger.id };
    if (!canPledgeAs(grants, asPledger) && actor.kind !== 'system') {
      throw forbidden(pledger.type === 'person' ? 'Join the territory to pledge, and pledge only for yourself.' : 'Only the representative of an organisation pledges for it.');
    }
    if (input.amount <= 0n || input.amount > 100_000_000n) {
      throw invalidInput([{ field: 'amount', code: 'amount_must_be_positive', message: 'A pledge is a positive number of cents, at most 1,000,000.' }]);
    }
    const unit = input.currency === 'EUR' ? 'EUR' : territory.currencyCode;
    const isRetryOf = (previous: Pledge): boolean => {
      if (previous.campaignId !== campaignId || previous.pledgerType !== pledger.type || previous.pledgerId !== pledger.id || previous.unit !== unit || previous.amount !== input.amount) {
        throw conflict('exists_with_different_fields', 'This idempotency key was already used for a different pledge.');
      }
      return true;
    };
    const first = await repo.findPledge(this.db, territory.id, input.key);
    if (first && isRetryOf(first)) return this.pledgeView(territory, first);
    const campaign = await repo.findCampaign(this.db, territory.id, campaignId);
    if (!campaign) throw notFound('The campaign');
    this.requireOpen(campaign);
    if (unit !== 'EUR' && !campaign.beneficiaryOrganisationId) {
      const message = `This campaign takes no ${territory.currencyName}: its project has no holder organisation to receive them.`;
      throw new ProblemError(422, 'local_currency_not_accepted', message, [{ field: 'currency', code: 'local_currency_not_accepted', message }]);
    }
    const pledgerKnown = pledger.type === 'person' ? await this.territories.hasPerson(territory.id, pledger.id) : await this.territories.hasOrganisation(territory.id, pledger.id);
    if (!pledgerKnown) throw notFound(`The ${pledger.type} in this territory`);

    const run = () =>
      inTransaction(this.db, async (trx) => {
        const previous = await repo.findPledge(trx, territory.id, input.key);
        if (previous && isRetryOf(previous)) return previous;
        const locked = await repo.findCampaign(trx, territory.id, campaignId, 'share');
        this.requireOpen(locked!);
        const now = this.clock().toISOString();
        const pledge: Pledge = {
          id: input.key,
          campaignId,
          pledgerType: pledger.type as Pledge['pledgerType'],
          pledgerId: pledger.id,
          unit,
          amount: input.amount,
          status: 'pledged',
          pendingTransferId: unit === 'EUR' ? null : pendingTransferIdOf(input.key),
          pledgedBy: grants.personId,
          createdAt: now,
          resolvedAt: null,
        };
        if (pledge.pendingTransferId) {
          const from = await this.currency.memberAccount(trx, territory, asPledger, unit);
          const escrow = await this.currency.holdingAccount(trx, territory, 'escrow', escrowOwner(campaignId).id, unit);
          const hold: TransferInput = {
            id: pledge.pendingTransferId, debitAccountId: from.id, creditAccountId: escrow.id, amount: input.amount, unit, kind: 'crowdfunding_pledge',
            memo: `Promesse de don : ${campaign.title}`.slice(0, 200), phase: 'pending',
          };
          const result = (await this.currency.postTransfers(trx, territory.id, [hold])).results[0]!;
          if (result.status === 'error') throw ledgerRefused(result.code);
        }
        await repo.insertPledge(trx, territory.id, pledge);
        const matches = pledger.type === 'person' ? await this.matchPledge(trx, territory.id, locked!, pledge, now) : [];
        await appendAuditEvent(trx, actor, {
          territoryId: territory.id, action: 'funding.pledged', targetType: 'funding_pledge', targetId: pledge.id,
          change: { campaignId, pledger, unit, amount: input.amount, matched: matches.map((m) => ({ poolId: m.poolId, amount: m.amount })) },
        }, this.clock);
        return pledge;
      });
    let pledge: Pledge;
    try {
      pledge = await run();
    } catch (error) {
      // Two retries of one key at once: the loser finds the winner's pledge and answers like a retry.
      if (!isUniqueViolation(error)) throw error;
      pledge = await run();
    }
    return this.pledgeView(territory, pledge);
  }

  /** The signed-in person's pledges, and those of the organisations they represent, newest first. */
  async myPledges(actor: Actor, slug: string): Promise<PledgeView[]> {
    const territory = await this.territories.requireTerritory(slug);
    if (actor.kind !== 'person') throw unauthenticated();
    const grants = await this.territories.grantsFor(actor, territory.id);
    const owners = [{ type: 'person', id: actor.personId }, ...[...grants.organisationRoles].filter(([, role]) => role === 'representative').map(([id]) => ({ type: 'organisation', id }))];
    const pledges = (await Promise.all(owners.map((o) => repo.listPledges(this.db, territory.id, { pledger: o })))).flat();
    pledges.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
    return Promise.all(pledges.map((p) => this.pledgeView(territory, p)));
  }

  // ── matchfunding pools ─────────────────────────────────────────────────────────────────────────

  async createPool(actor: Actor, slug: string, input: MatchPoolInput): Promise<MatchPool> {
    const territory = await this.territories.requireTerritory(slug);
    if (actor.kind === 'anonymous') throw unauthenticated();
    const grants = await this.territories.grantsFor(actor, territory.id);
    const funderOrganisationId = input.funderOrganisationId ?? null;
    if (!canOpenMatchPool(grants, funderOrganisationId)) throw forbidden('A matching pool is opened by a facilitator or by the representative of the organisation that funds it.');
    if (input.taskForceId) await this.taskForces.get(slug, input.taskForceId);
    if (funderOrganisationId && !(await this.territories.hasOrganisation(territory.id, funderOrganisationId))) throw notFound('The funder organisation');
    const rules = {
      amount: input.amount,
      ratioPledge: input.ratioPledge ?? 1n,
      ratioMatch: input.ratioMatch ?? 1n,
      capPerPledge: input.capPerPledge ?? null,
      capPerProject: input.capPerProject ?? null,
    };
    const errors = validateMatchPool({ ...rules, funderName: input.funderName ?? '', funderOrganisationId });
    if (errors.length > 0) throw invalidInput(errors);
    const pool: MatchPool = {
      id: newId(),
      taskForceId: input.taskForceId ?? null,
      funderOrganisationId,
      funderName: funderOrganisationId ? (await this.territories.getOrganisation(slug, funderOrganisationId)).name : input.funderName!.trim(),
      ...rules,
      committed: 0n,
      status: 'open',
      createdBy: grants.personId,
      createdAt: this.clock().toISOString(),
    };
    await inTransaction(this.db, async (trx) => {
      await repo.insertPool(trx, territory.id, pool);
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'funding.match_pool_opened', targetType: 'funding_match_pool', targetId: pool.id, change: { ...rules, funderName: pool.funderName, taskForceId: pool.taskForceId } }, this.clock);
    });
    return pool;
  }

  async pools(slug: string): Promise<MatchPool[]> {
    const territory = await this.territories.requireTerritory(slug);
    return repo.listPools(this.db, territory.id);
  }

  async pool(slug: string, id: string): Promise<MatchPool & { matches: { campaignId: string; amount: bigint; status: Match['status'] }[] }> {
    const territory = await this.territories.requireTerritory(slug);
    const [pool] = await repo.listPools(this.db, territory.id, { ids: [id] });
    if (!pool) throw notFound('The matching pool');
    const matches = await repo.listMatches(this.db, territory.id, { poolId: id });
    return { ...pool, matches: matches.map((m) => ({ campaignId: m.campaignId, amount: m.amount, status: m.status })) };
  }

  /** A closed pool matches no new pledge; the matches it made stand. */
  async closePool(actor: Actor, slug: string, id: string): Promise<MatchPool> {
    const territory = await this.territories.requireTerritory(slug);
    if (actor.kind === 'anonymous') throw unauthenticated();
    const grants = await this.territories.grantsFor(actor, territory.id);
    const [pool] = await repo.listPools(this.db, territory.id, { ids: [id] });
    if (!pool) throw notFound('The matching pool');
    if (!canOpenMatchPool(grants, pool.funderOrganisationId)) throw forbidden('Only a facilitator or the funder’s representative closes the pool.');
    if (pool.status === 'closed') throw conflict('already_closed', 'This pool is already closed.');
    await inTransaction(this.db, async (trx) => {
      await repo.setPoolStatus(trx, territory.id, id, 'closed');
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'funding.match_pool_closed', targetType: 'funding_match_pool', targetId: id, change: {} }, this.clock);
    });
    return { ...pool, status: 'closed' };
  }

  // ── the deadline ───────────────────────────────────────────────────────────────────────────────

  /**
   * Resolves every open campaign past its deadline (in one territory, or all): succeeded → the held
   * local currency is posted and paid to the project's holder; failed → every hold is voided and the
   * matches go back to their pools. Each campaign in its own transaction; running it again does nothing.
   */
  async closeDueCampaigns(actor: Actor, options: { slug?: string } = {}): Promise<CampaignResolution[]> {
    const territories = options.slug ? [await this.territories.requireTerritory(options.slug)] : await this.territories.listTerritories();
    const byId = new Map(territories.map((t) => [t.id, t]));
    const due = await repo.dueCampaigns(this.db, this.clock().toISOString(), options.slug ? territories[0]!.id : undefined);
    const resolutions: CampaignResolution[] = [];
    for (const { territoryId, id } of due) {
      const territory = byId.get(territoryId);
      if (!territory) continue;
      const resolution = await this.resolve(actor, territory, id);
      if (resolution) resolutions.push(resolution);
    }
    return resolutions;
  }

  /** The HTTP trigger of closeDueCampaigns, for one territory, by a facilitator. */
  async closeDueCampaignsAs(actor: Actor, slug: string): Promise<CampaignResolution[]> {
    const territory = await this.territories.requireTerritory(slug);
    if (actor.kind === 'anonymous') throw unauthenticated();
    if (!canManageFundingSettings(await this.territories.grantsFor(actor, territory.id))) throw forbidden('Only a facilitator closes the campaigns past their deadline.');
    return this.closeDueCampaigns(actor, { slug });
  }

  private async resolve(actor: Actor, territory: Territory, campaignId: string): Promise<CampaignResolution | null> {
    const glance = await repo.findCampaign(this.db, territory.id, campaignId);
    if (!glance) return null;
    const taskForce = await this.taskForces.get(territory.slug, glance.taskForceId);
    return inTransaction(this.db, async (trx) => {
      const now = this.clock().toISOString();
      const campaign = await repo.findCampaign(trx, territory.id, campaignId, 'update');
      if (!campaign || campaign.status !== 'open' || campaign.deadline > now) return null;
      const pledges = await repo.listPledges(trx, territory.id, { campaignIds: [campaignId] });
      const matches = await repo.listMatches(trx, territory.id, { campaignIds: [campaignId] });
      const totals = campaignTotals(pledges, matches);
      const outcome = outcomeAtDeadline(campaign, totals.raised);
      const held = pledges.filter((p) => p.status === 'pledged' && p.pendingTransferId !== null);
      const transfers: TransferInput[] = [];
      if (held.length > 0) {
        const unit = held[0]!.unit;
        const escrow = await this.currency.holdingAccount(trx, territory, 'escrow', escrowOwner(campaignId).id, unit);
        for (const p of held) {
          const from = await this.currency.memberAccount(trx, territory, { type: p.pledgerType, id: p.pledgerId }, unit);
          transfers.push({
            id: `${p.pendingTransferId}/${outcome === 'succeeded' ? 'post' : 'void'}`, debitAccountId: from.id, creditAccountId: escrow.id, amount: p.amount, unit,
            kind: 'crowdfunding_pledge', phase: outcome === 'succeeded' ? 'post_pending' : 'void_pending', pendingId: p.pendingTransferId, linked: true,
          });
        }
        if (outcome === 'succeeded') {
          const beneficiary = await this.currency.memberAccount(trx, territory, { type: 'organisation', id: campaign.beneficiaryOrganisationId! }, unit);
          const total = held.reduce((s, p) => s + p.amount, 0n);
          transfers.push({ id: `funding-campaign/${campaignId}/payout`, debitAccountId: escrow.id, creditAccountId: beneficiary.id, amount: total, unit, kind: 'crowdfunding_payout', memo: campaign.title.slice(0, 200) });
        } else {
          transfers[transfers.length - 1] = { ...transfers[transfers.length - 1]!, linked: false };
        }
        const outcomeOfBatch = await this.currency.postTransfers(trx, territory.id, transfers);
        const failed = outcomeOfBatch.results.find((r) => r.status === 'error' && r.code !== 'linked_event_failed');
        if (failed && failed.status === 'error') throw new ProblemError(409, `ledger_${failed.code}`, `The ledger refused to ${outcome === 'succeeded' ? 'pay out' : 'return'} the local-currency pledges of “${campaign.title}” (${failed.code}); the campaign stays open until this is fixed.`);
      }
      const resolvedStatus = outcome === 'succeeded' ? 'confirmed' : 'released';
      await repo.resolvePledges(trx, territory.id, campaignId, resolvedStatus, now);
      if (outcome === 'failed') {
        const byPool = new Map<string, bigint>();
        for (const m of matches.filter((x) => x.status === 'pledged')) byPool.set(m.poolId, (byPool.get(m.poolId) ?? 0n) + m.amount);
        await repo.lockPools(trx, territory.id, [...byPool.keys()]);
        for (const [poolId, amount] of byPool) await repo.addToPoolCommitted(trx, territory.id, poolId, -amount);
      } else {
        await this.funding.recordLinesInTransaction(trx, actor, territory.id, await this.linesOfSuccess(trx, territory, campaign, pledges, matches, now));
        await this.chronicle.record(trx, territory.id, {
          kind: 'funding.campaign_succeeded',
          title: `Campagne réussie : ${campaign.title}`,
          body: `${formatEuros(totals.raised)} réunis pour un objectif de ${formatEuros(campaign.goal)}, par ${totals.pledgerCount} contributeur·ices${totals.matched > 0n ? `, dont ${formatEuros(totals.matched)} d’abondement` : ''}.`,
          taskForceId: taskForce.id,
          ...(campaign.beneficiaryOrganisationId ? { organisationId: campaign.beneficiaryOrganisationId } : {}),
          linkPath: `/funding/campaigns/${campaignId}`,
        });
      }
      await repo.updateCampaign(trx, territory.id, { ...campaign, status: outcome, resolvedAt: now });
      await appendAuditEvent(trx, actor, {
        territoryId: territory.id, action: `funding.campaign_${outcome}`, targetType: 'funding_campaign', targetId: campaignId,
        change: { raised: totals.raised, goal: campaign.goal, pledges: totals.pledgeCount, ledgerTransfers: transfers.length },
      }, this.clock);
      return { campaignId, territoryId: territory.id, title: campaign.title, outcome, raised: totals.raised, goal: campaign.goal };
    });
  }

  /** A successful campaign enters its project's plan: the crowd's euros (granted), its local currency (received), each pool's match (granted). */
  private async linesOfSuccess(trx: Executor, territory: Territory, campaign: Campaign, pledges: readonly Pledge[], matches: readonly Match[], now: string): Promise<FundingLine[]> {
    const today = now.slice(0, 10);
    const live = pledges.filter((p) => p.status !== 'released');
    const line = (fields: Pick<FundingLine, 'sourceKind' | 'funderName' | 'funderOrganisationId' | 'amount' | 'status' | 'note'>): FundingLine => ({
      id: newId(), taskForceId: campaign.taskForceId, projectId: campaign.projectId, instrument: null, plannedOn: today, requestedOn: null,
      grantedOn: today, receivedOn: fields.status === 'received' ? today : null, refusedOn: null, campaignId: campaign.id, cee: null, createdAt: now, updatedAt: now, ...fields,
    });
    const lines: FundingLine[] = [];
    const euros = live.filter((p) => p.unit === 'EUR').reduce((s, p) => s + p.amount, 0n);
    const local = live.filter((p) => p.unit !== 'EUR').reduce((s, p) => s + p.amount, 0n);
    const crowd = `Contributeur·ices de la campagne « ${campaign.title} »`;
    if (euros > 0n) lines.push(line({ sourceKind: 'crowdfunding', funderName: crowd, funderOrganisationId: null, amount: euros, status: 'granted', note: 'Promesses en euros à collecter (aucun prestataire de paiement).' }));
    if (local > 0n) lines.push(line({ sourceKind: 'local_currency', funderName: crowd, funderOrganisationId: null, amount: local, status: 'received', note: `${territory.currencyName} versés au porteur du projet.` }));
    const pools = await repo.listPools(trx, territory.id, { ids: [...new Set(matches.map((m) => m.poolId))] });
    for (const pool of pools) {
      const amount = matches.filter((m) => m.poolId === pool.id && m.status !== 'released').reduce((s, m) => s + m.amount, 0n);
      if (amount > 0n) lines.push(line({ sourceKind: 'crowdfunding', funderName: pool.funderName, funderOrganisationId: pool.funderOrganisationId, amount, status: 'granted', note: `Abondement ${pool.ratioMatch}:${pool.ratioPledge} de la campagne « ${campaign.title} ».` }));
    }
    return lines;
  }

  // ── helpers ──────────────────────────────────────────────────────────────────────────────────

  /** Matches a person's pledge from every open pool that covers its task force, under the pools' row locks. */
  private async matchPledge(trx: Executor, territoryId: string, campaign: Campaign, pledge: Pledge, now: string): Promise<Match[]> {
    const pools = await repo.lockPoolsFor(trx, territoryId, campaign.taskForceId);
    const made: Match[] = [];
    for (const pool of pools) {
      const poolMatches = await repo.listMatches(trx, territoryId, { poolId: pool.id });
      const active = poolMatches.filter((m) => m.status !== 'released');
      const amount = matchFor(pool, {
        pledge: pledge.amount,
        committed: pool.committed,
        committedForProject: active.filter((m) => m.projectId === campaign.projectId).reduce((s, m) => s + m.amount, 0n),
        pledgerAlreadyMatched: active.some((m) => m.pledgerType === pledge.pledgerType && m.pledgerId === pledge.pledgerId),
      });
      if (amount <= 0n) continue;
      const match: Match = {
        id: newId(), poolId: pool.id, campaignId: campaign.id, projectId: campaign.projectId, pledgeId: pledge.id,
        pledgerType: pledge.pledgerType, pledgerId: pledge.pledgerId, amount, status: 'pledged', createdAt: now,
      };
      await repo.insertMatch(trx, territoryId, match);
      await repo.addToPoolCommitted(trx, territoryId, pool.id, amount);
      made.push(match);
    }
    return made;
  }

  private requireOpen(campaign: Campaign): void {
    if (campaign.status !== 'open') throw conflict('campaign_not_open', `This campaign is ${campaign.status}: it takes no pledge.`);
    if (campaign.deadline <= this.clock().toISOString()) throw conflict('campaign_deadline_passed', 'The deadline of this campaign has passed.');
  }

  private async requireManager(actor: Actor, slug: string, territory: Territory, taskForceId: string): Promise<Grants> {
    if (actor.kind === 'anonymous') throw unauthenticated();
    const taskForce = await this.taskForces.get(slug, taskForceId);
    const grants = await this.territories.grantsFor(actor, territory.id);
    if (!canManageFunding(grants, taskForce.members)) throw forbidden('Only the leads of this task force and the facilitators run its campaigns.');
    return grants;
  }

  private async view(slug: string, campaign: Campaign): Promise<CampaignView> {
    const territory = await this.territories.requireTerritory(slug);
    return (await this.views(territory, [campaign]))[0]!;
  }

  private async views(territory: Territory, campaigns: readonly Campaign[]): Promise<CampaignView[]> {
    const ids = campaigns.map((c) => c.id);
    const pledges = await repo.listPledges(this.db, territory.id, { campaignIds: ids });
    const matches = await repo.listMatches(this.db, territory.id, { campaignIds: ids });
    const projects = new Map((await fundingRepository.listProjects(this.db, territory.id, { ids: [...new Set(campaigns.map((c) => c.projectId))] })).map((p) => [p.id, p.name]));
    return campaigns.map((c) => {
      const totals = campaignTotals(
        pledges.filter((p) => p.campaignId === c.id),
        matches.filter((m) => m.campaignId === c.id),
      );
      return {
        ...c,
        projectName: projects.get(c.projectId) ?? '',
        totals,
        progressPercent: c.goal > 0n ? Number((totals.raised * 1000n) / c.goal) / 10 : 0,
        acceptsLocalCurrency: c.beneficiaryOrganisationId !== null,
        currencyCode: territory.currencyCode,
      };
    });
  }

  private async pledgeView(territory: Territory, pledge: Pledge): Promise<PledgeView> {
    const matches = await repo.listMatches(this.db, territory.id, { pledgeIds: [pledge.id] });
    const campaign = await repo.findCampaign(this.db, territory.id, pledge.campaignId);
    return { ...pledge, matched: matches.filter((m) => m.status !== 'released').reduce((s, m) => s + m.amount, 0n), campaignTitle: campaign?.title ?? '' };
  }
}

