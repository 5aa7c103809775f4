import type { Executor } from '../../platform/db/transaction.js';
import type { CurrencyTables } from './migrations.js';
import { dialectOf } from '../../platform/db/dialect.js';
import type { Owner, OwnerType, PaymentRequestStatus } from './model.js';

export interface PaymentRequestRecord {
  id: string;
  payee: Owner;
  amount: bigint;
  unit: string;
  memo: string | null;
  /** As stored: an open request past its expiry reads as expired (model's isExpired). */
  status: 'open' | 'paid' | 'cancelled';
  expiresAt: string | null;
  createdBy: string | null;
  createdAt: string;
  payer: Owner | null;
  paidBy: string | null;
  transferId: string | null;
  resolvedAt: string | null;
}

type Row = Omit<CurrencyTables['payment_requests'], 'territory_id'>;

const toRequest = (r: Row): PaymentRequestRecord => ({
  id: r.id,
  payee: { type: r.payee_type as OwnerType, id: r.payee_id },
  amount: BigInt(r.amount),
  unit: r.unit,
  memo: r.memo,
  status: r.status as PaymentRequestRecord['status'],
  expiresAt: r.expires_at,
  createdBy: r.created_by,
  createdAt: r.created_at,
  payer: r.payer_type && r.payer_id ? { type: r.payer_type as OwnerType, id: r.payer_id } : null,
  paidBy: r.paid_by,
  transferId: r.transfer_id,
  resolvedAt: r.resolved_at,
});

export const paymentRequestsRepository = {
  async insert(db: Executor, territoryId: string, r: PaymentRequestRecord): Promise<void> {
    await db
      .insertInto('payment_requests')
      .values({
        territory_id: territoryId,
        id: r.id,
        payee_type: r.payee.type,
        payee_id: r.payee.id,
        amount: r.amount,
        unit: r.unit,
        memo: r.memo,
        status: r.status,
        expires_at: r.expiresAt,
        created_by: r.createdBy,
        created_at: r.createdAt,
        payer_type: r.payer?.type ?? null,
        payer_id: r.payer?.id ?? null,
        paid_by: r.paidBy,
        transfer_id: r.transferId,
        resolved_at: r.resolvedAt,
      })
      .execute();
  },

  /** With `lock` on PostgreSQL the row is locked: two people paying one request queue, the second sees it paid. */
  async find(db: Executor, territoryId: string, id: string, lock = false): Promise<PaymentRequestRecord | undefined> {
    const row = await db
      .selectFrom('payment_requests')
      .selectAll()
      .where('territory_id', '=', territoryId)
      .where('id', '=', id)
      .$if(lock && dialectOf(db) === 'postgres', (q) => q.forUpdate())
      .executeTakeFirst();
    return row && toRequest(row);
  },

  async markPaid(db: Executor, territoryId: string, id: string, paid: { payer: Owner; paidBy: string | null; transferId: string; at: string }): Promise<void> {
    await db
      .updateTable('payment_requests')
      .set({ status: 'paid', payer_type: paid.payer.type, payer_id: paid.payer.id, paid_by: paid.paidBy, transfer_id: paid.transferId, resolved_at: paid.at })
      .where('territory_id', '=', territoryId)
      .where('id', '=', id)
      .where('status', '=', 'open')
      .execute();
  },

  async markCancelled(db: Executor, territoryId: string, id: string, at: string): Promise<void> {
    await db
      .updateTable('payment_requests')
      .set({ status: 'cancelled', resolved_at: at })
      .where('territory_id', '=', territoryId)
      .where('id', '=', id)
      .where('status', '=', 'open')
      .execute();
  },

  /** A payee's requests, newest first; `open` and `expired` as the model reads them at `now`. */
  async listForPayee(
    db: Executor,
    territoryId: string,
    filter: { payee: Owner; status?: PaymentRequestStatus; now: string; limit: number; before?: { createdAt: string; id: string } },
  ): Promise<PaymentRequestRecord[]> {
    const { status, now, before } = filter;
    const rows = await db
      .selectFrom('payment_requests')
      .selectAll()
      .where('territory_id', '=', territoryId)
      .where('payee_type', '=', filter.payee.type)
      .where('payee_id', '=', filter.payee.id)
      .$if(status === 'open', (q) => q.where('status', '=', 'open').where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>=', now)])))
      .$if(status === 'expired', (q) => q.where('status', '=', 'open').where('expires_at', '<', now))
      .$if(status === 'paid' || status === 'cancelled', (q) => q.where('status', '=', status!))
      .$if(before !== undefined, (q) =>
        q.where((eb) => eb.or([eb('created_at', '<', before!.createdAt), eb.and([eb('created_at', '=', before!.createdAt), eb('id', '<', before!.id)])])),
      )
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(filter.limit)
      .execute();
    return rows.map(toRequest);
  },
};
