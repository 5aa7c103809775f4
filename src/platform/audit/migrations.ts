import type { Kysely, Migration } from 'kysely';

export interface AuditTables {
  audit_events: {
    territory_id: string;
    seq: bigint;
    id: string;
    occurred_at: string;
    actor: string | null;
    action: string;
    target_type: string;
    target_id: string;
    /** The change itself, canonical JSON, so the digest can be recomputed by anyone. */
    change: string;
    previous_hash: string;
    hash: string;
  };
  /** One row per chain: locking it serialises appends to that territory's chain on PostgreSQL. */
  audit_heads: {
    territory_id: string;
    seq: bigint;
    hash: string;
  };
}

export const auditMigrations: Record<string, Migration> = {
  '0000-audit-events': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('audit_events')
        .addColumn('territory_id', 'text', (c) => c.notNull())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('occurred_at', 'text', (c) => c.notNull())
        .addColumn('actor', 'text')
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('target_type', 'text', (c) => c.notNull())
        .addColumn('target_id', 'text', (c) => c.notNull())
        .addColumn('change', 'text', (c) => c.notNull())
        .addColumn('previous_hash', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('audit_events_pk', ['territory_id', 'seq'])
        .execute();
      await db.schema
        .createIndex('audit_events_target')
        .on('audit_events')
        .columns(['territory_id', 'target_type', 'target_id'])
        .execute();
      await db.schema
        .createTable('audit_heads')
        .addColumn('territory_id', 'text', (c) => c.primaryKey())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .execute();
    },
  },
};
