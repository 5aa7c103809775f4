import { sql, type Kysely, type Migration } from 'kysely';
import { dialectOf } from '../../platform/db/dialect.js';

// Integers are `bigint` on both databases so both drivers return BigInt (see platform/db/connect.ts);
// the repository turns small ones (years, weights, percentages) back into numbers.
export interface PactTables {
  /** One Pact per territory. */
  pacts: {
    territory_id: string;
    id: string;
    title: string;
    horizon_start_year: bigint;
    status: string;
    created_at: string;
    signed_at: string | null;
    updated_at: string;
  };
  pact_signatures: {
    territory_id: string;
    organisation_id: string;
    representative_id: string;
    signed_on: string;
    signed_at: string;
  };
  /** A vision version is never overwritten: publishing adds the next number. */
  vision_versions: {
    territory_id: string;
    version: bigint;
    statement: string;
    published_at: string;
    published_by: string | null;
    /** Why this version was published (added by 2004): the workshop that adjusted the vision, say. */
    reason: string | null;
  };
  vision_objectives: {
    territory_id: string;
    version: bigint;
    position: bigint;
    objective_id: string;
    title: string;
    indicator_code: string | null;
    baseline: number | null;
    target_value: number | null;
    unit: string | null;
    target_year: bigint | null;
  };
  task_forces: {
    territory_id: string;
    id: string;
    name: string;
    mission: string;
    decision_method: string;
    quorum_percent: bigint;
    status: string;
    created_at: string;
    updated_at: string;
  };
  task_force_criteria: {
    territory_id: string;
    task_force_id: string;
    dimension: string;
    position: bigint;
    statement: string;
    threshold: number | null;
    unit: string | null;
    indicator_code: string | null;
  };
  task_force_budget_lines: {
    territory_id: string;
    task_force_id: string;
    position: bigint;
    label: string;
    category: string;
    /** Euro cents. */
    planned_amount: bigint;
  };
  task_force_members: {
    territory_id: string;
    task_force_id: string;
    member_type: string;
    member_id: string;
    role: string;
    since: string;
  };
  commitments: {
    territory_id: string;
    id: string;
    owner_organisation_id: string;
    task_force_id: string | null;
    statement: string;
    indicator_code: string | null;
    target_value: number | null;
    unit: string | null;
    deadline: string | null;
    milestone_date: string | null;
    weight: bigint;
    /** The latest update's status and progress, kept here to list and roll up without reading the history. */
    status: string;
    progress: bigint;
    created_at: string;
    updated_at: string;
  };
  commitment_updates: {
    territory_id: string;
    id: string;
    commitment_id: string;
    progress: bigint;
    status: string;
    note: string | null;
    evidence_url: string | null;
    recorded_at: string;
    recorded_by: string | null;
    /** The uploaded evidence file (added by 2002), stored once by its SHA-256 (hex). */
    evidence_sha256: string | null;
    evidence_size: bigint | null;
    evidence_media_type: string | null;
    evidence_name: string | null;
  };
  chronicle_entries: {
    territory_id: string;
    id: string;
    occurred_at: string;
    kind: string;
    title: string;
    body: string;
    task_force_id: string | null;
    organisation_id: string | null;
    link_path: string;
  };
  /** A proposal in a task force; the tally columns are set when it is closed. */
  task_force_decisions: {
    territory_id: string;
    id: string;
    task_force_id: string;
    title: string;
    text: string;
    decision_method: string;
    quorum_percent: bigint;
    status: string;
    opened_by: string | null;
    opened_at: string;
    closes_at: string;
    review_date: string | null;
    closed_at: string | null;
    closed_by: string | null;
    outcome: string | null;
    tally_consent: bigint | null;
    tally_objection: bigint | null;
    tally_for: bigint | null;
    tally_against: bigint | null;
    tally_abstain: bigint | null;
    voting_members: bigint | null;
  };
  /** One row per voting member, changed in place until the decision closes (each change is in the audit trail). */
  task_force_decision_votes: {
    territory_id: string;
    decision_id: string;
    member_type: string;
    member_id: string;
    choice: string;
    /** Why the member votes so (added by 2003); an objection always carries one. */
    reason: string | null;
    cast_by: string | null;
    cast_at: string;
  };
  /** Who follows what: a person follows a commitment or a task force to be notified of its changes. */
  pact_follows: {
    territory_id: string;
    target_type: string;
    target_id: string;
    person_id: string;
    followed_at: string;
  };
  /** In-app notifications, each for one person in one territory; read once `read_at` is set. */
  pact_notifications: {
    territory_id: string;
    id: string;
    person_id: string;
    kind: string;
    title: string;
    body: string;
    link_path: string;
    target_type: string;
    target_id: string;
    created_at: string;
    read_at: string | null;
  };
  /** A commitment announced late once per due date, so that the sweep can run any number of times. */
  commitment_late_announcements: {
    territory_id: string;
    commitment_id: string;
    due_date: string;
    announced_at: string;
  };
}

export const pactMigrations: Record<string, Migration> = {
  '2000-pact-vision-task-forces-commitments-chronicle': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('pacts')
        .addColumn('territory_id', 'text', (c) => c.primaryKey().references('territories.id'))
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('horizon_start_year', 'bigint', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('signed_at', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('pact_signatures')
        .addColumn('territory_id', 'text', (c) => c.notNull().references('pacts.territory_id'))
        .addColumn('organisation_id', 'text', (c) => c.notNull())
        .addColumn('representative_id', 'text', (c) => c.notNull())
        .addColumn('signed_on', 'text', (c) => c.notNull())
        .addColumn('signed_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('pact_signatures_pk', ['territory_id', 'organisation_id'])
        .addForeignKeyConstraint('pact_signatures_organisation', ['territory_id', 'organisation_id'], 'organisations', ['territory_id', 'id'])
        .execute();
      await db.schema
        .createTable('vision_versions')
        .addColumn('territory_id', 'text', (c) => c.notNull().references('pacts.territory_id'))
        .addColumn('version', 'bigint', (c) => c.notNull())
        .addColumn('statement', 'text', (c) => c.notNull())
        .addColumn('published_at', 'text', (c) => c.notNull())
        .addColumn('published_by', 'text')
        .addPrimaryKeyConstraint('vision_versions_pk', ['territory_id', 'version'])
        .execute();
      await db.schema
        .createTable('vision_objectives')
        .addColumn('territory_id', 'text', (c) => c.notNull())
        .addColumn('version', 'bigint', (c) => c.notNull())
        .addColumn('position', 'bigint', (c) => c.notNull())
        .addColumn('objective_id', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('indicator_code', 'text')
        .addColumn('baseline', 'double precision')
        .addColumn('target_value', 'double precision')
        .addColumn('unit', 'text')
        .addColumn('target_year', 'bigint')
        .addPrimaryKeyConstraint('vision_objectives_pk', ['territory_id', 'version', 'position'])
        .addUniqueConstraint('vision_objectives_id', ['territory_id', 'version', 'objective_id'])
        .addForeignKeyConstraint('vision_objectives_version', ['territory_id', 'version'], 'vision_versions', ['territory_id', 'version'])
        .execute();
      await db.schema
        .createTable('task_forces')
        .addColumn('territory_id', 'text', (c) => c.notNull().references('territories.id'))
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('mission', 'text', (c) => c.notNull())
        .addColumn('decision_method', 'text', (c) => c.notNull())
        .addColumn('quorum_percent', 'bigint', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('task_forces_pk', ['territory_id', 'id'])
        .execute();
      await db.schema
        .createTable('task_force_criteria')
        .addColumn('territory_id', 'text', (c) => c.notNull())
        .addColumn('task_force_id', 'text', (c) => c.notNull())
        .addColumn('dimension', 'text', (c) => c.notNull())
        .addColumn('position', 'bigint', (c) => c.notNull())
        .addColumn('statement', 'text', (c) => c.notNull())
        .addColumn('threshold', 'double precision')
        .addColumn('unit', 'text')
        .addColumn('indicator_code', 'text')
        .addPrimaryKeyConstraint('task_force_criteria_pk', ['territory_id', 'task_force_id', 'dimension', 'position'])
        .addForeignKeyConstraint('task_force_criteria_task_force', ['territory_id', 'task_force_id'], 'task_forces', ['territory_id', 'id'])
        .execute();
      await db.schema
        .createTable('task_force_budget_lines')
        .addColumn('territory_id', 'text', (c) => c.notNull())
        .addColumn('task_force_id', 'text', (c) => c.notNull())
        .addColumn('position', 'bigint', (c) => c.notNull())
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('category', 'text', (c) => c.notNull())
        .addColumn('planned_amount', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('task_force_budget_lines_pk', ['territory_id', 'task_force_id', 'position'])
        .addForeignKeyConstraint('task_force_budget_lines_task_force', ['territory_id', 'task_force_id'], 'task_forces', ['territory_id', 'id'])
        .execute();
      await db.schema
        .createTable('task_force_members')
        .addColumn('territory_id', 'text', (c) => c.notNull())
        .addColumn('task_force_id', 'text', (c) => c.notNull())
        .addColumn('member_type', 'text', (c) => c.notNull())
        .addColumn('member_id', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('since', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('task_force_members_pk', ['territory_id', 'task_force_id', 'member_type', 'member_id'])
        .addForeignKeyConstraint('task_force_members_task_force', ['territory_id', 'task_force_id'], 'task_forces', ['territory_id', 'id'])
        .execute();
      await db.schema
        .createTable('commitments')
        .addColumn('territory_id', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('owner_organisation_id', 'text', (c) => c.notNull())
        .addColumn('task_force_id', 'text')
        .addColumn('statement', 'text', (c) => c.notNull())
        .addColumn('indicator_code', 'text')
        .addColumn('target_value', 'double precision')
        .addColumn('unit', 'text')
        .addColumn('deadline', 'text')
        .addColumn('milestone_date', 'text')
        .addColumn('weight', 'bigint', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('progress', 'bigint', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('commitments_pk', ['territory_id', 'id'])
        .addForeignKeyConstraint('commitments_owner', ['territory_id', 'owner_organisation_id'], 'pact_signatures', ['territory_id', 'organisation_id'])
        .addForeignKeyConstraint('commitments_task_force', ['territory_id', 'task_force_id'], 'task_forces', ['territory_id', 'id'])
        .execute();
      await db.schema.createIndex('commitments_task_force_idx').on('commitments').columns(['territory_id', 'task_force_id']).execute();
      await db.schema
        .createTable('commitment_updates')
        .addColumn('territory_id', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('commitment_id', 'text', (c) => c.notNull())
        .addColumn('progress', 'bigint', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('evidence_url', 'text')
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .addColumn('recorded_by', 'text')
        .addPrimaryKeyConstraint('commitment_updates_pk', ['territory_id', 'id'])
        .addForeignKeyConstraint('commitment_updates_commitment', ['territory_id', 'commitment_id'], 'commitments', ['territory_id', 'id'])
        .execute();
      await db.schema.createIndex('commitment_updates_commitment_idx').on('commitment_updates').columns(['territory_id', 'commitment_id', 'id']).execute();
      await db.schema
        .createTable('chronicle_entries')
        .addColumn('territory_id', 'text', (c) => c.notNull().references('territories.id'))
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('occurred_at', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('task_force_id', 'text')
        .addColumn('organisation_id', 'text')
        .addColumn('link_path', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('chronicle_entries_pk', ['territory_id', 'id'])
        .execute();
      // Pages are read newest first in byte order on both databases (collate "C" on PostgreSQL), so the index must be too.
      const c = sql.raw(dialectOf(db) === 'postgres' ? ' collate "C"' : '');
      await sql`create index chronicle_entries_time_idx on chronicle_entries (territory_id, occurred_at${c}, id${c})`.execute(db);
    },
  },
  '2001-pact-decisions': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('task_force_decisions')
        .addColumn('territory_id', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('task_force_id', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('decision_method', 'text', (c) => c.notNull())
        .addColumn('quorum_percent', 'bigint', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('opened_by', 'text')
        .addColumn('opened_at', 'text', (c) => c.notNull())
        .addColumn('closes_at', 'text', (c) => c.notNull())
        .addColumn('review_date', 'text')
        .addColumn('closed_at', 'text')
        .addColumn('closed_by', 'text')
        .addColumn('outcome', 'text')
        .addColumn('tally_consent', 'bigint')
        .addColumn('tally_objection', 'bigint')
        .addColumn('tally_for', 'bigint')
        .addColumn('tally_against', 'bigint')
        .addColumn('tally_abstain', 'bigint')
        .addColumn('voting_members', 'bigint')
        .addPrimaryKeyConstraint('task_force_decisions_pk', ['territory_id', 'id'])
        .addForeignKeyConstraint('task_force_decisions_task_force', ['territory_id', 'task_force_id'], 'task_forces', ['territory_id', 'id'])
        .execute();
      await db.schema.createIndex('task_force_decisions_task_force_idx').on('task_force_decisions').columns(['territory_id', 'task_force_id', 'opened_at']).execute();
      await db.schema
        .createTable('task_force_decision_votes')
        .addColumn('territory_id', 'text', (c) => c.notNull())
        .addColumn('decision_id', 'text', (c) => c.notNull())
        .addColumn('member_type', 'text', (c) => c.notNull())
        .addColumn('member_id', 'text', (c) => c.notNull())
        .addColumn('choice', 'text', (c) => c.notNull())
        .addColumn('cast_by', 'text')
        .addColumn('cast_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('task_force_decision_votes_pk', ['territory_id', 'decision_id', 'member_type', 'member_id'])
        .addForeignKeyConstraint('task_force_decision_votes_decision', ['territory_id', 'decision_id'], 'task_force_decisions', ['territory_id', 'id'])
        .execute();
    },
  },
  '2002-pact-follows-notifications-evidence-late': {
    async up(db: Kysely<unknown>) {
      // SQLite adds one column per statement.
      for (const [name, type] of [['evidence_sha256', 'text'], ['evidence_size', 'bigint'], ['evidence_media_type', 'text'], ['evidence_name', 'text']] as const) {
        await db.schema.alterTable('commitment_updates').addColumn(name, type).execute();
      }
      await db.schema
        .createTable('pact_follows')
        .addColumn('territory_id', 'text', (c) => c.notNull().references('territories.id'))
        .addColumn('target_type', 'text', (c) => c.notNull())
        .addColumn('target_id', 'text', (c) => c.notNull())
        .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
        .addColumn('followed_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('pact_follows_pk', ['territory_id', 'target_type', 'target_id', 'person_id'])
        .execute();
      await db.schema.createIndex('pact_follows_person_idx').on('pact_follows').columns(['territory_id', 'person_id']).execute();
      await db.schema
        .createTable('pact_notifications')
        .addColumn('territory_id', 'text', (c) => c.notNull().references('territories.id'))
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('link_path', 'text', (c) => c.notNull())
        .addColumn('target_type', 'text', (c) => c.notNull())
        .addColumn('target_id', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('read_at', 'text')
        .addPrimaryKeyConstraint('pact_notifications_pk', ['territory_id', 'id'])
        .execute();
      // A person's pages are read newest first in byte order on both databases, as the chronicle's.
      const c = sql.raw(dialectOf(db) === 'postgres' ? ' collate "C"' : '');
      await sql`create index pact_notifications_person_idx on pact_notifications (territory_id, person_id, created_at${c}, id${c})`.execute(db);
      await db.schema
        .createTable('commitment_late_announcements')
        .addColumn('territory_id', 'text', (c) => c.notNull())
        .addColumn('commitment_id', 'text', (c) => c.notNull())
        .addColumn('due_date', 'text', (c) => c.notNull())
        .addColumn('announced_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('commitment_late_announcements_pk', ['territory_id', 'commitment_id', 'due_date'])
        .addForeignKeyConstraint('commitment_late_announcements_commitment', ['territory_id', 'commitment_id'], 'commitments', ['territory_id', 'id'])
        .execute();
    },
  },
  '2003-pact-vote-reasons': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('task_force_decision_votes').addColumn('reason', 'text').execute();
    },
  },
  '2004-pact-vision-reasons': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('vision_versions').addColumn('reason', 'text').execute();
    },
  },
};
