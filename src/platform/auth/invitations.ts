import { createHash, randomBytes } from 'node:crypto';
import type { Executor } from '../db/transaction.js';

// Without an email service on the platform, the facilitator hands the link over themself; it works
// once, for 14 days, and only its SHA-256 is stored.
const INVITATION_DAYS = 14;
const digest = (token: string) => createHash('sha256').update(token).digest('hex');

export const invitationRepository = {
  async create(db: Executor, personId: string, createdBy: string | null, now: Date): Promise<{ token: string; expiresAt: string }> {
    const token = randomBytes(24).toString('base64url');
    const expiresAt = new Date(now.getTime() + INVITATION_DAYS * 86_400_000).toISOString();
    await db
      .insertInto('invitations')
      .values({ token_hash: digest(token), person_id: personId, created_by: createdBy, created_at: now.toISOString(), expires_at: expiresAt, accepted_at: null })
      .execute();
    return { token, expiresAt };
  },

  async find(db: Executor, token: string): Promise<{ personId: string; expiresAt: string; acceptedAt: string | null } | undefined> {
    const row = await db.selectFrom('invitations').selectAll().where('token_hash', '=', digest(token)).executeTakeFirst();
    return row && { personId: row.person_id, expiresAt: row.expires_at, acceptedAt: row.accepted_at };
  },

  async markAccepted(db: Executor, token: string, now: Date): Promise<boolean> {
    const result = await db
      .updateTable('invitations')
      .set({ accepted_at: now.toISOString() })
      .where('token_hash', '=', digest(token))
      .where('accepted_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  },
};
