import { sql } from 'kysely';
import type { CurrencyTables } from './migrations.js';
import type { Executor } from '../../platform/db/transaction.js';
import { dialectOf } from '../../platform/db/dialect.js';
import type { ExchangeSide, ExchangeStatus, ListingKind, Owner, OwnerType, TimeBankCategory } from './model.js';

export interface ListingRecord {
  id: string;
  owner: Owner;
  kind: ListingKind;
  category: TimeBankCategory;
  title: string;
  description: string;
  status: 'open' | 'closed';
  createdBy: string | null;
  createdAt: string;
  closedAt: string | null;
}

export interface ExchangeRecord {
  id: string;
  provider: Owner;
  receiver: Owner;
  minutes: bigint;
  listingId: string | null;
  note: string | null;
  status: ExchangeStatus;
  proposerSide: ExchangeSide;
  proposedBy: string | null;
  pendingTransferId: string;
  proposedAt: string;
  expiresAt: string;
  resolvedAt: string | null;
  resolvedBy: string | null;
}

type ListingRow = Omit<CurrencyTables['time_bank_listings'], 'territory_id'>;

const toListing = (r: ListingRow): ListingRecord => ({
  id: r.id,
  owner: { type: r.owner_type as OwnerType, id: r.owner_id },
  kind: r.kind as ListingKind,
  category: r.category as TimeBankCategory,
  title: r.title,
  description: r.description,
  status: r.status as ListingRecord['status'],
  createdBy: r.created_by,
  createdAt: r.created_at,
  closedAt: r.closed_at,
});

type ExchangeRow = Omit<CurrencyTables['time_exchanges'], 'territory_id'>;

const toExchange = (r: ExchangeRow): ExchangeRecord => ({
  id: r.id,
  provider: { type: r.provider_type as OwnerType, id: r.provider_id },
  receiver: { type: r.receiver_type as OwnerType, id: r.receiver_id },
  minutes: BigInt(r.minutes),
  listingId: r.listing_id,
  note: r.note,
  status: r.status as ExchangeStatus,
  proposerSide: r.proposer_side as ExchangeSide,
  proposedBy: r.proposed_by,
  pendingTransferId: r.pending_transfer_id,
  proposedAt: r.proposed_at,
  expiresAt: r.expires_at,
  resolvedAt: r.resolved_at,
  resolvedBy: r.resolved_by,
});

/** `%`, `_` and `\` typed by a person are searched for, not interpreted as LIKE wildcards. */
function containsPattern(folded: string): string {
  return `%${folded.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export const timeBankRepository = {
  async insertListing(db: Executor, territoryId: string, l: ListingRecord, searchText: string): Promise<void> {
    await db
      .insertInto('time_bank_listings')
      .values({
        territory_id: territoryId,
        id: l.id,
        owner_type: l.owner.type,
        owner_id: l.owner.id,
        kind: l.kind,
        category: l.category,
        title: l.title,
        description: l.description,
        search_text: searchText,
        status: l.status,
        created_by: l.createdBy,
        created_at: l.createdAt,
        closed_at: l.closedAt,
      })
      .execute();
  },

  async findListing(db: Executor, territoryId: string, id: string): Promise<ListingRecord | undefined> {
    const row = await db.selectFrom('time_bank_listings').selectAll().where('territory_id', '=', territoryId).where('id', '=', id).executeTakeFirst();
    return row && toListing(row);
  },

  /** Closes an open listing; false when it was closed already (two closes race harmlessly). */
  async closeListing(db: Executor, territoryId: string, id: string, closedAt: string): Promise<boolean> {
    const result = await db
      .updateTable('time_bank_listings')
      .set({ status: 'closed', closed_at: closedAt })
      .where('territory_id', '=', territoryId)
      .where('id', '=', id)
      .where('status', '=', 'open')
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  },

  /** Newest first; `text` is already folded like `search_text`. */
  async listListings(
    db: Executor,
    territoryId: string,
    filter: { status: 'open' | 'closed'; kind?: ListingKind; category?: TimeBankCategory; text?: string; owner?: Owner; limit: number; before?: { createdAt: string; id: string } },
  ): Promise<ListingRecord[]> {
    const { kind, category, text, owner, before } = filter;
    const rows = await db
      .selectFrom('time_bank_listings')
      .selectAll()
      .where('territory_id', '=', territoryId)
      .where('status', '=', filter.status)
      .$if(kind !== undefined, (q) => q.where('kind', '=', kind!))
      .$if(category !== undefined, (q) => q.where('category', '=', category!))
      .$if(owner !== undefined, (q) => q.where('owner_type', '=', owner!.type).where('owner_id', '=', owner!.id))
      .$if(text !== undefined && text !== '', (q) => q.where(sql<boolean>`search_text like ${containsPattern(text!)} escape '\\'`))
      .$if(before !== undefined, (q) =>
        q.where((eb) => eb.or([eb('created_at', '<', before!.createdAt), eb.and([eb('created_at', '=', before!.createdAt), eb('id', '<', before!.id)])])),
      )
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(filter.limit)
      .execute();
    return rows.map(toListing);
  },

  async insertExchange(db: Executor, territoryId: string, e: ExchangeRecord): Promise<void> {
    await db
      .insertInto('time_exchanges')
      .values({
        territory_id: territoryId,
        id: e.id,
        provider_type: e.provider.type,
        provider_id: e.provider.id,
        receiver_type: e.receiver.type,
        receiver_id: e.receiver.id,
        minutes: e.minutes,
        listing_id: e.listingId,
        note: e.note,
        status: e.status,
        proposer_side: e.proposerSide,
        proposed_by: e.proposedBy,
        pending_transfer_id: e.pendingTransferId,
        proposed_at: e.proposedAt,
        expires_at: e.expiresAt,
        resolved_at: e.resolvedAt,
        resolved_by: e.resolvedBy,
      })
      .execute();
  },

  /** With `lock` on PostgreSQL the row is locked, so that a confirm and a cancel of one exchange queue. */
  async findExchange(db: Executor, territoryId: string, id: string, lock = false): Promise<ExchangeRecord | undefined> {
    const row = await db
      .selectFrom('time_exchanges')
      .selectAll()
      .where('territory_id', '=', territoryId)
      .where('id', '=', id)
      .$if(lock && dialectOf(db) === 'postgres', (q) => q.forUpdate())
      .executeTakeFirst();
    return row && toExchange(row);
  },

  async resolveExchanges(db: Executor, territoryId: string, ids: readonly string[], status: Exclude<ExchangeStatus, 'proposed'>, at: string, by: string | null): Promise<void> {
    if (ids.length === 0) return;
    await db
      .updateTable('time_exchanges')
      .set({ status, resolved_at: at, resolved_by: by })
      .where('territory_id', '=', territoryId)
      .where('id', 'in', [...ids])
      .where('status', '=', 'proposed')
      .execute();
  },

  /** Proposals past their expiry that still hold hours of one of these members. */
  async lapsedProposalsOf(db: Executor, territoryId: string, owners: readonly Owner[], now: string): Promise<ExchangeRecord[]> {
    const rows = await db
      .selectFrom('time_exchanges')
      .selectAll()
      .where('territory_id', '=', territoryId)
      .where('status', '=', 'proposed')
      .where('expires_at', '<', now)
      .where((eb) =>
        eb.or(
          owners.flatMap((o) => [
            eb.and([eb('provider_type', '=', o.type), eb('provider_id', '=', o.id)]),
            eb.and([eb('receiver_type', '=', o.type), eb('receiver_id', '=', o.id)]),
          ]),
        ),
      )
      .orderBy('id')
      .execute();
    return rows.map(toExchange);
  },

  /** A member's exchanges, newest first; `expired` includes proposals that lapsed but were not swept yet. */
  async listExchanges(
    db: Executor,
    territoryId: string,
    filter: { owner: Owner; status?: ExchangeStatus; now: string; limit: number; before?: { proposedAt: string; id: string } },
  ): Promise<ExchangeRecord[]> {
    const { owner, status, now, before } = filter;
    const rows = await db
      .selectFrom('time_exchanges')
      .selectAll()
      .where('territory_id', '=', territoryId)
      .where((eb) =>
        eb.or([
          eb.and([eb('provider_type', '=', owner.type), eb('provider_id', '=', owner.id)]),
          eb.and([eb('receiver_type', '=', owner.type), eb('receiver_id', '=', owner.id)]),
        ]),
      )
      .$if(status === 'proposed', (q) => q.where('status', '=', 'proposed').where('expires_at', '>=', now))
      .$if(status === 'expired', (q) =>
        q.where((eb) => eb.or([eb('status', '=', 'expired'), eb.and([eb('status', '=', 'proposed'), eb('expires_at', '<', now)])])),
      )
      .$if(status === 'confirmed' || status === 'cancelled', (q) => q.where('status', '=', status!))
      .$if(before !== undefined, (q) =>
        q.where((eb) => eb.or([eb('proposed_at', '<', before!.proposedAt), eb.and([eb('proposed_at', '=', before!.proposedAt), eb('id', '<', before!.id)])])),
      )
      .orderBy('proposed_at', 'desc')
      .orderBy('id', 'desc')
      .limit(filter.limit)
      .execute();
    return rows.map(toExchange);
  },
};
