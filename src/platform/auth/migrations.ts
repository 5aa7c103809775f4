import type { Kysely, Migration } from 'kysely';

/** Accounts are global (a person may join several territories); tokens belong to one territory. */
export interface AuthTables {
  people: {
    id: string;
    email: string;
    display_name: string;
    /** null while the person was added by a facilitator and has not signed up yet. */
    password_hash: string | null;
    created_at: string;
  };
  sessions: {
    id: string;
    person_id: string;
    created_at: string;
    expires_at: string;
    last_seen_at: string;
  };
  /** A one-time link for a person a facilitator added, to choose a password. Only the hash is kept. */
  invitations: {
    token_hash: string;
    person_id: string;
    created_by: string | null;
    created_at: string;
    expires_at: string;
    accepted_at: string | null;
  };
  api_tokens: {
    territory_id: string;
    id: string;
    person_id: string;
    organisation_id: string | null;
    name: string;
    secret_hash: string;
    created_at: string;
    last_used_at: string | null;
    revoked_at: string | null;
  };
}

export const authMigrations: Record<string, Migration> = {
  '0100-auth-people-sessions-tokens': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('people')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('last_seen_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('sessions_person').on('sessions').column('person_id').execute();
      await db.schema
        .createTable('api_tokens')
        .addColumn('territory_id', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
        .addColumn('organisation_id', 'text')
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('secret_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('last_used_at', 'text')
        .addColumn('revoked_at', 'text')
        .addPrimaryKeyConstraint('api_tokens_pk', ['territory_id', 'id'])
        .execute();
      await db.schema.createIndex('api_tokens_person').on('api_tokens').columns(['territory_id', 'person_id']).execute();
    },
  },
  '0110-auth-invitations': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('invitations')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
        .addColumn('created_by', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('accepted_at', 'text')
        .execute();
    },
  },
};
