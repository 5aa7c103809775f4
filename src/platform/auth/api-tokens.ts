import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Executor } from '../db/transaction.js';
import { newId } from '../ids.js';

// A token reads `p21_<territoryId>_<tokenId>_<secret>`: it names its territory so that the lookup
// stays within one tenant (one shard under Citus). Only the secret's SHA-256 is stored.
const PREFIX = 'p21';

export interface ApiTokenView {
  id: string;
  name: string;
  organisationId: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface TokenScope {
  tokenId: string;
  personId: string;
  territoryId: string;
  organisationId: string | null;
}

const digest = (secret: string) => createHash('sha256').update(secret).digest();

export function parseToken(token: string): { territoryId: string; tokenId: string; secret: string } | undefined {
  const parts = token.split('_');
  if (parts.length !== 4 || parts[0] !== PREFIX) return undefined;
  const [, territoryId, tokenId, secret] = parts as [string, string, string, string];
  return { territoryId, tokenId, secret };
}

export const apiTokenRepository = {
  async create(
    db: Executor,
    input: { territoryId: string; personId: string; organisationId: string | null; name: string; createdAt: string },
  ): Promise<{ token: string; view: ApiTokenView }> {
    const id = newId();
    const secret = randomBytes(32).toString('base64url').replaceAll('_', 'Z');
    await db
      .insertInto('api_tokens')
      .values({
        territory_id: input.territoryId,
        id,
        person_id: input.personId,
        organisation_id: input.organisationId,
        name: input.name,
        secret_hash: digest(secret).toString('hex'),
        created_at: input.createdAt,
        last_used_at: null,
        revoked_at: null,
      })
      .execute();
    return {
      token: [PREFIX, input.territoryId, id, secret].join('_'),
      view: { id, name: input.name, organisationId: input.organisationId, createdAt: input.createdAt, lastUsedAt: null, revokedAt: null },
    };
  },

  async resolve(db: Executor, token: string, now: string): Promise<TokenScope | undefined> {
    const parsed = parseToken(token);
    if (!parsed) return undefined;
    const row = await db
      .selectFrom('api_tokens')
      .selectAll()
      .where('territory_id', '=', parsed.territoryId)
      .where('id', '=', parsed.tokenId)
      .executeTakeFirst();
    if (!row || row.revoked_at !== null) return undefined;
    const stored = Buffer.from(row.secret_hash, 'hex');
    if (!timingSafeEqual(stored, digest(parsed.secret))) return undefined;
    if (!row.last_used_at || row.last_used_at.slice(0, 13) !== now.slice(0, 13)) {
      await db.updateTable('api_tokens').set({ last_used_at: now }).where('territory_id', '=', row.territory_id).where('id', '=', row.id).execute();
    }
    return { tokenId: row.id, personId: row.person_id, territoryId: row.territory_id, organisationId: row.organisation_id };
  },

  async listForPerson(db: Executor, territoryId: string, personId: string): Promise<ApiTokenView[]> {
    const rows = await db
      .selectFrom('api_tokens')
      .selectAll()
      .where('territory_id', '=', territoryId)
      .where('person_id', '=', personId)
      .orderBy('created_at', 'desc')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      organisationId: r.organisation_id,
      createdAt: r.created_at,
      lastUsedAt: r.last_used_at,
      revokedAt: r.revoked_at,
    }));
  },

  async revoke(db: Executor, territoryId: string, personId: string, tokenId: string, now: string): Promise<boolean> {
    const result = await db
      .updateTable('api_tokens')
      .set({ revoked_at: now })
      .where('territory_id', '=', territoryId)
      .where('id', '=', tokenId)
      .where('person_id', '=', personId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  },
};
