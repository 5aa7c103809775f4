import type { Executor } from '../../platform/db/transaction.js';
import { bulkInsert } from '../../platform/db/bulk.js';
import { fromDbFlag, toDbFlag, toSafeNumber } from '../../platform/db/dialect.js';
import type { MetabolismTables } from './migrations.js';
import type { MatchExplanation } from './matching-model.js';
import type { ExchangeStatus, Match, MatchEvent, MatchStatus, Need, Offer } from './symbiosis-model.js';

type OfferRow = Omit<MetabolismTables['symbiosis_offers'], 'territory_id'>;
type NeedRow = Omit<MetabolismTables['symbiosis_needs'], 'territory_id'>;
type MatchRow = Omit<MetabolismTables['symbiosis_matches'], 'territory_id'>;

const toOffer = (r: OfferRow): Offer => ({
  id: r.id,
  organisationId: r.organisation_id,
  wasteCode: r.waste_code,
  category: r.category,
  materialName: r.material_name,
  description: r.description,
  tonnesPerYear: r.tonnes_per_year,
  availableFrom: r.available_from,
  availableUntil: r.available_until,
  hazardous: fromDbFlag(r.hazardous),
  pricePerTonne: r.price_per_tonne === null ? null : BigInt(r.price_per_tonne),
  priceUnit: 'EUR',
  confidential: fromDbFlag(r.confidential),
  status: r.status as ExchangeStatus,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const toNeed = (r: NeedRow, accepted: string[]): Need => ({
  id: r.id,
  organisationId: r.organisation_id,
  accepted,
  materialName: r.material_name,
  description: r.description,
  tonnesPerYear: r.tonnes_per_year,
  maxDistanceKm: r.max_distance_km,
  acceptsHazardous: fromDbFlag(r.accepts_hazardous),
  status: r.status as ExchangeStatus,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const toMatch = (r: MatchRow): Match => ({
  id: r.id,
  offerId: r.offer_id,
  needId: r.need_id,
  score: r.score,
  explanation: JSON.parse(r.explanation) as MatchExplanation,
  distanceKm: r.distance_km,
  status: r.status as MatchStatus,
  tonnesPerYear: r.tonnes_per_year,
  startedYear: r.started_year === null ? null : toSafeNumber(r.started_year),
  endedYear: r.ended_year === null ? null : toSafeNumber(r.ended_year),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const MATCH_COLUMNS = ['territory_id', 'id', 'offer_id', 'need_id', 'score', 'explanation', 'distance_km', 'status', 'tonnes_per_year', 'started_year', 'ended_year', 'created_at', 'updated_at'] as const;

export const symbiosisRepository = {
  async insertOffer(db: Executor, territoryId: string, o: Offer): Promise<void> {
    await db
      .insertInto('symbiosis_offers')
      .values({
        territory_id: territoryId,
        id: o.id,
        organisation_id: o.organisationId,
        waste_code: o.wasteCode,
        category: o.category,
        material_name: o.materialName,
        description: o.description,
        tonnes_per_year: o.tonnesPerYear,
        available_from: o.availableFrom,
        available_until: o.availableUntil,
        hazardous: toDbFlag(o.hazardous),
        price_per_tonne: o.pricePerTonne,
        price_unit: o.priceUnit,
        confidential: toDbFlag(o.confidential),
        status: o.status,
        created_at: o.createdAt,
        updated_at: o.updatedAt,
      })
      .execute();
  },

  async updateOffer(db: Executor, territoryId: string, o: Offer): Promise<void> {
    await db
      .updateTable('symbiosis_offers')
      .set({
        waste_code: o.wasteCode,
        category: o.category,
        material_name: o.materialName,
        description: o.description,
        tonnes_per_year: o.tonnesPerYear,
        available_from: o.availableFrom,
        available_until: o.availableUntil,
        hazardous: toDbFlag(o.hazardous),
        price_per_tonne: o.pricePerTonne,
        confidential: toDbFlag(o.confidential),
        status: o.status,
        updated_at: o.updatedAt,
      })
      .where('territory_id', '=', territoryId)
      .where('id', '=', o.id)
      .execute();
  },

  async listOffers(db: Executor, territoryId: string, filter: { organisationId?: string; status?: ExchangeStatus } = {}): Promise<Offer[]> {
    const rows = await db
      .selectFrom('symbiosis_offers')
      .selectAll()
      .where('territory_id', '=', territoryId)
      .$if(filter.organisationId !== undefined, (q) => q.where('organisation_id', '=', filter.organisationId!))
      .$if(filter.status !== undefined, (q) => q.where('status', '=', filter.status!))
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toOffer);
  },

  async findOffer(db: Executor, territoryId: string, id: string): Promise<Offer | undefined> {
    const row = await db.selectFrom('symbiosis_offers').selectAll().where('territory_id', '=', territoryId).where('id', '=', id).executeTakeFirst();
    return row && toOffer(row);
  },

  async insertNeed(db: Executor, territoryId: string, n: Need): Promise<void> {
    await db
      .insertInto('symbiosis_needs')
      .values({
        territory_id: territoryId,
        id: n.id,
        organisation_id: n.organisationId,
        material_name: n.materialName,
        description: n.description,
        tonnes_per_year: n.tonnesPerYear,
        max_distance_km: n.maxDistanceKm,
        accepts_hazardous: toDbFlag(n.acceptsHazardous),
        status: n.status,
        created_at: n.createdAt,
        updated_at: n.updatedAt,
      })
      .execute();
    await this.replaceAccepted(db, territoryId, n.id, n.accepted);
  },

  async updateNeed(db: Executor, territoryId: string, n: Need): Promise<void> {
    await db
      .updateTable('symbiosis_needs')
      .set({
        material_name: n.materialName,
        description: n.description,
        tonnes_per_year: n.tonnesPerYear,
        max_distance_km: n.maxDistanceKm,
        accepts_hazardous: toDbFlag(n.acceptsHazardous),
        status: n.status,
        updated_at: n.updatedAt,
      })
      .where('territory_id', '=', territoryId)
      .where('id', '=', n.id)
      .execute();
    await this.replaceAccepted(db, territoryId, n.id, n.accepted);
  },

  async replaceAccepted(db: Executor, territoryId: string, needId: string, accepted: readonly string[]): Promise<void> {
    await db.deleteFrom('symbiosis_need_materials').where('territory_id', '=', territoryId).where('need_id', '=', needId).execute();
    await bulkInsert(db, 'symbiosis_need_materials', ['territory_id', 'need_id', 'position', 'accepted'], accepted.map((a, i) => [territoryId, needId, BigInt(i), a]));
  },

  async listNeeds(db: Executor, territoryId: string, filter: { organisationId?: string; status?: ExchangeStatus; ids?: readonly string[] } = {}): Promise<Need[]> {
    if (filter.ids && filter.ids.length === 0) return [];
    const rows = await db
      .selectFrom('symbiosis_needs')
      .selectAll()
      .where('territory_id', '=', territoryId)
      .$if(filter.organisationId !== undefined, (q) => q.where('organisation_id', '=', filter.organisationId!))
      .$if(filter.status !== undefined, (q) => q.where('status', '=', filter.status!))
      .$if(filter.ids !== undefined, (q) => q.where('id', 'in', filter.ids!))
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    const materials = await db
      .selectFrom('symbiosis_need_materials')
      .select(['need_id', 'accepted'])
      .where('territory_id', '=', territoryId)
      .$if(filter.ids !== undefined, (q) => q.where('need_id', 'in', filter.ids!))
      .orderBy('need_id')
      .orderBy('position')
      .execute();
    const accepted = new Map<string, string[]>();
    for (const m of materials) accepted.set(m.need_id, [...(accepted.get(m.need_id) ?? []), m.accepted]);
    return rows.map((r) => toNeed(r, accepted.get(r.id) ?? []));
  },

  async findNeed(db: Executor, territoryId: string, id: string): Promise<Need | undefined> {
    return (await this.listNeeds(db, territoryId, { ids: [id] }))[0];
  },

  async listMatches(db: Executor, territoryId: string, filter: { offerId?: string; needId?: string; status?: MatchStatus; statuses?: readonly MatchStatus[] } = {}): Promise<Match[]> {
    const rows = await db
      .selectFrom('symbiosis_matches')
      .selectAll()
      .where('territory_id', '=', territoryId)
      .$if(filter.offerId !== undefined, (q) => q.where('offer_id', '=', filter.offerId!))
      .$if(filter.needId !== undefined, (q) => q.where('need_id', '=', filter.needId!))
      .$if(filter.status !== undefined, (q) => q.where('status', '=', filter.status!))
      .$if(filter.statuses !== undefined, (q) => q.where('status', 'in', filter.statuses!))
      .orderBy('score', 'desc')
      .orderBy('id')
      .execute();
    return rows.map(toMatch);
  },

  async findMatch(db: Executor, territoryId: string, id: string): Promise<Match | undefined> {
    const row = await db.selectFrom('symbiosis_matches').selectAll().where('territory_id', '=', territoryId).where('id', '=', id).executeTakeFirst();
    return row && toMatch(row);
  },

  async insertMatches(db: Executor, territoryId: string, matches: readonly Match[]): Promise<void> {
    await bulkInsert(
      db,
      'symbiosis_matches',
      MATCH_COLUMNS,
      matches.map((m) => [
        territoryId, m.id, m.offerId, m.needId, m.score, JSON.stringify(m.explanation), m.distanceKm, m.status, m.tonnesPerYear,
        m.startedYear === null ? null : BigInt(m.startedYear), m.endedYear === null ? null : BigInt(m.endedYear), m.createdAt, m.updatedAt,
      ]),
    );
  },

  async updateMatchScore(db: Executor, territoryId: string, id: string, score: number, explanation: MatchExplanation, distanceKm: number | null, at: string): Promise<void> {
    await db.updateTable('symbiosis_matches').set({ score, explanation: JSON.stringify(explanation), distance_km: distanceKm, updated_at: at }).where('territory_id', '=', territoryId).where('id', '=', id).execute();
  },

  async updateMatchState(db: Executor, territoryId: string, m: Match): Promise<void> {
    await db
      .updateTable('symbiosis_matches')
      .set({
        status: m.status,
        tonnes_per_year: m.tonnesPerYear,
        started_year: m.startedYear === null ? null : BigInt(m.startedYear),
        ended_year: m.endedYear === null ? null : BigInt(m.endedYear),
        updated_at: m.updatedAt,
      })
      .where('territory_id', '=', territoryId)
      .where('id', '=', m.id)
      .execute();
  },

  /** Suggestions only: a match someone acted on is history. */
  async deleteSuggestions(db: Executor, territoryId: string, ids: readonly string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += 500) {
      await db.deleteFrom('symbiosis_matches').where('territory_id', '=', territoryId).where('status', '=', 'suggested').where('id', 'in', ids.slice(i, i + 500)).execute();
    }
  },

  async insertEvent(db: Executor, territoryId: string, matchId: string, e: MatchEvent): Promise<void> {
    await db
      .insertInto('symbiosis_match_events')
      .values({ territory_id: territoryId, id: e.id, match_id: matchId, from_status: e.fromStatus, to_status: e.toStatus, note: e.note, occurred_at: e.occurredAt, actor: e.actor })
      .execute();
  },

  async listEvents(db: Executor, territoryId: string, matchId: string): Promise<MatchEvent[]> {
    const rows = await db.selectFrom('symbiosis_match_events').selectAll().where('territory_id', '=', territoryId).where('match_id', '=', matchId).orderBy('occurred_at').orderBy('id').execute();
    return rows.map((r) => ({ id: r.id, fromStatus: r.from_status as MatchStatus | null, toStatus: r.to_status as MatchStatus, note: r.note, occurredAt: r.occurred_at, actor: r.actor }));
  },
};
