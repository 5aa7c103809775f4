import { sql, type Kysely, type Migration } from 'kysely';
import { dialectOf } from '../../platform/db/dialect.js';

// Integers are `bigint` on both databases so both drivers return BigInt; scores are doubles (they are
// measurements of a self-assessment, not money). Documents (a referential, a score snapshot) are JSON text.
export interface CertificatesTables {
  /** A referential version is never changed once published: a new version adds the next number. */
  certificate_referentials: {
    territory_id: string;
    version: bigint;
    title: string;
    document: string;
    published_at: string;
    published_by: string | null;
  };
  /** The territory's CUT policy: reduction of the CET per level, and the CET rates of the simulation. */
  certificate_settings: {
    territory_id: string;
    cut_reductions: string;
    tax_rates: string | null;
    updated_at: string;
    updated_by: string | null;
  };
  certificate_assessments: {
    territory_id: string;
    id: string;
    organisation_id: string;
    kind: string;
    referential_version: bigint;
    status: string;
    previous_certificate_id: string | null;
    created_at: string;
    created_by: string | null;
    submitted_at: string | null;
    auditor_id: string | null;
    review_started_at: string | null;
    return_note: string | null;
    decided_at: string | null;
    decided_by: string | null;
    decision: string | null;
    decision_level: string | null;
    decision_reasons: string | null;
    certificate_id: string | null;
    updated_at: string;
  };
  /** One row per criterion: the applicant's self-assessment, the measured value, the auditor's opinion. */
  certificate_answers: {
    territory_id: string;
    assessment_id: string;
    criterion_code: string;
    self_status: string | null;
    evidence_url: string | null;
    evidence_note: string | null;
    automatic_value: number | null;
    automatic_status: string | null;
    automatic_measured_at: string | null;
    auditor_status: string | null;
    auditor_opinion: string | null;
    reviewed_at: string | null;
    reviewed_by: string | null;
    updated_at: string;
  };
  /** Frozen at submission and at each audit; only ever inserted. */
  certificate_score_snapshots: {
    territory_id: string;
    id: string;
    assessment_id: string;
    stage: string;
    taken_at: string;
    taken_by: string | null;
    referential_version: bigint;
    overall_percent: number;
    level: string | null;
    score: string;
  };
  /** A pair of Bitstring Status Lists (revocation, suspension) sharing one index space. */
  certificate_status_lists: {
    territory_id: string;
    id: string;
    capacity: bigint;
    created_at: string;
  };
  certificates: {
    territory_id: string;
    id: string;
    organisation_id: string;
    assessment_id: string;
    /** The subject as issued: the credential carries these, the registry searches them. */
    organisation_name: string;
    organisation_sort_name: string;
    siren: string | null;
    level: string;
    score_percent: number;
    referential_version: bigint;
    valid_from: string;
    valid_until: string;
    next_update_due: string;
    issued_at: string;
    status: string;
    status_reason: string | null;
    status_changed_at: string;
    superseded_by: string | null;
    key_id: string;
    credential: string;
    status_list_id: string;
    status_index: bigint;
  };
  /** The public history of a certificate: issued, suspended, reinstated, revoked, superseded. */
  certificate_status_events: {
    territory_id: string;
    id: string;
    certificate_id: string;
    action: string;
    reason: string | null;
    occurred_at: string;
    actor: string | null;
  };
  /** Ed25519 keys of the territory's did:web; retired keys stay published so old credentials verify. */
  certificate_signing_keys: {
    territory_id: string;
    kid: string;
    public_jwk: string;
    /** AES-256-GCM ciphertext of the private JWK (see key-encryption.ts). */
    private_jwk: string;
    created_at: string;
    retired_at: string | null;
  };
}

export const certificatesMigrations: Record<string, Migration> = {
  '6000-certificates': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('certificate_referentials')
        .addColumn('territory_id', 'text', (c) => c.notNull().references('territories.id'))
        .addColumn('version', 'bigint', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('document', 'text', (c) => c.notNull())
        .addColumn('published_at', 'text', (c) => c.notNull())
        .addColumn('published_by', 'text')
        .addPrimaryKeyConstraint('certificate_referentials_pk', ['territory_id', 'version'])
        .execute();
      await db.schema
        .createTable('certificate_settings')
        .addColumn('territory_id', 'text', (c) => c.primaryKey().references('territories.id'))
        .addColumn('cut_reductions', 'text', (c) => c.notNull())
        .addColumn('tax_rates', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text')
        .execute();
      await db.schema
        .createTable('certificate_assessments')
        .addColumn('territory_id', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('organisation_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('referential_version', 'bigint', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('previous_certificate_id', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text')
        .addColumn('submitted_at', 'text')
        .addColumn('auditor_id', 'text')
        .addColumn('review_started_at', 'text')
        .addColumn('return_note', 'text')
        .addColumn('decided_at', 'text')
        .addColumn('decided_by', 'text')
        .addColumn('decision', 'text')
        .addColumn('decision_level', 'text')
        .addColumn('decision_reasons', 'text')
        .addColumn('certificate_id', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('certificate_assessments_pk', ['territory_id', 'id'])
        .addForeignKeyConstraint('certificate_assessments_organisation', ['territory_id', 'organisation_id'], 'organisations', ['territory_id', 'id'])
        .addForeignKeyConstraint('certificate_assessments_referential', ['territory_id', 'referential_version'], 'certificate_referentials', ['territory_id', 'version'])
        .execute();
      await db.schema.createIndex('certificate_assessments_organisation_idx').on('certificate_assessments').columns(['territory_id', 'organisation_id', 'created_at']).execute();
      await db.schema.createIndex('certificate_assessments_status_idx').on('certificate_assessments').columns(['territory_id', 'status']).execute();
      await db.schema
        .createTable('certificate_answers')
        .addColumn('territory_id', 'text', (c) => c.notNull())
        .addColumn('assessment_id', 'text', (c) => c.notNull())
        .addColumn('criterion_code', 'text', (c) => c.notNull())
        .addColumn('self_status', 'text')
        .addColumn('evidence_url', 'text')
        .addColumn('evidence_note', 'text')
        .addColumn('automatic_value', 'double precision')
        .addColumn('automatic_status', 'text')
        .addColumn('automatic_measured_at', 'text')
        .addColumn('auditor_status', 'text')
        .addColumn('auditor_opinion', 'text')
        .addColumn('reviewed_at', 'text')
        .addColumn('reviewed_by', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('certificate_answers_pk', ['territory_id', 'assessment_id', 'criterion_code'])
        .addForeignKeyConstraint('certificate_answers_assessment', ['territory_id', 'assessment_id'], 'certificate_assessments', ['territory_id', 'id'])
        .execute();
      await db.schema
        .createTable('certificate_score_snapshots')
        .addColumn('territory_id', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('assessment_id', 'text', (c) => c.notNull())
        .addColumn('stage', 'text', (c) => c.notNull())
        .addColumn('taken_at', 'text', (c) => c.notNull())
        .addColumn('taken_by', 'text')
        .addColumn('referential_version', 'bigint', (c) => c.notNull())
        .addColumn('overall_percent', 'double precision', (c) => c.notNull())
        .addColumn('level', 'text')
        .addColumn('score', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('certificate_score_snapshots_pk', ['territory_id', 'id'])
        .addForeignKeyConstraint('certificate_score_snapshots_assessment', ['territory_id', 'assessment_id'], 'certificate_assessments', ['territory_id', 'id'])
        .execute();
      await db.schema.createIndex('certificate_score_snapshots_assessment_idx').on('certificate_score_snapshots').columns(['territory_id', 'assessment_id', 'taken_at']).execute();
      await db.schema
        .createTable('certificate_status_lists')
        .addColumn('territory_id', 'text', (c) => c.notNull().references('territories.id'))
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('capacity', 'bigint', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('certificate_status_lists_pk', ['territory_id', 'id'])
        .execute();
      await db.schema
        .createTable('certificate_signing_keys')
        .addColumn('territory_id', 'text', (c) => c.notNull().references('territories.id'))
        .addColumn('kid', 'text', (c) => c.notNull())
        .addColumn('public_jwk', 'text', (c) => c.notNull())
        .addColumn('private_jwk', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('retired_at', 'text')
        .addPrimaryKeyConstraint('certificate_signing_keys_pk', ['territory_id', 'kid'])
        .execute();
      await db.schema
        .createTable('certificates')
        .addColumn('territory_id', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('organisation_id', 'text', (c) => c.notNull())
        .addColumn('assessment_id', 'text', (c) => c.notNull())
        .addColumn('organisation_name', 'text', (c) => c.notNull())
        .addColumn('organisation_sort_name', 'text', (c) => c.notNull())
        .addColumn('siren', 'text')
        .addColumn('level', 'text', (c) => c.notNull())
        .addColumn('score_percent', 'double precision', (c) => c.notNull())
        .addColumn('referential_version', 'bigint', (c) => c.notNull())
        .addColumn('valid_from', 'text', (c) => c.notNull())
        .addColumn('valid_until', 'text', (c) => c.notNull())
        .addColumn('next_update_due', 'text', (c) => c.notNull())
        .addColumn('issued_at', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('status_reason', 'text')
        .addColumn('status_changed_at', 'text', (c) => c.notNull())
        .addColumn('superseded_by', 'text')
        .addColumn('key_id', 'text', (c) => c.notNull())
        .addColumn('credential', 'text', (c) => c.notNull())
        .addColumn('status_list_id', 'text', (c) => c.notNull())
        .addColumn('status_index', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('certificates_pk', ['territory_id', 'id'])
        .addUniqueConstraint('certificates_assessment', ['territory_id', 'assessment_id'])
        .addUniqueConstraint('certificates_status_slot', ['territory_id', 'status_list_id', 'status_index'])
        .addForeignKeyConstraint('certificates_organisation', ['territory_id', 'organisation_id'], 'organisations', ['territory_id', 'id'])
        .addForeignKeyConstraint('certificates_assessment_fk', ['territory_id', 'assessment_id'], 'certificate_assessments', ['territory_id', 'id'])
        .addForeignKeyConstraint('certificates_status_list', ['territory_id', 'status_list_id'], 'certificate_status_lists', ['territory_id', 'id'])
        .addForeignKeyConstraint('certificates_key', ['territory_id', 'key_id'], 'certificate_signing_keys', ['territory_id', 'kid'])
        .execute();
      await db.schema.createIndex('certificates_organisation_idx').on('certificates').columns(['territory_id', 'organisation_id', 'issued_at']).execute();
      // The registry pages by name in byte order on both databases (collate "C" on PostgreSQL), as organisations do.
      const c = sql.raw(dialectOf(db) === 'postgres' ? ' collate "C"' : '');
      await sql`create index certificates_registry_idx on certificates (territory_id, organisation_sort_name${c}, id${c})`.execute(db);
      await db.schema
        .createTable('certificate_status_events')
        .addColumn('territory_id', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('certificate_id', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('occurred_at', 'text', (c) => c.notNull())
        .addColumn('actor', 'text')
        .addPrimaryKeyConstraint('certificate_status_events_pk', ['territory_id', 'id'])
        .addForeignKeyConstraint('certificate_status_events_certificate', ['territory_id', 'certificate_id'], 'certificates', ['territory_id', 'id'])
        .execute();
      await db.schema.createIndex('certificate_status_events_certificate_idx').on('certificate_status_events').columns(['territory_id', 'certificate_id', 'occurred_at']).execute();
    },
  },
};
