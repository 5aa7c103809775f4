import type { Executor } from '../../platform/db/transaction.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { appendAuditEvent } from '../../platform/audit/audit-trail.js';
import { actorId, type Actor } from '../../platform/auth/actor.js';
import { conflict, forbidden, invalidInput, notFound, unauthenticated } from '../../platform/errors.js';
import { systemClock, type Clock } from '../../platform/clock.js';
import { newId } from '../../platform/ids.js';
import type { Grants, Territory } from '../territories/model.js';
import type { OrganisationView, TerritoriesService } from '../territories/service.js';
import type { ChronicleEntry, ChronicleService } from '../pact/chronicle.js';
import { indicatorsOf } from './analysis.js';
import { addToSecretPart, disclosable, emptySecretPart } from './secrecy-model.js';
import { isValidYear, MAX_YEAR, MIN_YEAR, type FlowMethod } from './model.js';
import { NeedIndex, OfferIndex, type MatchExplanation, type NeedForMatching, type OfferForMatching } from './matching-model.js';
import { metabolismReference as reference } from './reference.js';
import { metabolismRepository } from './repository.js';
import { materialLabelOf, type MetabolismService } from './service.js';
import { planFull, planRefresh, type SuggestionPlan } from './suggestions-model.js';
import {
  canManageExchangesOf,
  canMoveMatch,
  canMoveMatchOf,
  canReadMatch,
  canRecomputeMatches,
  canSeeOffer,
  nextStatuses,
  validateNeed,
  validateOffer,
  type ExchangeStatus,
  type Match,
  type MatchEvent,
  type MatchStatus,
  type Need,
  type NeedInput,
  type Offer,
  type OfferInput,
} from './symbiosis-model.js';
import { symbiosisRepository as repo } from './symbiosis-repository.js';

/** How many suggestions each need and each offer keeps. */
export const SUGGESTIONS_PER_ITEM = 5;

export interface OfferView extends Omit<Offer, 'pricePerTonne'> {
  organisationName: string;
  materialLabel: string;
  /** Cents per tonne, as a string (money is an integer of minor units; JSON has no big integers). */
  pricePerTonne: string | null;
}

export interface NeedView extends Need {
  organisationName: string;
}

export interface MatchView {
  id: string;
  status: MatchStatus;
  nextStatuses: MatchStatus[];
  score: number;
  explanation: MatchExplanation;
  distanceKm: number | null;
  tonnesPerYear: number | null;
  startedYear: number | null;
  endedYear: number | null;
  offer: { id: string; organisationId: string | null; organisationName: string | null; materialLabel: string; wasteCode: string | null; category: string | null; tonnesPerYear: number; hazardous: boolean; confidential: boolean };
  need: { id: string; organisationId: string; organisationName: string; accepted: string[]; tonnesPerYear: number; maxDistanceKm: number };
  updatedAt: string;
}

export interface MatchDetail extends MatchView {
  history: MatchEvent[];
  flows: { year: number; tonnes: number; method: FlowMethod }[];
}

export interface SynergyView {
  matchId: string;
  status: 'operating' | 'ended';
  startedYear: number | null;
  endedYear: number | null;
  tonnesPerYear: number | null;
  materialLabel: string;
  category: string | null;
  from: { organisationId: string; name: string };
  to: { organisationId: string; name: string };
  distanceKm: number | null;
}

/**
 * The public list of synergies. Those of confidential offers that the reader may not see are only
 * counted, and their tonnes given when at least three organisations take part in them (statistical
 * secrecy), else null.
 */
export interface SynergyList {
  items: SynergyView[];
  confidential: { operating: number; ended: number; tonnesPerYear: number | null };
}

/** One synergy's public page: the synergy, its tonnes year by year, its effect on the loop rate, its chronicle. */
export type SynergyDetail =
  | (SynergyView & {
      confidential: false;
      years: { year: number; tonnes: number }[];
      /** The public loop rate of the latest year the synergy carried something, and what it would be without it. */
      loop: { year: number; tonnes: number; rate: number | null; rateWithout: number | null } | null;
      chronicle: Pick<ChronicleEntry, 'id' | 'occurredAt' | 'kind' | 'title' | 'body'>[];
    })
  /** A confidential synergy the reader may not see: it counts only in aggregates. */
  | { matchId: string; confidential: true };

type Directory = ReadonlyMap<string, OrganisationView>;

const located = (o: OrganisationView | undefined) => ({ latitude: o?.latitude ?? null, longitude: o?.longitude ?? null });

function offerForMatching(o: Offer, directory: Directory): OfferForMatching {
  return { id: o.id, organisationId: o.organisationId, wasteCode: o.wasteCode, category: o.category, materialName: o.materialName, tonnesPerYear: o.tonnesPerYear, hazardous: o.hazardous, ...located(directory.get(o.organisationId)) };
}

function needForMatching(n: Need, directory: Directory): NeedForMatching {
  return { id: n.id, organisationId: n.organisationId, accepted: n.accepted, materialName: n.materialName, tonnesPerYear: n.tonnesPerYear, maxDistanceKm: n.maxDistanceKm, acceptsHazardous: n.acceptsHazardous, ...located(directory.get(n.organisationId)) };
}

/** Offers past their availability are not matched. */
const isOpen = (o: Offer, today: string) => o.status === 'open' && (o.availableUntil === null || o.availableUntil >= today);

const allSubstitutions = () => reference.wasteCodes().flatMap((c) => reference.substitutionsOf(c.code));

/**
 * Industrial symbiosis: organisations' offers (by-products, waste) and needs, the matches the
 * matchmaking suggests with their explanation, and the funnel that leads a match to an operating
 * synergy — which then becomes a flow of the accounts, so the loop rate and the Sankey move.
 */
export class SymbiosisService {
  constructor(
    private readonly db: Executor,
    private readonly territories: TerritoriesService,
    private readonly metabolism: MetabolismService,
    private readonly chronicle: ChronicleService,
    private readonly clock: Clock = systemClock,
  ) {}

  // ── offers ─────────────────────────────────────────────────────────────────────────────────────

  async listOffers(actor: Actor, slug: string, filter: { organisationId?: string; status?: ExchangeStatus } = {}): Promise<{ items: OfferView[]; hiddenConfidential: number }> {
    const { territory, grants, directory } = await this.reader(actor, slug);
    const offers = await repo.listOffers(this.db, territory.id, filter);
    const visible = offers.filter((o) => canSeeOffer(grants, o));
    return { items: visible.map((o) => viewOffer(o, directory)), hiddenConfidential: offers.length - visible.length };
  }

  async createOffer(actor: Actor, slug: string, organisationId: string, input: OfferInput): Promise<OfferView> {
    const { territory, directory } = await this.writer(actor, slug, organisationId);
    const checked = validateOffer(input, reference);
    if (!checked.ok) throw invalidInput(checked.errors);
    const now = this.clock().toISOString();
    const offer: Offer = { ...checked.value, id: newId(), organisationId, createdAt: now, updatedAt: now };
    return inTransaction(this.db, async (trx) => {
      await repo.insertOffer(trx, territory.id, offer);
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'symbiosis.offer_created', targetType: 'symbiosis_offer', targetId: offer.id, change: { organisationId, ...checked.value } }, this.clock);
      await this.refresh(trx, territory.id, directory, 'offer', offer.id);
      return viewOffer(offer, directory);
    });
  }

  async updateOffer(actor: Actor, slug: string, id: string, patch: OfferInput): Promise<OfferView> {
    const territory = await this.territories.requireTerritory(slug);
    const current = await repo.findOffer(this.db, territory.id, id);
    if (!current) throw notFound('The offer');
    const { directory } = await this.writer(actor, slug, current.organisationId);
    const merged = { ...current, pricePerTonne: current.pricePerTonne, ...definedOnly(patch) } as OfferInput;
    const checked = validateOffer(merged, reference);
    if (!checked.ok) throw invalidInput(checked.errors);
    const offer: Offer = { ...current, ...checked.value, updatedAt: this.clock().toISOString() };
    return inTransaction(this.db, async (trx) => {
      await repo.updateOffer(trx, territory.id, offer);
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'symbiosis.offer_updated', targetType: 'symbiosis_offer', targetId: id, change: definedOnly(patch) }, this.clock);
      await this.refresh(trx, territory.id, directory, 'offer', id);
      return viewOffer(offer, directory);
    });
  }

  // ── needs ──────────────────────────────────────────────────────────────────────────────────────

  async listNeeds(actor: Actor, slug: string, filter: { organisationId?: string; status?: ExchangeStatus } = {}): Promise<{ items: NeedView[] }> {
    const { territory, directory } = await this.reader(actor, slug);
    const needs = await repo.listNeeds(this.db, territory.id, filter);
    return { items: needs.map((n) => viewNeed(n, directory)) };
  }

  async createNeed(actor: Actor, slug: string, organisationId: string, input: NeedInput): Promise<NeedView> {
    const { territory, directory } = await this.writer(actor, slug, organisationId);
    const checked = validateNeed(input, reference);
    if (!checked.ok) throw invalidInput(checked.errors);
    const now = this.clock().toISOString();
    const need: Need = { ...checked.value, id: newId(), organisationId, createdAt: now, updatedAt: now };
    return inTransaction(this.db, async (trx) => {
      await repo.insertNeed(trx, territory.id, need);
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'symbiosis.need_created', targetType: 'symbiosis_need', targetId: need.id, change: { organisationId, ...checked.value } }, this.clock);
      await this.refresh(trx, territory.id, directory, 'need', need.id);
      return viewNeed(need, directory);
    });
  }

  async updateNeed(actor: Actor, slug: string, id: string, patch: NeedInput): Promise<NeedView> {
    const territory = await this.territories.requireTerritory(slug);
    const current = await repo.findNeed(this.db, territory.id, id);
    if (!current) throw notFound('The need');
    const { directory } = await this.writer(actor, slug, current.organisationId);
    const checked = validateNeed({ ...current, ...definedOnly(patch) }, reference);
    if (!checked.ok) throw invalidInput(checked.errors);
    const need: Need = { ...current, ...checked.value, updatedAt: this.clock().toISOString() };
    return inTransaction(this.db, async (trx) => {
      await repo.updateNeed(trx, territory.id, need);
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'symbiosis.need_updated', targetType: 'symbiosis_need', targetId: id, change: definedOnly(patch) }, this.clock);
      await this.refresh(trx, territory.id, directory, 'need', id);
      return viewNeed(need, directory);
    });
  }

  // ── matches ────────────────────────────────────────────────────────────────────────────────────

  /** The k best suggestions of one need, with the matches already in the funnel. */
  async matchesOfNeed(actor: Actor, slug: string, needId: string, k = SUGGESTIONS_PER_ITEM): Promise<MatchView[]> {
    const { territory, grants, directory } = await this.reader(actor, slug);
    const need = await repo.findNeed(this.db, territory.id, needId);
    if (!need) throw notFound('The need');
    if (!canReadMatch(grants, need.organisationId, need.organisationId)) throw forbidden("Only the need's organisation and the facilitators see its matches.");
    return this.views(territory.id, grants, directory, withTopSuggestions(await repo.listMatches(this.db, territory.id, { needId }), k));
  }

  async matchesOfOffer(actor: Actor, slug: string, offerId: string, k = SUGGESTIONS_PER_ITEM): Promise<MatchView[]> {
    const { territory, grants, directory } = await this.reader(actor, slug);
    const offer = await repo.findOffer(this.db, territory.id, offerId);
    if (!offer) throw notFound('The offer');
    if (!canReadMatch(grants, offer.organisationId, offer.organisationId)) throw forbidden("Only the offer's organisation and the facilitators see its matches.");
    return this.views(territory.id, grants, directory, withTopSuggestions(await repo.listMatches(this.db, territory.id, { offerId }), k));
  }

  /** The funnel board: the matches of the reader's organisations (all of them for facilitators and auditors). */
  async board(actor: Actor, slug: string, filter: { status?: MatchStatus; organisationId?: string } = {}): Promise<MatchView[]> {
    if (actor.kind === 'anonymous') throw unauthenticated();
    const { territory, grants, directory } = await this.reader(actor, slug);
    const matches = await repo.listMatches(this.db, territory.id, filter.status ? { status: filter.status } : {});
    const views = await this.views(territory.id, grants, directory, matches);
    return views.filter((v) => !filter.organisationId || v.offer.organisationId === filter.organisationId || v.need.organisationId === filter.organisationId);
  }

  async getMatch(actor: Actor, slug: string, id: string): Promise<MatchDetail> {
    const { territory, grants, directory } = await this.reader(actor, slug);
    const match = await repo.findMatch(this.db, territory.id, id);
    if (!match) throw notFound('The match');
    const [view] = await this.views(territory.id, grants, directory, [match]);
    if (!view) throw forbidden('Only the two organisations and the facilitators see this match.');
    return { ...view, history: await repo.listEvents(this.db, territory.id, id), flows: await this.flowsOf(territory.id, id) };
  }

  /**
   * Moves a match one step along the funnel. `operating` puts the synergy into this year's accounts
   * (a flow from the offering to the receiving organisation, linked to the match); `ended` stops it
   * from the next year. Both go to the chronicle.
   */
  async moveMatch(actor: Actor, slug: string, id: string, input: { to: MatchStatus; note?: string; tonnesPerYear?: number; method?: FlowMethod }): Promise<MatchDetail> {
    if (actor.kind === 'anonymous') throw unauthenticated();
    const territory = await this.territories.requireTerritory(slug);
    const grants = await this.territories.grantsFor(actor, territory.id);
    const directory = await this.metabolism.organisationDirectory(slug);
    await inTransaction(this.db, async (trx) => {
      const match = await repo.findMatch(trx, territory.id, id);
      if (!match) throw notFound('The match');
      const offer = (await repo.findOffer(trx, territory.id, match.offerId))!;
      const need = (await repo.findNeed(trx, territory.id, match.needId))!;
      if (!canMoveMatchOf(grants, offer.organisationId, need.organisationId)) throw forbidden('Only the two organisations and the facilitators move this match.');
      if (!canMoveMatch(match.status, input.to)) {
        throw conflict('invalid_transition', `A match ${match.status} can go to ${nextStatuses(match.status).join(' or ') || 'no other status'}, not ${input.to}.`, 'to');
      }
      if (input.tonnesPerYear !== undefined && !(input.tonnesPerYear > 0)) throw invalidInput([{ field: 'tonnesPerYear', code: 'invalid_quantity', message: 'The quantity is a positive number of tonnes per year.' }]);
      const now = this.clock();
      const year = now.getUTCFullYear();
      const next: Match = { ...match, status: input.to, updatedAt: now.toISOString() };
      if (input.to === 'operating') {
        next.tonnesPerYear = input.tonnesPerYear ?? match.tonnesPerYear ?? Math.min(offer.tonnesPerYear, need.tonnesPerYear);
        next.startedYear = year;
        await this.metabolism.recordSynergyFlow(trx, territory.id, {
          matchId: id, year, from: directory.get(offer.organisationId)!, to: directory.get(need.organisationId)!,
          wasteCode: offer.wasteCode, category: offer.category, materialName: offer.materialName, tonnes: next.tonnesPerYear, method: input.method ?? 'estimated', confidential: offer.confidential,
        });
      } else if (input.tonnesPerYear !== undefined) next.tonnesPerYear = input.tonnesPerYear;
      if (input.to === 'ended' && match.status === 'operating') {
        next.endedYear = year;
        await this.metabolism.endSynergyFlows(trx, territory.id, id, year);
      }
      await repo.updateMatchState(trx, territory.id, next);
      const note = input.note?.trim() || null;
      await repo.insertEvent(trx, territory.id, id, { id: newId(), fromStatus: match.status, toStatus: input.to, note, occurredAt: next.updatedAt, actor: actorId(actor) });
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: `symbiosis.match_${input.to}`, targetType: 'symbiosis_match', targetId: id, change: { from: match.status, to: input.to, note, tonnesPerYear: next.tonnesPerYear } }, this.clock);
      await this.tellChronicle(trx, territory.id, match.status, next, offer, need, directory);
    });
    return this.getMatch(actor, slug, id);
  }

  /** The quantity of an operating synergy in a given year (its flow in that year's accounts). */
  async recordSynergyYear(actor: Actor, slug: string, id: string, input: { year: number; tonnesPerYear: number; method?: FlowMethod }): Promise<MatchDetail> {
    if (actor.kind === 'anonymous') throw unauthenticated();
    const territory = await this.territories.requireTerritory(slug);
    const grants = await this.territories.grantsFor(actor, territory.id);
    const directory = await this.metabolism.organisationDirectory(slug);
    const errors = [];
    if (!isValidYear(input.year)) errors.push({ field: 'year', code: 'invalid_year', message: `The year is between ${MIN_YEAR} and ${MAX_YEAR}.` });
    if (!(input.tonnesPerYear > 0)) errors.push({ field: 'tonnesPerYear', code: 'invalid_quantity', message: 'The quantity is a positive number of tonnes per year.' });
    if (errors.length > 0) throw invalidInput(errors);
    await inTransaction(this.db, async (trx) => {
      const match = await repo.findMatch(trx, territory.id, id);
      if (!match) throw notFound('The match');
      const offer = (await repo.findOffer(trx, territory.id, match.offerId))!;
      const need = (await repo.findNeed(trx, territory.id, match.needId))!;
      if (!canMoveMatchOf(grants, offer.organisationId, need.organisationId)) throw forbidden('Only the two organisations and the facilitators report on this synergy.');
      const running = (match.status === 'operating' || match.status === 'ended') && match.startedYear !== null && input.year >= match.startedYear && (match.endedYear === null || input.year <= match.endedYear);
      if (!running) throw conflict('synergy_not_running', `The synergy was not operating in ${input.year}.`, 'year');
      await this.metabolism.recordSynergyFlow(trx, territory.id, {
        matchId: id, year: input.year, from: directory.get(offer.organisationId)!, to: directory.get(need.organisationId)!,
        wasteCode: offer.wasteCode, category: offer.category, materialName: offer.materialName, tonnes: input.tonnesPerYear, method: input.method ?? 'measured', confidential: offer.confidential,
      });
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'symbiosis.synergy_year_recorded', targetType: 'symbiosis_match', targetId: id, change: { ...input } }, this.clock);
    });
    return this.getMatch(actor, slug, id);
  }

  /** Public: the synergies in service or that were; those of confidential offers only in aggregate. */
  async synergies(actor: Actor, slug: string): Promise<SynergyList> {
    const { territory, grants, directory } = await this.reader(actor, slug);
    const matches = await repo.listMatches(this.db, territory.id, { statuses: ['operating', 'ended'] });
    const operated = matches.filter((m) => m.startedYear !== null);
    const offers = new Map((await repo.listOffers(this.db, territory.id)).map((o) => [o.id, o]));
    const needs = new Map((await repo.listNeeds(this.db, territory.id, { ids: [...new Set(operated.map((m) => m.needId))] })).map((n) => [n.id, n]));
    const items: SynergyView[] = [];
    const hidden = { operating: 0, ended: 0 };
    const inService = emptySecretPart();
    for (const m of operated) {
      const offer = offers.get(m.offerId)!;
      const need = needs.get(m.needId)!;
      if (canSeeOffer(grants, offer)) {
        items.push(synergyView(m, offer, need, directory));
        continue;
      }
      hidden[m.status === 'operating' ? 'operating' : 'ended'] += 1;
      if (m.status === 'operating') addToSecretPart(inService, m.tonnesPerYear ?? 0, [offer.organisationId, need.organisationId]);
    }
    return { items, confidential: { ...hidden, tonnesPerYear: hidden.operating > 0 && disclosable(inService) ? inService.tonnes : null } };
  }

  /** Public: one synergy, what it carries year by year, what it does to the loop rate, and its chronicle. */
  async synergy(actor: Actor, slug: string, id: string): Promise<SynergyDetail> {
    const { territory, grants, directory } = await this.reader(actor, slug);
    const match = await repo.findMatch(this.db, territory.id, id);
    if (!match || match.startedYear === null || (match.status !== 'operating' && match.status !== 'ended')) throw notFound('The synergy');
    const offer = (await repo.findOffer(this.db, territory.id, match.offerId))!;
    const need = (await repo.findNeed(this.db, territory.id, match.needId))!;
    if (!canSeeOffer(grants, offer)) return { matchId: match.id, confidential: true };
    const flows = await metabolismRepository.flowsOfSynergy(this.db, territory.id, match.id);
    const latest = flows.at(-1);
    let loop: Extract<SynergyDetail, { confidential: false }>['loop'] = null;
    if (latest) {
      // As the public sees it: the indicators of that year, with and without the synergy's flow.
      const year = await this.metabolism.yearFor({ kind: 'anonymous' }, slug, latest.year);
      const withIt = indicatorsOf(latest.year, year.nodes, year.flows, year.detailVisible).loop;
      const without = indicatorsOf(latest.year, year.nodes, year.flows.filter((f) => f.synergyMatchId !== match.id), year.detailVisible).loop;
      loop = { year: latest.year, tonnes: latest.tonnes, rate: withIt.rate, rateWithout: without.rate };
    }
    const chronicle = await this.chronicle.list(slug, { linkPath: synergyPath(match.id), limit: 50 });
    return {
      ...synergyView(match, offer, need, directory),
      confidential: false,
      years: flows.map((f) => ({ year: f.year, tonnes: f.tonnes })),
      loop,
      chronicle: chronicle.items.map((e) => ({ id: e.id, occurredAt: e.occurredAt, kind: e.kind, title: e.title, body: e.body })),
    };
  }

  /** Recomputes every suggestion of the territory (the command line runs it; facilitators may). */
  async recomputeAll(actor: Actor, slug: string): Promise<{ suggestions: number; offers: number; needs: number }> {
    const territory = await this.territories.requireTerritory(slug);
    if (!canRecomputeMatches(await this.territories.grantsFor(actor, territory.id))) throw forbidden('Only the facilitators recompute the matchmaking.');
    const directory = await this.metabolism.organisationDirectory(slug);
    return inTransaction(this.db, async (trx) => {
      const { offers, needs } = await this.openExchanges(trx, territory.id, directory);
      const offerIndex = new OfferIndex(offers, reference.substitutionsOf, allSubstitutions());
      const needIndex = new NeedIndex(needs, reference.substitutionsOf, allSubstitutions());
      const best = [...needs.flatMap((n) => offerIndex.topOffersForNeed(n, SUGGESTIONS_PER_ITEM)), ...offers.flatMap((o) => needIndex.topNeedsForOffer(o, SUGGESTIONS_PER_ITEM))];
      const stored = await repo.listMatches(trx, territory.id);
      await this.apply(trx, territory.id, planFull(best, stored), stored);
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'symbiosis.recomputed', targetType: 'territory', targetId: territory.id, change: { offers: offers.length, needs: needs.length } }, this.clock);
      const suggestions = (await repo.listMatches(trx, territory.id, { status: 'suggested' })).length;
      return { suggestions, offers: offers.length, needs: needs.length };
    });
  }

  // ── helpers ────────────────────────────────────────────────────────────────────────────────────

  /** Scores again only the pairs of the offer or need that changed (see suggestions-model.ts). */
  private async refresh(trx: Executor, territoryId: string, directory: Directory, side: 'offer' | 'need', id: string): Promise<void> {
    const { offers, needs } = await this.openExchanges(trx, territoryId, directory);
    const stored = await repo.listMatches(trx, territoryId);
    const offerIndex = new OfferIndex(offers, reference.substitutionsOf, allSubstitutions());
    const needIndex = new NeedIndex(needs, reference.substitutionsOf, allSubstitutions());
    const offer = side === 'offer' ? offers.find((o) => o.id === id) : undefined;
    const need = side === 'need' ? needs.find((n) => n.id === id) : undefined;
    const fresh = offer ? needIndex.topNeedsForOffer(offer, Number.MAX_SAFE_INTEGER) : need ? offerIndex.topOffersForNeed(need, Number.MAX_SAFE_INTEGER) : [];
    const plan = planRefresh(side, id, fresh, stored, SUGGESTIONS_PER_ITEM);
    // The other side's items this one left while among their k best look for their k best again.
    const refilled = plan.refill.flatMap((other) => {
      if (side === 'offer') {
        const n = needs.find((x) => x.id === other);
        return n ? offerIndex.topOffersForNeed(n, SUGGESTIONS_PER_ITEM) : [];
      }
      const o = offers.find((x) => x.id === other);
      return o ? needIndex.topNeedsForOffer(o, SUGGESTIONS_PER_ITEM) : [];
    });
    await this.apply(trx, territoryId, { ...plan, keep: [...plan.keep, ...refilled] }, stored);
  }

  private async apply(trx: Executor, territoryId: string, plan: SuggestionPlan, stored: readonly Match[]): Promise<void> {
    const byPair = new Map(stored.map((m) => [`${m.offerId}|${m.needId}`, m]));
    await repo.deleteSuggestions(trx, territoryId, plan.drop);
    const dropped = new Set(plan.drop);
    const now = this.clock().toISOString();
    const inserts: Match[] = [];
    const seen = new Set<string>();
    for (const p of plan.keep) {
      const key = `${p.offerId}|${p.needId}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const existing = byPair.get(key);
      if (existing && !dropped.has(existing.id)) {
        if (existing.score !== p.score) await repo.updateMatchScore(trx, territoryId, existing.id, p.score, p.explanation, p.distanceKm, now);
      } else {
        inserts.push({ id: newId(), offerId: p.offerId, needId: p.needId, score: p.score, explanation: p.explanation, distanceKm: p.distanceKm, status: 'suggested', tonnesPerYear: null, startedYear: null, endedYear: null, createdAt: now, updatedAt: now });
      }
    }
    await repo.insertMatches(trx, territoryId, inserts);
  }

  private async openExchanges(trx: Executor, territoryId: string, directory: Directory) {
    const today = this.clock().toISOString().slice(0, 10);
    const offers = (await repo.listOffers(trx, territoryId, { status: 'open' })).filter((o) => isOpen(o, today) && !directory.get(o.organisationId)?.closedAt).map((o) => offerForMatching(o, directory));
    const needs = (await repo.listNeeds(trx, territoryId, { status: 'open' })).filter((n) => !directory.get(n.organisationId)?.closedAt).map((n) => needForMatching(n, directory));
    return { offers, needs };
  }

  private async views(territoryId: string, grants: Grants, directory: Directory, matches: readonly Match[]): Promise<MatchView[]> {
    if (matches.length === 0) return [];
    const offers = new Map((await repo.listOffers(this.db, territoryId)).map((o) => [o.id, o]));
    const needs = new Map((await repo.listNeeds(this.db, territoryId, { ids: [...new Set(matches.map((m) => m.needId))] })).map((n) => [n.id, n]));
    return matches.flatMap((m) => {
      const offer = offers.get(m.offerId)!;
      const need = needs.get(m.needId)!;
      if (!canReadMatch(grants, offer.organisationId, need.organisationId)) return [];
      // A confidential offer shows its organisation to the receiver once someone made contact.
      const named = canSeeOffer(grants, offer) || m.status !== 'suggested';
      return [
        {
          id: m.id,
          status: m.status,
          nextStatuses: [...nextStatuses(m.status)],
          score: m.score,
          explanation: m.explanation,
          distanceKm: m.distanceKm,
          tonnesPerYear: m.tonnesPerYear,
          startedYear: m.startedYear,
          endedYear: m.endedYear,
          offer: {
            id: offer.id,
            organisationId: named ? offer.organisationId : null,
            organisationName: named ? (directory.get(offer.organisationId)?.name ?? null) : null,
            materialLabel: materialLabelOf(offer),
            wasteCode: offer.wasteCode,
            category: offer.category,
            tonnesPerYear: offer.tonnesPerYear,
            hazardous: offer.hazardous,
            confidential: offer.confidential,
          },
          need: { id: need.id, organisationId: need.organisationId, organisationName: directory.get(need.organisationId)?.name ?? '', accepted: need.accepted, tonnesPerYear: need.tonnesPerYear, maxDistanceKm: need.maxDistanceKm },
          updatedAt: m.updatedAt,
        },
      ];
    });
  }

  private async flowsOf(territoryId: string, matchId: string) {
    return (await metabolismRepository.flowsOfSynergy(this.db, territoryId, matchId)).map((f) => ({ year: f.year, tonnes: f.tonnes, method: f.method }));
  }

  private async tellChronicle(trx: Executor, territoryId: string, from: MatchStatus, match: Match, offer: Offer, need: Need, directory: Directory): Promise<void> {
    const kind = match.status === 'agreed' ? 'synergy.agreed' : match.status === 'operating' ? 'synergy.operating' : match.status === 'ended' && from === 'operating' ? 'synergy.ended' : null;
    if (!kind) return;
    // A confidential synergy is told without who, what or how much: it shows only in aggregates.
    if (offer.confidential) {
      const titles: Record<string, string> = {
        'synergy.agreed': 'Accord sur une synergie confidentielle',
        'synergy.operating': 'Une synergie confidentielle entre en service',
        'synergy.ended': 'Fin d’une synergie confidentielle',
      };
      await this.chronicle.record(trx, territoryId, { kind, title: titles[kind]!, body: 'Ses flux ne comptent que dans les agrégats (secret statistique).', organisationId: null, linkPath: synergyPath(match.id) });
      return;
    }
    const giver = directory.get(offer.organisationId)?.name ?? '';
    const taker = directory.get(need.organisationId)?.name ?? '';
    const titles: Record<string, string> = {
      'synergy.agreed': `Accord de synergie : ${giver} → ${taker}`,
      'synergy.operating': `Synergie en service : ${giver} → ${taker}`,
      'synergy.ended': `Fin de la synergie ${giver} → ${taker}`,
    };
    await this.chronicle.record(trx, territoryId, {
      kind,
      title: titles[kind]!,
      body: `${materialLabelOf(offer)}${match.tonnesPerYear ? `, ${Math.round(match.tonnesPerYear).toLocaleString('fr-FR')} t/an` : ''}.`,
      organisationId: offer.organisationId,
      linkPath: synergyPath(match.id),
    });
  }

  private async reader(actor: Actor, slug: string): Promise<{ territory: Territory; grants: Grants; directory: Directory }> {
    const territory = await this.territories.requireTerritory(slug);
    return { territory, grants: await this.territories.grantsFor(actor, territory.id), directory: await this.metabolism.organisationDirectory(slug) };
  }

  private async writer(actor: Actor, slug: string, organisationId: string): Promise<{ territory: Territory; directory: Directory }> {
    if (actor.kind === 'anonymous') throw unauthenticated();
    const { territory, grants, directory } = await this.reader(actor, slug);
    const organisation = directory.get(organisationId);
    if (!organisation) throw notFound('The organisation');
    if (!canManageExchangesOf(grants, organisationId)) throw forbidden(`Only the members of ${organisation.name} and the facilitators publish its offers and needs.`);
    if (organisation.closedAt) throw conflict('organisation_closed', `${organisation.name} is closed.`);
    return { territory, directory };
  }
}

/** The public page of a synergy, under the territory. */
const synergyPath = (matchId: string) => `/metabolism/synergies/${matchId}`;

function synergyView(m: Match, offer: Offer, need: Need, directory: Directory): SynergyView {
  const party = (organisationId: string) => ({ organisationId, name: directory.get(organisationId)?.name ?? '' });
  return {
    matchId: m.id,
    status: m.status as 'operating' | 'ended',
    startedYear: m.startedYear,
    endedYear: m.endedYear,
    tonnesPerYear: m.tonnesPerYear,
    materialLabel: materialLabelOf(offer),
    category: offer.category,
    from: party(offer.organisationId),
    to: party(need.organisationId),
    distanceKm: m.distanceKm,
  };
}

/** Everything in the funnel, plus the k best suggestions. */
function withTopSuggestions(matches: readonly Match[], k: number): Match[] {
  const suggested = matches.filter((m) => m.status === 'suggested').slice(0, k);
  return [...matches.filter((m) => m.status !== 'suggested'), ...suggested].sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
}

function viewOffer(o: Offer, directory: Directory): OfferView {
  return { ...o, pricePerTonne: o.pricePerTonne === null ? null : o.pricePerTonne.toString(), organisationName: directory.get(o.organisationId)?.name ?? '', materialLabel: materialLabelOf(o) };
}

function viewNeed(n: Need, directory: Directory): NeedView {
  return { ...n, organisationName: directory.get(n.organisationId)?.name ?? '' };
}

function definedOnly<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
}
