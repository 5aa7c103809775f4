import { createHash } from 'node:crypto';
import { canonicalJson as canonicalize } from '../canonical-json.js';
import type { Executor } from '../db/transaction.js';
import { actorId, type Actor } from '../auth/actor.js';
import { newId } from '../ids.js';
import { isoNow, type Clock } from '../clock.js';
import { dialectOf, toSafeNumber } from '../db/dialect.js';
import { bulkInsert } from '../db/bulk.js';


/** Events that belong to no territory (sign-up, platform settings) live in their own chain. */
export const PLATFORM_CHAIN = 'platform';
const GENESIS = '0'.repeat(64);

export interface AuditEventInput {
  readonly territoryId: string;
  readonly action: string;
  readonly targetType: string;
  readonly targetId: string;
  /** What changed; secrets (passwords, token secrets) must never be put here. */
  readonly change: Record<string, unknown>;
}

export interface AuditEvent extends AuditEventInput {
  readonly seq: number;
  readonly id: string;
  readonly occurredAt: string;
  readonly actor: string | null;
  readonly previousHash: string;
  readonly hash: string;
}

// RFC 8785 canonical JSON so the digest does not depend on key order or the driver's number types.
function canonicalChange(change: Record<string, unknown>): string {
  const plain = JSON.parse(JSON.stringify(change, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))) as unknown;
  return canonicalize(plain) ?? '{}';
}

function linkHash(previousHash: string, e: Omit<AuditEvent, 'hash' | 'change'> & { change: string }): string {
  const body = canonicalize([e.territoryId, e.seq, e.id, e.occurredAt, e.actor, e.action, e.targetType, e.targetId, e.change]) ?? '';
  return createHash('sha256').update(previousHash).update(body).digest('hex');
}

/**
 * Appends one event to its territory's hash chain. Must be called with the use case's transaction so
 * the event commits with the change. On PostgreSQL the head row is locked, which orders concurrent
 * appends; SQLite has one writer.
 */
export async function appendAuditEvent(trx: Executor, actor: Actor, input: AuditEventInput, clock?: Clock): Promise<AuditEvent> {
  const [event] = await appendAuditEvents(trx, actor, input.territoryId, [input], clock);
  return event!;
}

/**
 * Appends many events of one chain (an import of 10,000 organisations) with one head update and bulk
 * inserts: one event each, linked in order, at the cost of one.
 */
export async function appendAuditEvents(
  trx: Executor,
  actor: Actor,
  territoryId: string,
  inputs: readonly Omit<AuditEventInput, 'territoryId'>[],
  clock?: Clock,
): Promise<AuditEvent[]> {
  if (inputs.length === 0) return [];
  const lockHead = () =>
    trx
      .selectFrom('audit_heads')
      .select(['seq', 'hash'])
      .where('territory_id', '=', territoryId)
      .$if(dialectOf(trx) === 'postgres', (q) => q.forUpdate())
      .executeTakeFirst();
  let head = await lockHead();
  if (!head) {
    // Two first appends to a chain may race: the loser's insert waits for the winner's, then locks its row.
    await trx
      .insertInto('audit_heads')
      .values({ territory_id: territoryId, seq: 0n, hash: GENESIS })
      .onConflict((oc) => oc.column('territory_id').doNothing())
      .execute();
    head = (await lockHead())!;
  }
  const occurredAt = isoNow(clock);
  const who = actorId(actor);
  let previousHash = head.hash;
  let seq = toSafeNumber(head.seq);
  const events: AuditEvent[] = [];
  const rows: unknown[][] = [];
  for (const input of inputs) {
    const change = canonicalChange(input.change);
    seq += 1;
    const base = { territoryId, seq, id: newId(), occurredAt, actor: who, action: input.action, targetType: input.targetType, targetId: input.targetId, previousHash };
    const hash = linkHash(previousHash, { ...base, change });
    rows.push([territoryId, BigInt(seq), base.id, occurredAt, who, input.action, input.targetType, input.targetId, change, previousHash, hash]);
    events.push({ ...base, change: input.change, hash });
    previousHash = hash;
  }
  await bulkInsert(
    trx,
    'audit_events',
    ['territory_id', 'seq', 'id', 'occurred_at', 'actor', 'action', 'target_type', 'target_id', 'change', 'previous_hash', 'hash'],
    rows,
  );
  await trx.updateTable('audit_heads').set({ seq: BigInt(seq), hash: previousHash }).where('territory_id', '=', territoryId).execute();
  return events;
}

export interface ChainVerification {
  readonly territoryId: string;
  readonly eventsChecked: number;
  /** The first event whose stored hash does not match its content and predecessor, if any. */
  readonly firstBrokenSeq: number | null;
  readonly reason: string | null;
}

/** Recomputes every link of one chain (or of all chains), streaming in pages to keep memory flat. */
export async function verifyAuditChains(db: Executor, territoryId?: string): Promise<ChainVerification[]> {
  const chains = territoryId
    ? [territoryId]
    : (await db.selectFrom('audit_heads').select('territory_id').orderBy('territory_id').execute()).map((r) => r.territory_id);
  const results: ChainVerification[] = [];
  for (const chain of chains) results.push(await verifyChain(db, chain));
  return results;
}

async function verifyChain(db: Executor, territoryId: string): Promise<ChainVerification> {
  let previousHash = GENESIS;
  let expectedSeq = 1;
  const pageSize = 1000;
  for (;;) {
    const rows = await db
      .selectFrom('audit_events')
      .selectAll()
      .where('territory_id', '=', territoryId)
      .where('seq', '>=', BigInt(expectedSeq))
      .orderBy('seq')
      .limit(pageSize)
      .execute();
    for (const row of rows) {
      const seq = toSafeNumber(row.seq);
      const broken = (reason: string): ChainVerification => ({ territoryId, eventsChecked: expectedSeq - 1, firstBrokenSeq: seq, reason });
      if (seq !== expectedSeq) return { ...broken(`event ${expectedSeq} is missing`), firstBrokenSeq: expectedSeq };
      if (row.previous_hash !== previousHash) return broken('its previous hash does not match the event before it');
      const recomputed = linkHash(previousHash, {
        territoryId,
        seq,
        id: row.id,
        occurredAt: row.occurred_at,
        actor: row.actor,
        action: row.action,
        targetType: row.target_type,
        targetId: row.target_id,
        previousHash,
        change: row.change,
      });
      if (recomputed !== row.hash) return broken('its content was changed after it was written');
      previousHash = row.hash;
      expectedSeq += 1;
    }
    if (rows.length < pageSize) break;
  }
  const head = await db.selectFrom('audit_heads').select(['seq', 'hash']).where('territory_id', '=', territoryId).executeTakeFirst();
  if (head && (toSafeNumber(head.seq) !== expectedSeq - 1 || head.hash !== previousHash)) {
    return { territoryId, eventsChecked: expectedSeq - 1, firstBrokenSeq: expectedSeq, reason: 'events after this one were removed' };
  }
  return { territoryId, eventsChecked: expectedSeq - 1, firstBrokenSeq: null, reason: null };
}

export interface AuditEventView {
  seq: number;
  occurredAt: string;
  actor: string | null;
  action: string;
  targetType: string;
  targetId: string;
  change: unknown;
  hash: string;
}

/** Newest first, paginated by sequence number. */
export async function listAuditEvents(db: Executor, territoryId: string, limit: number, beforeSeq?: number): Promise<AuditEventView[]> {
  const rows = await db
    .selectFrom('audit_events')
    .selectAll()
    .where('territory_id', '=', territoryId)
    .$if(beforeSeq !== undefined, (q) => q.where('seq', '<', BigInt(beforeSeq ?? 0)))
    .orderBy('seq', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    seq: toSafeNumber(r.seq),
    occurredAt: r.occurred_at,
    actor: r.actor,
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    change: JSON.parse(r.change) as unknown,
    hash: r.hash,
  }));
}
