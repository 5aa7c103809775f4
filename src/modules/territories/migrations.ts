import { sql, type Kysely, type Migration } from 'kysely';
import { dialectOf } from '../../platform/db/dialect.js';

export interface TerritoriesTables {
  territories: {
    /** The territory's id is the tenant key every other table starts with. */
    id: string;
    slug: string;
    name: string;
    insee_code: string;
    level: string;
    currency_code: string;
    currency_name: string;
    created_at: string;
  };
  organisations: {
    territory_id: string;
    id: string;
    name: string;
    /** The name folded for ordering (lower case, no accents), identical on both databases. */
    sort_name: string;
    kind: string;
    siret: string | null;
    naf_code: string | null;
    address: string | null;
    commune_insee: string | null;
    latitude: number | null;
    longitude: number | null;
    created_at: string;
    updated_at: string;
    /** A partner that leaves is closed, never deleted: its history stays readable. */
    closed_at: string | null;
  };
  territory_people: {
    territory_id: string;
    person_id: string;
    joined_at: string;
  };
  territory_roles: {
    territory_id: string;
    person_id: string;
    role: string;
    granted_at: string;
  };
  memberships: {
    territory_id: string;
    id: string;
    organisation_id: string;
    person_id: string;
    role: string;
    since: string;
    /** A membership is ended, never deleted: who represented whom stays readable. */
    ended_at: string | null;
  };
}

export const territoriesMigrations: Record<string, Migration> = {
  '1000-territories-organisations-people': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('territories')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('slug', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('insee_code', 'text', (c) => c.notNull())
        .addColumn('level', 'text', (c) => c.notNull())
        .addColumn('currency_code', 'text', (c) => c.notNull())
        .addColumn('currency_name', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('organisations')
        .addColumn('territory_id', 'text', (c) => c.notNull().references('territories.id'))
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('sort_name', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('siret', 'text')
        .addColumn('naf_code', 'text')
        .addColumn('address', 'text')
        .addColumn('commune_insee', 'text')
        .addColumn('latitude', 'double precision')
        .addColumn('longitude', 'double precision')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('organisations_pk', ['territory_id', 'id'])
        .addUniqueConstraint('organisations_siret', ['territory_id', 'siret'])
        .execute();
      // Pages are read in byte order on both databases (collate "C" on PostgreSQL), so the index must be too.
      const c = sql.raw(dialectOf(db) === 'postgres' ? ' collate "C"' : '');
      await sql`create index organisations_sort_name on organisations (territory_id, sort_name${c}, id${c})`.execute(db);
      await db.schema
        .createTable('territory_people')
        .addColumn('territory_id', 'text', (c) => c.notNull().references('territories.id'))
        .addColumn('person_id', 'text', (c) => c.notNull())
        .addColumn('joined_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('territory_people_pk', ['territory_id', 'person_id'])
        .execute();
      await db.schema
        .createTable('territory_roles')
        .addColumn('territory_id', 'text', (c) => c.notNull().references('territories.id'))
        .addColumn('person_id', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('granted_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('territory_roles_pk', ['territory_id', 'person_id', 'role'])
        .execute();
      await db.schema
        .createTable('memberships')
        .addColumn('territory_id', 'text', (c) => c.notNull().references('territories.id'))
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('organisation_id', 'text', (c) => c.notNull())
        .addColumn('person_id', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('since', 'text', (c) => c.notNull())
        .addColumn('ended_at', 'text')
        .addPrimaryKeyConstraint('memberships_pk', ['territory_id', 'id'])
        .addForeignKeyConstraint('memberships_organisation', ['territory_id', 'organisation_id'], 'organisations', ['territory_id', 'id'])
        .execute();
      await db.schema.createIndex('memberships_person').on('memberships').columns(['territory_id', 'person_id']).execute();
      await db.schema.createIndex('memberships_organisation_idx').on('memberships').columns(['territory_id', 'organisation_id']).execute();
    },
  },
  '1010-organisations-closed': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('organisations').addColumn('closed_at', 'text').execute();
    },
  },
};
