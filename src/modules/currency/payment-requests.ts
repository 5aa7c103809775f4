import type { Executor } from '../../platform/db/transaction.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { appendAuditEvent } from '../../platform/audit/audit-trail.js';
import type { Actor } from '../../platform/auth/actor.js';
import { conflict, forbidden, invalidInput, notFound, ProblemError, unauthenticated } from '../../platform/errors.js';
import { systemClock, type Clock } from '../../platform/clock.js';
import { newId } from '../../platform/ids.js';
import type { TerritoriesService } from '../territories/service.js';
import type { Grants, Territory } from '../territories/model.js';
import type { TransferError } from './ledger-model.js';
import type { CurrencyService } from './service.js';
import {
  canActFor,
  canReadAccount,
  isExpired,
  mayRequestPayment,
  maySeePayer,
  sameOwner,
  validatePaymentRequest,
  type Owner,
  type PaymentRequestStatus,
} from './model.js';
import { paymentRequestsRepository as repo, type PaymentRequestRecord } from './payment-requests-repository.js';
import { nameParties, type PartyView } from './party-names.js';
import { decodePageCursor, pageOf } from '../../platform/page-cursor.js';

export interface PaymentRequestView {
  id: string;
  /** The web app's page for this request, to share as a link or a QR code. */
  path: string;
  payee: PartyView;
  amount: bigint;
  unit: string;
  memo: string | null;
  status: PaymentRequestStatus;
  expiresAt: string | null;
  createdAt: string;
  /** When it was paid or cancelled. */
  resolvedAt: string | null;
  /** Only for whoever may read the payee's account, and for the payer. */
  payer: PartyView | null;
}

/** The ledger transfer of a request: its id is derived from the request's, so a request is paid once. */
export const paymentTransferIdOf = (requestId: string) => `payment-request/${requestId}`;

function alreadyPaid(): ProblemError {
  return conflict('already_paid', 'This request is already paid; nothing was charged again.');
}

function refusedPayment(code: TransferError): ProblemError {
  // Another payment already used this request's transfer id: someone paid it first.
  if (code === 'exists_with_different_fields') return alreadyPaid();
  const messages: Partial<Record<TransferError, string>> = {
    insufficient_funds: 'Your balance is not enough to pay this request.',
    account_frozen: 'One of the accounts is frozen by the currency operator.',
    account_closed: 'One of the accounts is closed.',
  };
  return new ProblemError(422, code, messages[code] ?? `The ledger refused the payment (${code}).`);
}

/**
 * Payment requests: a payee (a person, or an organisation's cashier) asks for an amount; the request
 * is a link or a QR code that anyone signed in pays in one step, exactly once.
 */
export class PaymentRequestsService {
  constructor(
    private readonly db: Executor,
    private readonly territories: TerritoriesService,
    private readonly currency: CurrencyService,
    private readonly clock: Clock = systemClock,
  ) {}

  async create(actor: Actor, slug: string, input: { payee?: Owner; amount: bigint; memo?: string; expiresAt?: string }): Promise<PaymentRequestView> {
    const { territory, grants } = await this.signedIn(actor, slug);
    const payee = input.payee ?? this.self(grants);
    if (!mayRequestPayment(grants, payee)) throw forbidden('You can request payment only for yourself, or for an organisation you belong to.');
    const memo = input.memo?.trim() || null;
    const expiresAt = input.expiresAt ?? null;
    const errors = validatePaymentRequest({ amount: input.amount, memo, expiresAt }, this.clock());
    if (errors.length > 0) throw invalidInput(errors);
    const request: PaymentRequestRecord = {
      id: newId(),
      payee,
      amount: input.amount,
      unit: territory.currencyCode,
      memo,
      status: 'open',
      expiresAt: expiresAt && new Date(expiresAt).toISOString(),
      createdBy: grants.personId,
      createdAt: this.clock().toISOString(),
      payer: null,
      paidBy: null,
      transferId: null,
      resolvedAt: null,
    };
    await inTransaction(this.db, async (trx) => {
      await repo.insert(trx, territory.id, request);
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'payment_request.created', targetType: 'payment_request', targetId: request.id, change: { payee, amount: request.amount, unit: request.unit } }, this.clock);
    });
    return this.view(slug, grants, request);
  }

  /** Public: what the link shows to anyone, with the payer only for the payee's side and the payer. */
  async get(actor: Actor, slug: string, requestId: string): Promise<PaymentRequestView> {
    const territory = await this.territories.requireTerritory(slug);
    const request = await repo.find(this.db, territory.id, requestId);
    if (!request) throw notFound('The payment request');
    return this.view(slug, await this.territories.grantsFor(actor, territory.id), request);
  }

  async list(
    actor: Actor,
    slug: string,
    options: { payee?: Owner; status?: PaymentRequestStatus; limit: number; cursor?: string },
  ): Promise<{ items: PaymentRequestView[]; nextCursor: string | null }> {
    const { territory, grants } = await this.signedIn(actor, slug);
    const payee = options.payee ?? this.self(grants);
    if (!canReadAccount(grants, payee)) throw forbidden('You can see only your own requests and those of your organisations.');
    const before = options.cursor ? decodePageCursor(options.cursor, 2) : undefined;
    const rows = await repo.listForPayee(this.db, territory.id, {
      payee,
      now: this.clock().toISOString(),
      limit: options.limit + 1,
      ...(options.status ? { status: options.status } : {}),
      ...(before ? { before: { createdAt: before[0]!, id: before[1]! } } : {}),
    });
    const page = pageOf(rows, options.limit, (r) => [r.createdAt, r.id]);
    const named = await nameParties(this.db, this.territories, slug, page.items.flatMap((r) => (r.payer ? [r.payee, r.payer] : [r.payee])));
    return { items: page.items.map((r) => this.present(slug, grants, r, named)), nextCursor: page.nextCursor };
  }

  /**
   * Pays a request in one step from the payer's account (their own, or their organisation's as its
   * representative). The transfer's id is the request's, so a second payment is refused by the ledger
   * itself even if two payers race past the status check.
   */
  async pay(actor: Actor, slug: string, requestId: string, input: { from?: Owner } = {}): Promise<PaymentRequestView> {
    const { territory, grants } = await this.signedIn(actor, slug);
    const from = input.from ?? this.self(grants);
    if (!canActFor(grants, from)) throw forbidden("You can pay only from your own account or as your organisation's representative.");
    const paid = await inTransaction(this.db, async (trx) => {
      const request = await repo.find(trx, territory.id, requestId, true);
      if (!request) throw notFound('The payment request');
      if (request.status === 'paid') throw alreadyPaid();
      if (request.status === 'cancelled') throw conflict('payment_request_cancelled', 'The payee cancelled this request.');
      const now = this.clock();
      if (isExpired(request.expiresAt, now)) throw conflict('payment_request_expired', 'This request has expired: ask the payee for a new one.');
      if (sameOwner(from, request.payee)) throw invalidInput([{ field: 'from', code: 'same_account', message: 'Payer and payee are the same.' }]);
      const debit = await this.currency.memberAccount(trx, territory, from, request.unit);
      const credit = await this.currency.memberAccount(trx, territory, request.payee, request.unit);
      const transferId = paymentTransferIdOf(request.id);
      const outcome = await this.currency.postTransfers(trx, territory.id, [
        { id: transferId, debitAccountId: debit.id, creditAccountId: credit.id, amount: request.amount, unit: request.unit, kind: 'payment', memo: request.memo },
      ]);
      const result = outcome.results[0]!;
      if (result.status === 'exists') throw alreadyPaid();
      if (result.status === 'error') throw refusedPayment(result.code);
      const at = now.toISOString();
      await repo.markPaid(trx, territory.id, request.id, { payer: from, paidBy: grants.personId, transferId, at });
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'payment_request.paid', targetType: 'payment_request', targetId: request.id, change: { payer: from, amount: request.amount, unit: request.unit } }, this.clock);
      return { ...request, status: 'paid' as const, payer: from, paidBy: grants.personId, transferId, resolvedAt: at };
    });
    return this.view(slug, grants, paid);
  }

  async cancel(actor: Actor, slug: string, requestId: string): Promise<PaymentRequestView> {
    const { territory, grants } = await this.signedIn(actor, slug);
    const cancelled = await inTransaction(this.db, async (trx) => {
      const request = await repo.find(trx, territory.id, requestId, true);
      if (!request) throw notFound('The payment request');
      if (!mayRequestPayment(grants, request.payee)) throw forbidden('Only the payee can cancel a payment request.');
      if (request.status === 'paid') throw alreadyPaid();
      if (request.status === 'cancelled') throw conflict('already_cancelled', 'This request is already cancelled.');
      const at = this.clock().toISOString();
      await repo.markCancelled(trx, territory.id, request.id, at);
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'payment_request.cancelled', targetType: 'payment_request', targetId: request.id, change: {} }, this.clock);
      return { ...request, status: 'cancelled' as const, resolvedAt: at };
    });
    return this.view(slug, grants, cancelled);
  }

  private async signedIn(actor: Actor, slug: string): Promise<{ territory: Territory; grants: Grants }> {
    const territory = await this.territories.requireTerritory(slug);
    if (actor.kind === 'anonymous') throw unauthenticated();
    return { territory, grants: await this.territories.grantsFor(actor, territory.id) };
  }

  private self(grants: Grants): Owner {
    if (!grants.personId) throw invalidInput([{ field: 'payee', code: 'required', message: 'Say who is paid or who pays.' }]);
    return { type: 'person', id: grants.personId };
  }

  private async view(slug: string, grants: Grants, request: PaymentRequestRecord): Promise<PaymentRequestView> {
    const named = await nameParties(this.db, this.territories, slug, request.payer ? [request.payee, request.payer] : [request.payee]);
    return this.present(slug, grants, request, named);
  }

  private present(slug: string, grants: Grants, r: PaymentRequestRecord, named: (o: Owner) => PartyView): PaymentRequestView {
    return {
      id: r.id,
      path: `/t/${slug}/pay/${r.id}`,
      payee: named(r.payee),
      amount: r.amount,
      unit: r.unit,
      memo: r.memo,
      status: r.status === 'open' && isExpired(r.expiresAt, this.clock()) ? 'expired' : r.status,
      expiresAt: r.expiresAt,
      createdAt: r.createdAt,
      resolvedAt: r.resolvedAt,
      payer: r.payer && maySeePayer(grants, r.payee, r.payer) ? named(r.payer) : null,
    };
  }
}
