import type { Executor } from '../../platform/db/transaction.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { appendAuditEvent } from '../../platform/audit/audit-trail.js';
import type { Actor } from '../../platform/auth/actor.js';
import { conflict, invalidInput, notFound, ProblemError, unauthenticated } from '../../platform/errors.js';
import { systemClock, type Clock } from '../../platform/clock.js';
import { newId } from '../../platform/ids.js';
import type { TerritoriesService } from '../territories/service.js';
import { sortKeyOf, type Grants, type Territory } from '../territories/model.js';
import type { TransferError, TransferInput, TransferResult } from './ledger-model.js';
import type { CurrencyService } from './service.js';
import {
  canActFor,
  canReadAccount,
  EXCHANGE_TIMEOUT_SECONDS,
  exchangeSideOf,
  HOUR,
  isExpired,
  isValidIdempotencyKey,
  listingFitsExchange,
  mayCancelExchange,
  mayCloseListing,
  mayConfirmExchange,
  maySeeExchange,
  sameOwner,
  validateExchangeProposal,
  validateListing,
  type ExchangeSide,
  type ExchangeStatus,
  type ListingKind,
  type Owner,
  type TimeBankCategory,
} from './model.js';
import { timeBankRepository as repo, type ExchangeRecord, type ListingRecord } from './time-bank-repository.js';
import { nameParties, type PartyView } from './party-names.js';
import { decodePageCursor, pageOf } from '../../platform/page-cursor.js';

export interface ListingView extends Omit<ListingRecord, 'owner' | 'createdBy'> {
  owner: PartyView;
}

export interface ExchangeView {
  id: string;
  provider: PartyView;
  receiver: PartyView;
  minutes: bigint;
  listingId: string | null;
  note: string | null;
  status: ExchangeStatus;
  proposedBy: ExchangeSide;
  /** The side whose confirmation the exchange waits for, while it is proposed. */
  awaiting: ExchangeSide | null;
  proposedAt: string;
  expiresAt: string;
  resolvedAt: string | null;
  pendingTransferId: string;
}

export interface ExchangeProposal {
  /** The client's Idempotency-Key, which becomes the exchange's id: a retry returns the first outcome. */
  key: string;
  provider: Owner;
  receiver: Owner;
  minutes: bigint;
  listingId?: string;
  note?: string;
}

function notAParty(message = 'Only the two sides of this exchange can do this.'): ProblemError {
  return new ProblemError(403, 'not_a_party', message);
}

function alreadyResolved(status: ExchangeStatus): ProblemError {
  return conflict('already_resolved', `This exchange is already ${status}; nothing was changed.`);
}

function exchangeExpired(): ProblemError {
  return conflict('exchange_expired', 'Nobody confirmed this exchange within 30 days: it lapsed and the hours it held are released. Propose it again.');
}

/** The ledger's refusal of an exchange, in the time bank's words. */
function ledgerRefused(code: TransferError): ProblemError {
  const messages: Partial<Record<TransferError, [string, string]>> = {
    insufficient_funds: ['minutes', 'The receiver would owe more hours than the time bank allows (their lower limit).'],
    exceeds_credit_limit: ['minutes', 'The provider would hold more hours than the time bank allows (their upper limit).'],
    account_frozen: ['provider', 'One of the two time accounts is frozen by the currency operator.'],
    account_closed: ['provider', 'One of the two time accounts is closed.'],
  };
  if (code === 'pending_transfer_expired') return exchangeExpired();
  const [field, message] = messages[code] ?? ['minutes', `The ledger refused the exchange (${code}).`];
  return new ProblemError(422, code, message, [{ field, code, message }]);
}

const pendingTransferIdOf = (exchangeId: string) => `time-exchange/${exchangeId}`;
/** A void that the ledger's own expiry already made (`expireHolds`) releases the hours all the same. */
const isReleased = (result: TransferResult) => result.status !== 'error' || result.code === 'pending_transfer_already_voided';
const otherSide = (side: ExchangeSide): ExchangeSide => (side === 'provider' ? 'receiver' : 'provider');

/**
 * The time bank: hours as mutual credit (unit HOUR, in minutes) on the ledger, a public directory of
 * offers and wants, and exchanges that both sides confirm. A proposal is a pending transfer from the
 * receiver to the provider, so the receiver's limit is reserved until the other side confirms (post),
 * either side cancels (void), or 30 days pass.
 */
export class TimeBankService {
  constructor(
    private readonly db: Executor,
    private readonly territories: TerritoriesService,
    private readonly currency: CurrencyService,
    private readonly clock: Clock = systemClock,
  ) {}

  // ── the directory ────────────────────────────────────────────────────────────────────────────

  async createListing(
    actor: Actor,
    slug: string,
    input: { owner?: Owner; kind: string; category: string; title: string; description?: string },
  ): Promise<ListingView> {
    const { territory, grants } = await this.signedIn(actor, slug);
    const owner = input.owner ?? this.self(grants);
    if (!canActFor(grants, owner)) throw notAParty('You can list only for yourself, or for an organisation you represent.');
    const description = (input.description ?? '').trim();
    const errors = validateListing({ kind: input.kind, category: input.category, title: input.title, description });
    if (errors.length > 0) throw invalidInput(errors);
    const listing: ListingRecord = {
      id: newId(),
      owner,
      kind: input.kind as ListingKind,
      category: input.category as TimeBankCategory,
      title: input.title.trim(),
      description,
      status: 'open',
      createdBy: grants.personId,
      createdAt: this.clock().toISOString(),
      closedAt: null,
    };
    await inTransaction(this.db, async (trx) => {
      await repo.insertListing(trx, territory.id, listing, sortKeyOf(`${listing.title}\n${listing.description}`));
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'time_bank.listing_created', targetType: 'time_bank_listing', targetId: listing.id, change: { owner, kind: listing.kind, category: listing.category, title: listing.title } }, this.clock);
    });
    return (await this.viewListings(slug, [listing]))[0]!;
  }

  async closeListing(actor: Actor, slug: string, listingId: string): Promise<ListingView> {
    const { territory, grants } = await this.signedIn(actor, slug);
    const closed = await inTransaction(this.db, async (trx) => {
      const listing = await repo.findListing(trx, territory.id, listingId);
      if (!listing) throw notFound('The listing');
      if (!mayCloseListing(grants, listing.owner)) throw notAParty('Only the owner of the listing (or the currency operator) can close it.');
      const closedAt = this.clock().toISOString();
      if (!(await repo.closeListing(trx, territory.id, listingId, closedAt))) throw conflict('already_closed', 'This listing is already closed.');
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'time_bank.listing_closed', targetType: 'time_bank_listing', targetId: listingId, change: {} }, this.clock);
      return { ...listing, status: 'closed' as const, closedAt };
    });
    return (await this.viewListings(slug, [closed]))[0]!;
  }

  async listing(slug: string, listingId: string): Promise<ListingView> {
    const territory = await this.territories.requireTerritory(slug);
    const listing = await repo.findListing(this.db, territory.id, listingId);
    if (!listing) throw notFound('The listing');
    return (await this.viewListings(slug, [listing]))[0]!;
  }

  /** The public directory, newest first; `text` matches title and description, ignoring case and accents. */
  async listListings(
    slug: string,
    options: { kind?: ListingKind; category?: TimeBankCategory; text?: string; owner?: Owner; status?: 'open' | 'closed'; limit: number; cursor?: string },
  ): Promise<{ items: ListingView[]; nextCursor: string | null }> {
    const territory = await this.territories.requireTerritory(slug);
    const before = options.cursor ? decodePageCursor(options.cursor, 2) : undefined;
    const text = options.text?.trim() ? sortKeyOf(options.text.trim()) : undefined;
    const rows = await repo.listListings(this.db, territory.id, {
      status: options.status ?? 'open',
      limit: options.limit + 1,
      ...(options.kind ? { kind: options.kind } : {}),
      ...(options.category ? { category: options.category } : {}),
      ...(options.owner ? { owner: options.owner } : {}),
      ...(text ? { text } : {}),
      ...(before ? { before: { createdAt: before[0]!, id: before[1]! } } : {}),
    });
    const page = pageOf(rows, options.limit, (l) => [l.createdAt, l.id]);
    return { items: await this.viewListings(slug, page.items), nextCursor: page.nextCursor };
  }

  // ── exchanges ────────────────────────────────────────────────────────────────────────────────

  async proposeExchange(actor: Actor, slug: string, input: ExchangeProposal): Promise<ExchangeView> {
    const { territory, grants } = await this.signedIn(actor, slug);
    if (!isValidIdempotencyKey(input.key)) {
      throw invalidInput([{ field: 'Idempotency-Key', code: 'invalid_idempotency_key', message: 'The idempotency key is 8 to 100 letters, digits or . _ : -' }]);
    }
    const { provider, receiver, minutes } = input;
    const note = input.note?.trim() || null;
    const errors = validateExchangeProposal({ provider, receiver, minutes, note });
    if (errors.length > 0) throw invalidInput(errors);
    const side = exchangeSideOf(grants, provider, receiver);
    if (side === null) throw notAParty('You can propose an exchange only as its provider or its receiver (or for an organisation you represent).');
    if (side === 'both') {
      const message = 'You speak for both sides of this exchange: the other side must propose or confirm it through someone else.';
      throw new ProblemError(422, 'represents_both_sides', message, [{ field: 'receiver', code: 'represents_both_sides', message }]);
    }
    const isRetryOf = (previous: ExchangeRecord): boolean => {
      const same =
        sameOwner(previous.provider, provider) && sameOwner(previous.receiver, receiver) && previous.minutes === minutes &&
        previous.listingId === (input.listingId ?? null) && previous.note === note && previous.proposedBy === grants.personId;
      if (!same) throw conflict('exists_with_different_fields', 'This idempotency key was already used for a different exchange.');
      return true;
    };
    // A retry returns the first outcome even if the listing has closed since.
    const first = await repo.findExchange(this.db, territory.id, input.key);
    if (first && isRetryOf(first)) return (await this.viewExchanges(slug, [first]))[0]!;
    await this.requireMember(territory, side === 'provider' ? receiver : provider);
    if (input.listingId !== undefined) {
      const listing = await repo.findListing(this.db, territory.id, input.listingId);
      if (!listing) throw notFound('The listing');
      if (!listingFitsExchange(listing, provider, receiver)) {
        const message = "An exchange from a listing is with its owner, on the listing's side (the offer's provider or the want's receiver), while it is open.";
        throw new ProblemError(422, 'listing_mismatch', message, [{ field: 'listingId', code: 'listing_mismatch', message }]);
      }
    }
    const exchange = await inTransaction(this.db, async (trx) => {
      const previous = await repo.findExchange(trx, territory.id, input.key, true);
      if (previous && isRetryOf(previous)) return previous;
      const debit = await this.currency.memberAccount(trx, territory, receiver, HOUR);
      const credit = await this.currency.memberAccount(trx, territory, provider, HOUR);
      const now = this.clock().toISOString();
      // Lapsed proposals of either side are released in the same batch, before the new hold is checked.
      const lapsed = await repo.lapsedProposalsOf(trx, territory.id, [provider, receiver], now);
      const releases = await this.voidTransfers(trx, territory, lapsed);
      const pendingId = pendingTransferIdOf(input.key);
      const pending: TransferInput = {
        id: pendingId, debitAccountId: debit.id, creditAccountId: credit.id, amount: minutes, unit: HOUR, kind: 'time_exchange', memo: note,
        phase: 'pending', timeoutSeconds: EXCHANGE_TIMEOUT_SECONDS,
      };
      const outcome = await this.currency.postTransfers(trx, territory.id, [...releases, pending]);
      const result = outcome.results[releases.length]!;
      if (result.status === 'error') throw ledgerRefused(result.code);
      await this.markReleased(trx, actor, territory, lapsed.filter((_, i) => isReleased(outcome.results[i]!)), 'expired', now);
      const proposedAt = outcome.accepted.find((t) => t.id === pendingId)?.createdAt ?? now;
      const created: ExchangeRecord = {
        id: input.key, provider, receiver, minutes, listingId: input.listingId ?? null, note, status: 'proposed', proposerSide: side,
        proposedBy: grants.personId, pendingTransferId: pendingId, proposedAt,
        expiresAt: new Date(Date.parse(proposedAt) + EXCHANGE_TIMEOUT_SECONDS * 1000).toISOString(), resolvedAt: null, resolvedBy: null,
      };
      await repo.insertExchange(trx, territory.id, created);
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'time_exchange.proposed', targetType: 'time_exchange', targetId: created.id, change: { provider, receiver, minutes, side } }, this.clock);
      return created;
    });
    return (await this.viewExchanges(slug, [exchange]))[0]!;
  }

  async confirmExchange(actor: Actor, slug: string, exchangeId: string): Promise<ExchangeView> {
    const { territory, grants } = await this.signedIn(actor, slug);
    const outcome = await inTransaction(this.db, async (trx) => {
      const exchange = await this.requireExchange(trx, territory, exchangeId);
      const decision = mayConfirmExchange(grants, exchange);
      if (decision === 'not_a_party') throw notAParty();
      if (decision === 'own_proposal') throw new ProblemError(403, 'own_proposal', 'The other side confirms this exchange: you proposed it, or you speak only for the side that did.');
      if (exchange.status !== 'proposed') throw alreadyResolved(exchange.status);
      const now = this.clock().toISOString();
      if (isExpired(exchange.expiresAt, this.clock())) return this.lapse(trx, actor, territory, exchange, now);
      const post = await this.resolution(trx, territory, exchange, 'post_pending');
      const result = (await this.currency.postTransfers(trx, territory.id, [post])).results[0]!;
      if (result.status === 'error' && result.code === 'pending_transfer_expired') return this.lapse(trx, actor, territory, exchange, now);
      if (result.status === 'error') throw ledgerRefused(result.code);
      await repo.resolveExchanges(trx, territory.id, [exchange.id], 'confirmed', now, grants.personId);
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'time_exchange.confirmed', targetType: 'time_exchange', targetId: exchange.id, change: { minutes: exchange.minutes } }, this.clock);
      return { ...exchange, status: 'confirmed' as const, resolvedAt: now, resolvedBy: grants.personId };
    });
    // A lapsed proposal is released (and that is committed) but the confirmation itself is refused.
    if (outcome.status === 'expired') throw exchangeExpired();
    return (await this.viewExchanges(slug, [outcome]))[0]!;
  }

  async cancelExchange(actor: Actor, slug: string, exchangeId: string): Promise<ExchangeView> {
    const { territory, grants } = await this.signedIn(actor, slug);
    const cancelled = await inTransaction(this.db, async (trx) => {
      const exchange = await this.requireExchange(trx, territory, exchangeId);
      if (!mayCancelExchange(grants, exchange)) throw notAParty();
      if (exchange.status !== 'proposed') throw alreadyResolved(exchange.status);
      const status = isExpired(exchange.expiresAt, this.clock()) ? ('expired' as const) : ('cancelled' as const);
      const result = (await this.currency.postTransfers(trx, territory.id, await this.voidTransfers(trx, territory, [exchange]))).results[0]!;
      if (result.status === 'error' && !isReleased(result)) throw ledgerRefused(result.code);
      const now = this.clock().toISOString();
      await this.markReleased(trx, actor, territory, [exchange], status, now, grants.personId);
      return { ...exchange, status, resolvedAt: now, resolvedBy: grants.personId };
    });
    return (await this.viewExchanges(slug, [cancelled]))[0]!;
  }

  async exchange(actor: Actor, slug: string, exchangeId: string): Promise<ExchangeView> {
    const { territory, grants } = await this.signedIn(actor, slug);
    const exchange = await this.requireExchange(this.db, territory, exchangeId);
    if (!maySeeExchange(grants, exchange)) throw notAParty();
    return (await this.viewExchanges(slug, [exchange]))[0]!;
  }

  /** A member's exchanges, newest first: the member themself, their organisation's members, operators, auditors. */
  async listExchanges(
    actor: Actor,
    slug: string,
    options: { owner?: Owner; status?: ExchangeStatus; limit: number; cursor?: string },
  ): Promise<{ items: ExchangeView[]; nextCursor: string | null }> {
    const { territory, grants } = await this.signedIn(actor, slug);
    const owner = options.owner ?? this.self(grants);
    if (!canReadAccount(grants, owner)) throw notAParty('You can see only your own exchanges and those of your organisations.');
    const before = options.cursor ? decodePageCursor(options.cursor, 2) : undefined;
    const rows = await repo.listExchanges(this.db, territory.id, {
      owner,
      now: this.clock().toISOString(),
      limit: options.limit + 1,
      ...(options.status ? { status: options.status } : {}),
      ...(before ? { before: { proposedAt: before[0]!, id: before[1]! } } : {}),
    });
    const page = pageOf(rows, options.limit, (e) => [e.proposedAt, e.id]);
    return { items: await this.viewExchanges(slug, page.items), nextCursor: page.nextCursor };
  }

  // ── helpers ──────────────────────────────────────────────────────────────────────────────────

  private async signedIn(actor: Actor, slug: string): Promise<{ territory: Territory; grants: Grants }> {
    const territory = await this.territories.requireTerritory(slug);
    if (actor.kind === 'anonymous') throw unauthenticated();
    return { territory, grants: await this.territories.grantsFor(actor, territory.id) };
  }

  private self(grants: Grants): Owner {
    if (!grants.personId) throw invalidInput([{ field: 'owner', code: 'required', message: 'Say whose listing or exchanges these are.' }]);
    return { type: 'person', id: grants.personId };
  }

  private async requireMember(territory: Territory, owner: Owner): Promise<void> {
    const known = owner.type === 'organisation' ? await this.territories.hasOrganisation(territory.id, owner.id) : owner.type === 'person' && (await this.territories.hasPerson(territory.id, owner.id));
    if (!known) throw notFound(`The ${owner.type} ${owner.id} in this territory`);
  }

  /** Inside a use case's transaction the row is locked, so that a confirm and a cancel of one exchange queue. */
  private async requireExchange(db: Executor, territory: Territory, id: string): Promise<ExchangeRecord> {
    const exchange = await repo.findExchange(db, territory.id, id, db.isTransaction);
    if (!exchange) throw notFound('The exchange');
    return exchange;
  }

  /**
   * The transfer that settles a proposal: post its hold (confirm) or void it (release). Its id derives
   * from the exchange's, so a proposal is settled once whatever races; the accounts exist since the proposal.
   */
  private async resolution(trx: Executor, territory: Territory, e: ExchangeRecord, phase: 'post_pending' | 'void_pending'): Promise<TransferInput> {
    const debit = await this.currency.memberAccount(trx, territory, e.receiver, HOUR);
    const credit = await this.currency.memberAccount(trx, territory, e.provider, HOUR);
    return {
      id: `${e.pendingTransferId}/${phase === 'post_pending' ? 'confirm' : 'release'}`, debitAccountId: debit.id, creditAccountId: credit.id, amount: e.minutes,
      unit: HOUR, kind: 'time_exchange', memo: e.note, phase, pendingId: e.pendingTransferId,
    };
  }

  private async voidTransfers(trx: Executor, territory: Territory, exchanges: readonly ExchangeRecord[]): Promise<TransferInput[]> {
    const transfers: TransferInput[] = [];
    for (const e of exchanges) transfers.push(await this.resolution(trx, territory, e, 'void_pending'));
    return transfers;
  }

  private async lapse(trx: Executor, actor: Actor, territory: Territory, exchange: ExchangeRecord, now: string): Promise<ExchangeRecord> {
    const result = (await this.currency.postTransfers(trx, territory.id, await this.voidTransfers(trx, territory, [exchange]))).results[0]!;
    if (isReleased(result)) await this.markReleased(trx, actor, territory, [exchange], 'expired', now);
    return { ...exchange, status: 'expired' };
  }

  private async markReleased(
    trx: Executor,
    actor: Actor,
    territory: Territory,
    exchanges: readonly ExchangeRecord[],
    status: 'cancelled' | 'expired',
    now: string,
    by: string | null = null,
  ): Promise<void> {
    await repo.resolveExchanges(trx, territory.id, exchanges.map((e) => e.id), status, now, by);
    for (const e of exchanges) {
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: `time_exchange.${status}`, targetType: 'time_exchange', targetId: e.id, change: { minutes: e.minutes } }, this.clock);
    }
  }

  private async viewListings(slug: string, listings: readonly ListingRecord[]): Promise<ListingView[]> {
    const named = await nameParties(this.db, this.territories, slug, listings.map((l) => l.owner));
    return listings.map(({ owner, createdBy: _by, ...l }) => ({ ...l, owner: named(owner) }));
  }

  private async viewExchanges(slug: string, exchanges: readonly ExchangeRecord[]): Promise<ExchangeView[]> {
    const named = await nameParties(this.db, this.territories, slug, exchanges.flatMap((e) => [e.provider, e.receiver]));
    const now = this.clock();
    return exchanges.map((e) => {
      const status: ExchangeStatus = e.status === 'proposed' && isExpired(e.expiresAt, now) ? 'expired' : e.status;
      return {
        id: e.id,
        provider: named(e.provider),
        receiver: named(e.receiver),
        minutes: e.minutes,
        listingId: e.listingId,
        note: e.note,
        status,
        proposedBy: e.proposerSide,
        awaiting: status === 'proposed' ? otherSide(e.proposerSide) : null,
        proposedAt: e.proposedAt,
        expiresAt: e.expiresAt,
        resolvedAt: e.resolvedAt,
        pendingTransferId: e.pendingTransferId,
      };
    });
  }
}
