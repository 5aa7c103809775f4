import { type Kysely, type Migration } from 'kysely';

// Tonnes and uncertainties are doubles (measurements); years and positions `bigint` so both drivers
// return BigInt, turned back into numbers by the repositories; money is `bigint` cents; flags 0/1.
export interface MetabolismTables {
  /** A place material passes through in one territory's year: an actor (organisation), a process, or the boundary. */
  metabolism_nodes: {
    territory_id: string;
    id: string;
    year: bigint;
    kind: string;
    /** nature, abroad, rest_of_country, environment, stock — for boundary nodes only. */
    boundary: string | null;
    organisation_id: string | null;
    name: string;
    /** NAF rév. 2 section letter (A–U), taken from the organisation's activity or given for a process. */
    naf_section: string | null;
    /** Whether inputs must equal outputs plus stock change (a constraint of the reconciliation). */
    balanced: number;
    created_at: string;
    updated_at: string;
  };
  metabolism_flows: {
    territory_id: string;
    id: string;
    year: bigint;
    from_node_id: string;
    to_node_id: string;
    waste_code: string | null;
    category: string | null;
    material_name: string | null;
    tonnes: number;
    /** Standard uncertainty in tonnes; null for an unmeasured flow (a free variable of the reconciliation). */
    uncertainty: number | null;
    method: string;
    source: string | null;
    confidential: number;
    synergy_match_id: string | null;
    /** What was entered before a reconciliation replaced tonnes/uncertainty/method; null when never reconciled. */
    reported_tonnes: number | null;
    reported_uncertainty: number | null;
    reported_method: string | null;
    created_at: string;
    updated_at: string;
  };
  symbiosis_offers: {
    territory_id: string;
    id: string;
    organisation_id: string;
    waste_code: string | null;
    category: string | null;
    material_name: string | null;
    description: string;
    tonnes_per_year: number;
    available_from: string | null;
    available_until: string | null;
    hazardous: number;
    /** Cents per tonne in `price_unit`: positive, the receiver pays; negative, the offerer pays to be rid of it. */
    price_per_tonne: bigint | null;
    price_unit: string;
    confidential: number;
    status: string;
    created_at: string;
    updated_at: string;
  };
  symbiosis_needs: {
    territory_id: string;
    id: string;
    organisation_id: string;
    material_name: string | null;
    description: string;
    tonnes_per_year: number;
    max_distance_km: number;
    accepts_hazardous: number;
    status: string;
    created_at: string;
    updated_at: string;
  };
  /** What a need accepts: waste codes, sub-chapters, chapters or EW-MFA categories. */
  symbiosis_need_materials: {
    territory_id: string;
    need_id: string;
    position: bigint;
    accepted: string;
  };
  symbiosis_matches: {
    territory_id: string;
    id: string;
    offer_id: string;
    need_id: string;
    score: number;
    /** JSON: the factors of the score and their reasons, as computed last. */
    explanation: string;
    distance_km: number | null;
    status: string;
    tonnes_per_year: number | null;
    started_year: bigint | null;
    ended_year: bigint | null;
    created_at: string;
    updated_at: string;
  };
  symbiosis_match_events: {
    territory_id: string;
    id: string;
    match_id: string;
    from_status: string | null;
    to_status: string;
    note: string | null;
    occurred_at: string;
    actor: string | null;
  };
}

export const metabolismMigrations: Record<string, Migration> = {
  '4000-metabolism-flows-and-symbiosis': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('metabolism_nodes')
        .addColumn('territory_id', 'text', (c) => c.notNull().references('territories.id'))
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('year', 'bigint', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('boundary', 'text')
        .addColumn('organisation_id', 'text')
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('naf_section', 'text')
        .addColumn('balanced', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('metabolism_nodes_pk', ['territory_id', 'id'])
        .addForeignKeyConstraint('metabolism_nodes_organisation', ['territory_id', 'organisation_id'], 'organisations', ['territory_id', 'id'])
        // One node per organisation and per boundary each year; processes are told apart by name.
        .addUniqueConstraint('metabolism_nodes_organisation_year', ['territory_id', 'year', 'organisation_id'])
        .addUniqueConstraint('metabolism_nodes_boundary_year', ['territory_id', 'year', 'boundary'])
        .execute();
      await db.schema.createIndex('metabolism_nodes_year_idx').on('metabolism_nodes').columns(['territory_id', 'year', 'kind']).execute();

      await db.schema
        .createTable('metabolism_flows')
        .addColumn('territory_id', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('year', 'bigint', (c) => c.notNull())
        .addColumn('from_node_id', 'text', (c) => c.notNull())
        .addColumn('to_node_id', 'text', (c) => c.notNull())
        .addColumn('waste_code', 'text')
        .addColumn('category', 'text')
        .addColumn('material_name', 'text')
        .addColumn('tonnes', 'double precision', (c) => c.notNull())
        .addColumn('uncertainty', 'double precision')
        .addColumn('method', 'text', (c) => c.notNull())
        .addColumn('source', 'text')
        .addColumn('confidential', 'integer', (c) => c.notNull())
        .addColumn('synergy_match_id', 'text')
        .addColumn('reported_tonnes', 'double precision')
        .addColumn('reported_uncertainty', 'double precision')
        .addColumn('reported_method', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('metabolism_flows_pk', ['territory_id', 'id'])
        .addForeignKeyConstraint('metabolism_flows_from', ['territory_id', 'from_node_id'], 'metabolism_nodes', ['territory_id', 'id'])
        .addForeignKeyConstraint('metabolism_flows_to', ['territory_id', 'to_node_id'], 'metabolism_nodes', ['territory_id', 'id'])
        .execute();
      await db.schema.createIndex('metabolism_flows_year_idx').on('metabolism_flows').columns(['territory_id', 'year', 'id']).execute();
      await db.schema.createIndex('metabolism_flows_synergy_idx').on('metabolism_flows').columns(['territory_id', 'synergy_match_id', 'year']).execute();

      await db.schema
        .createTable('symbiosis_offers')
        .addColumn('territory_id', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('organisation_id', 'text', (c) => c.notNull())
        .addColumn('waste_code', 'text')
        .addColumn('category', 'text')
        .addColumn('material_name', 'text')
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('tonnes_per_year', 'double precision', (c) => c.notNull())
        .addColumn('available_from', 'text')
        .addColumn('available_until', 'text')
        .addColumn('hazardous', 'integer', (c) => c.notNull())
        .addColumn('price_per_tonne', 'bigint')
        .addColumn('price_unit', 'text', (c) => c.notNull())
        .addColumn('confidential', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('symbiosis_offers_pk', ['territory_id', 'id'])
        .addForeignKeyConstraint('symbiosis_offers_organisation', ['territory_id', 'organisation_id'], 'organisations', ['territory_id', 'id'])
        .execute();
      await db.schema.createIndex('symbiosis_offers_organisation_idx').on('symbiosis_offers').columns(['territory_id', 'organisation_id']).execute();

      await db.schema
        .createTable('symbiosis_needs')
        .addColumn('territory_id', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('organisation_id', 'text', (c) => c.notNull())
        .addColumn('material_name', 'text')
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('tonnes_per_year', 'double precision', (c) => c.notNull())
        .addColumn('max_distance_km', 'double precision', (c) => c.notNull())
        .addColumn('accepts_hazardous', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('symbiosis_needs_pk', ['territory_id', 'id'])
        .addForeignKeyConstraint('symbiosis_needs_organisation', ['territory_id', 'organisation_id'], 'organisations', ['territory_id', 'id'])
        .execute();
      await db.schema.createIndex('symbiosis_needs_organisation_idx').on('symbiosis_needs').columns(['territory_id', 'organisation_id']).execute();

      await db.schema
        .createTable('symbiosis_need_materials')
        .addColumn('territory_id', 'text', (c) => c.notNull())
        .addColumn('need_id', 'text', (c) => c.notNull())
        .addColumn('position', 'bigint', (c) => c.notNull())
        .addColumn('accepted', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('symbiosis_need_materials_pk', ['territory_id', 'need_id', 'position'])
        .addForeignKeyConstraint('symbiosis_need_materials_need', ['territory_id', 'need_id'], 'symbiosis_needs', ['territory_id', 'id'])
        .execute();

      await db.schema
        .createTable('symbiosis_matches')
        .addColumn('territory_id', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('offer_id', 'text', (c) => c.notNull())
        .addColumn('need_id', 'text', (c) => c.notNull())
        .addColumn('score', 'double precision', (c) => c.notNull())
        .addColumn('explanation', 'text', (c) => c.notNull())
        .addColumn('distance_km', 'double precision')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('tonnes_per_year', 'double precision')
        .addColumn('started_year', 'bigint')
        .addColumn('ended_year', 'bigint')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('symbiosis_matches_pk', ['territory_id', 'id'])
        .addUniqueConstraint('symbiosis_matches_pair', ['territory_id', 'offer_id', 'need_id'])
        .addForeignKeyConstraint('symbiosis_matches_offer', ['territory_id', 'offer_id'], 'symbiosis_offers', ['territory_id', 'id'])
        .addForeignKeyConstraint('symbiosis_matches_need', ['territory_id', 'need_id'], 'symbiosis_needs', ['territory_id', 'id'])
        .execute();
      await db.schema.createIndex('symbiosis_matches_need_idx').on('symbiosis_matches').columns(['territory_id', 'need_id', 'score']).execute();
      await db.schema.createIndex('symbiosis_matches_status_idx').on('symbiosis_matches').columns(['territory_id', 'status']).execute();

      await db.schema
        .createTable('symbiosis_match_events')
        .addColumn('territory_id', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('match_id', 'text', (c) => c.notNull())
        .addColumn('from_status', 'text')
        .addColumn('to_status', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('occurred_at', 'text', (c) => c.notNull())
        .addColumn('actor', 'text')
        .addPrimaryKeyConstraint('symbiosis_match_events_pk', ['territory_id', 'id'])
        .addForeignKeyConstraint('symbiosis_match_events_match', ['territory_id', 'match_id'], 'symbiosis_matches', ['territory_id', 'id'])
        .execute();
      await db.schema.createIndex('symbiosis_match_events_match_idx').on('symbiosis_match_events').columns(['territory_id', 'match_id', 'occurred_at']).execute();
    },
  },
};
