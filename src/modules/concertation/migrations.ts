import { sql, type Kysely, type Migration } from 'kysely';
import { dialectOf } from '../../platform/db/dialect.js';

// Times are ISO text, flags 0/1 integers (null: not yet known), counts `bigint` (see docs/architecture.md).
export interface ConcertationTables {
  /** One workshop edition per territory and year. */
  concertation_editions: {
    territory_id: string;
    id: string;
    year: bigint;
    title: string;
    description: string;
    phase: string;
    created_at: string;
    created_by: string | null;
    updated_at: string;
  };
  /** Every phase an edition entered, with who moved it and why: the edition's public timeline. */
  concertation_phase_changes: {
    territory_id: string;
    edition_id: string;
    phase: string;
    entered_at: string;
    entered_by: string | null;
    note: string;
  };
  concertation_sessions: {
    territory_id: string;
    id: string;
    edition_id: string;
    title: string;
    starts_at: string;
    ends_at: string;
    place: string;
    agenda: string;
    capacity: bigint | null;
    created_at: string;
  };
  concertation_registrations: {
    territory_id: string;
    session_id: string;
    person_id: string;
    /** The organisation the person comes for; null: as a citizen. */
    organisation_id: string | null;
    actor_kind: string;
    registered_at: string;
    attended: number | null;
    attendance_recorded_at: string | null;
  };
  concertation_initiatives: {
    territory_id: string;
    id: string;
    edition_id: string;
    title: string;
    description: string;
    proposer_id: string;
    organisation_id: string | null;
    actor_kind: string;
    /** The vision objectives it relates to, a JSON array of ids. */
    objective_ids: string;
    status: string;
    created_at: string;
    triage_decision: string | null;
    triage_reason: string | null;
    triaged_at: string | null;
    triaged_by: string | null;
    /** What an accepted initiative became: `task_force` or `commitment`, and its id. */
    outcome_kind: string | null;
    outcome_id: string | null;
    merged_into_id: string | null;
  };
  /** One support per person per initiative. */
  concertation_supports: {
    territory_id: string;
    initiative_id: string;
    person_id: string;
    organisation_id: string | null;
    actor_kind: string;
    supported_at: string;
  };
  concertation_settings: {
    territory_id: string;
    minimum_share_percent: number;
    updated_at: string;
  };
  /** Frozen: rows are only ever inserted (a trigger refuses updates); `content` is canonical JSON. */
  evaluation_snapshots: {
    territory_id: string;
    id: string;
    edition_id: string | null;
    as_of: string;
    taken_at: string;
    taken_by: string | null;
    content: string;
    content_sha256: string;
  };
  /** An edition's published report: which snapshot, compared with which earlier one. */
  evaluation_reports: {
    territory_id: string;
    edition_id: string;
    snapshot_id: string;
    compared_with_snapshot_id: string | null;
    published_at: string;
    published_by: string | null;
  };
  /** The edition's proposal for the next version of the vision, until it is published. */
  concertation_vision_drafts: {
    territory_id: string;
    edition_id: string;
    statement: string;
    /** JSON array of objectives, as the Pact's vision holds them (with stable ids). */
    objectives: string;
    based_on_version: bigint;
    updated_at: string;
    updated_by: string | null;
    published_version: bigint | null;
  };
}

export const concertationMigrations: Record<string, Migration> = {
  '8000-concertation-editions-initiatives-snapshots': {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('concertation_editions')
        .addColumn('territory_id', 'text', (c) => c.notNull().references('territories.id'))
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('year', 'bigint', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('phase', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('concertation_editions_pk', ['territory_id', 'id'])
        .addUniqueConstraint('concertation_editions_one_per_year', ['territory_id', 'year'])
        .execute();
      await db.schema
        .createTable('concertation_phase_changes')
        .addColumn('territory_id', 'text', (c) => c.notNull())
        .addColumn('edition_id', 'text', (c) => c.notNull())
        .addColumn('phase', 'text', (c) => c.notNull())
        .addColumn('entered_at', 'text', (c) => c.notNull())
        .addColumn('entered_by', 'text')
        .addColumn('note', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('concertation_phase_changes_pk', ['territory_id', 'edition_id', 'phase'])
        .addForeignKeyConstraint('concertation_phase_changes_edition', ['territory_id', 'edition_id'], 'concertation_editions', ['territory_id', 'id'])
        .execute();
      await db.schema
        .createTable('concertation_sessions')
        .addColumn('territory_id', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('edition_id', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('starts_at', 'text', (c) => c.notNull())
        .addColumn('ends_at', 'text', (c) => c.notNull())
        .addColumn('place', 'text', (c) => c.notNull())
        .addColumn('agenda', 'text', (c) => c.notNull())
        .addColumn('capacity', 'bigint')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('concertation_sessions_pk', ['territory_id', 'id'])
        .addForeignKeyConstraint('concertation_sessions_edition', ['territory_id', 'edition_id'], 'concertation_editions', ['territory_id', 'id'])
        .execute();
      await db.schema
        .createTable('concertation_registrations')
        .addColumn('territory_id', 'text', (c) => c.notNull())
        .addColumn('session_id', 'text', (c) => c.notNull())
        .addColumn('person_id', 'text', (c) => c.notNull())
        .addColumn('organisation_id', 'text')
        .addColumn('actor_kind', 'text', (c) => c.notNull())
        .addColumn('registered_at', 'text', (c) => c.notNull())
        .addColumn('attended', 'integer')
        .addColumn('attendance_recorded_at', 'text')
        .addPrimaryKeyConstraint('concertation_registrations_pk', ['territory_id', 'session_id', 'person_id'])
        .addForeignKeyConstraint('concertation_registrations_session', ['territory_id', 'session_id'], 'concertation_sessions', ['territory_id', 'id'])
        .execute();
      await db.schema
        .createTable('concertation_initiatives')
        .addColumn('territory_id', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('edition_id', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('proposer_id', 'text', (c) => c.notNull())
        .addColumn('organisation_id', 'text')
        .addColumn('actor_kind', 'text', (c) => c.notNull())
        .addColumn('objective_ids', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('triage_decision', 'text')
        .addColumn('triage_reason', 'text')
        .addColumn('triaged_at', 'text')
        .addColumn('triaged_by', 'text')
        .addColumn('outcome_kind', 'text')
        .addColumn('outcome_id', 'text')
        .addColumn('merged_into_id', 'text')
        .addPrimaryKeyConstraint('concertation_initiatives_pk', ['territory_id', 'id'])
        .addForeignKeyConstraint('concertation_initiatives_edition', ['territory_id', 'edition_id'], 'concertation_editions', ['territory_id', 'id'])
        .execute();
      await db.schema.createIndex('concertation_initiatives_edition_idx').on('concertation_initiatives').columns(['territory_id', 'edition_id']).execute();
      await db.schema.createIndex('concertation_initiatives_outcome_idx').on('concertation_initiatives').columns(['territory_id', 'outcome_kind', 'outcome_id']).execute();
      await db.schema
        .createTable('concertation_supports')
        .addColumn('territory_id', 'text', (c) => c.notNull())
        .addColumn('initiative_id', 'text', (c) => c.notNull())
        .addColumn('person_id', 'text', (c) => c.notNull())
        .addColumn('organisation_id', 'text')
        .addColumn('actor_kind', 'text', (c) => c.notNull())
        .addColumn('supported_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('concertation_supports_pk', ['territory_id', 'initiative_id', 'person_id'])
        .addForeignKeyConstraint('concertation_supports_initiative', ['territory_id', 'initiative_id'], 'concertation_initiatives', ['territory_id', 'id'])
        .execute();
      await db.schema
        .createTable('concertation_settings')
        .addColumn('territory_id', 'text', (c) => c.primaryKey().references('territories.id'))
        .addColumn('minimum_share_percent', 'double precision', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('evaluation_snapshots')
        .addColumn('territory_id', 'text', (c) => c.notNull().references('territories.id'))
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('edition_id', 'text')
        .addColumn('as_of', 'text', (c) => c.notNull())
        .addColumn('taken_at', 'text', (c) => c.notNull())
        .addColumn('taken_by', 'text')
        .addColumn('content', 'text', (c) => c.notNull())
        .addColumn('content_sha256', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('evaluation_snapshots_pk', ['territory_id', 'id'])
        .execute();
      if (dialectOf(db) === 'postgres') {
        await sql`create function evaluation_snapshots_frozen() returns trigger language plpgsql as $$
          begin raise exception 'evaluation snapshots are immutable: take a new snapshot'; end $$`.execute(db);
        await sql`create trigger evaluation_snapshots_no_update before update on evaluation_snapshots for each row execute function evaluation_snapshots_frozen()`.execute(db);
      } else {
        await sql`create trigger evaluation_snapshots_no_update before update on evaluation_snapshots
          begin select raise(abort, 'evaluation snapshots are immutable: take a new snapshot'); end`.execute(db);
      }
      await db.schema
        .createTable('evaluation_reports')
        .addColumn('territory_id', 'text', (c) => c.notNull())
        .addColumn('edition_id', 'text', (c) => c.notNull())
        .addColumn('snapshot_id', 'text', (c) => c.notNull())
        .addColumn('compared_with_snapshot_id', 'text')
        .addColumn('published_at', 'text', (c) => c.notNull())
        .addColumn('published_by', 'text')
        .addPrimaryKeyConstraint('evaluation_reports_pk', ['territory_id', 'edition_id'])
        .addForeignKeyConstraint('evaluation_reports_edition', ['territory_id', 'edition_id'], 'concertation_editions', ['territory_id', 'id'])
        .addForeignKeyConstraint('evaluation_reports_snapshot', ['territory_id', 'snapshot_id'], 'evaluation_snapshots', ['territory_id', 'id'])
        .execute();
      await db.schema
        .createTable('concertation_vision_drafts')
        .addColumn('territory_id', 'text', (c) => c.notNull())
        .addColumn('edition_id', 'text', (c) => c.notNull())
        .addColumn('statement', 'text', (c) => c.notNull())
        .addColumn('objectives', 'text', (c) => c.notNull())
        .addColumn('based_on_version', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text')
        .addColumn('published_version', 'bigint')
        .addPrimaryKeyConstraint('concertation_vision_drafts_pk', ['territory_id', 'edition_id'])
        .addForeignKeyConstraint('concertation_vision_drafts_edition', ['territory_id', 'edition_id'], 'concertation_editions', ['territory_id', 'id'])
        .execute();
    },
  },
};
