import { createHash, randomBytes } from 'node:crypto';
import type { Executor } from '../db/transaction.js';

// Sessions live in the database so any server behind a load balancer can serve any request.
// Only the SHA-256 of the cookie value is stored: a copy of the table does not let anyone sign in.
export const SESSION_COOKIE = 'pacte21_session';
const SESSION_DAYS = 14;
const TOUCH_EVERY_MS = 60 * 60 * 1000;

const digest = (secret: string) => createHash('sha256').update(secret).digest('hex');

export async function openSession(db: Executor, personId: string, now: Date): Promise<{ secret: string; expiresAt: Date }> {
  // Expired sessions of this person go when they sign in again: the table does not grow for ever.
  await db.deleteFrom('sessions').where('person_id', '=', personId).where('expires_at', '<=', now.toISOString()).execute();
  const secret = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_DAYS * 86_400_000);
  await db
    .insertInto('sessions')
    .values({ id: digest(secret), person_id: personId, created_at: now.toISOString(), expires_at: expiresAt.toISOString(), last_seen_at: now.toISOString() })
    .execute();
  return { secret, expiresAt };
}

/** The person behind a session cookie, sliding its expiry at most once an hour to spare writes. */
export async function resolveSession(db: Executor, secret: string, now: Date): Promise<string | undefined> {
  const id = digest(secret);
  const row = await db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || row.expires_at <= now.toISOString()) return undefined;
  if (now.getTime() - Date.parse(row.last_seen_at) > TOUCH_EVERY_MS) {
    const expiresAt = new Date(now.getTime() + SESSION_DAYS * 86_400_000).toISOString();
    await db.updateTable('sessions').set({ last_seen_at: now.toISOString(), expires_at: expiresAt }).where('id', '=', id).execute();
  }
  return row.person_id;
}

export async function closeSession(db: Executor, secret: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', digest(secret)).execute();
}
