import fs from 'node:fs';
import path from 'node:path';
import type { Kysely, Migration } from 'kysely';
import { projectRoot } from '../../config.js';
import type { Executor } from '../../platform/db/transaction.js';

// Integers are `bigint` on both databases so both drivers return BigInt; measurements are doubles.
export interface IndicatorsTables {
  /** A territory's catalogue: seeded from data/indicators/catalogue.json, then edited by its facilitators. */
  indicator_definitions: {
    territory_id: string;
    code: string;
    name_fr: string;
    name_en: string;
    description_fr: string;
    description_en: string;
    /** The unit in French: the form the CSV files carry. */
    unit: string;
    /** The unit in English; null on entries written before units had one (read as the French form). */
    unit_en: string | null;
    kind: string;
    polarity: string;
    limit_value: number | null;
    /** JSON: the labelled levels of an ordinal scale. */
    levels: string;
    /** JSON: { nir, sdg, agenda21, oecd }. */
    tags: string;
    source_name: string;
    /** The source's name in English; null when it needs no translation. */
    source_name_en: string | null;
    source_url: string | null;
    obtained: string;
    computed_by: string | null;
    created_at: string;
    updated_at: string;
  };
  /**
   * Every value ever recorded. A correction adds the next revision of the same (period, series) cell and
   * clears `current` (0/1) on the one it supersedes; nothing is overwritten or deleted.
   */
  indicator_observations: {
    territory_id: string;
    id: string;
    indicator_code: string;
    period: string;
    /** Canonical JSON of the dimensions (keys sorted); `{}` is the total. */
    series_key: string;
    value_number: number | null;
    value_text: string | null;
    status: string;
    footnote: string | null;
    /** The platform's own footnotes in English (a computed value's); null for those people typed. */
    footnote_en: string | null;
    source: string | null;
    revision: bigint;
    current: bigint;
    recorded_at: string;
    recorded_by: string | null;
  };
  /** A target is replaced, never changed: the replaced one keeps its row with `replaced_at` set. */
  indicator_targets: {
    territory_id: string;
    id: string;
    indicator_code: string;
    base_year: bigint | null;
    base_value: number | null;
    target_year: bigint;
    target_value: number;
    origin: string;
    objective_id: string | null;
    vision_version: bigint | null;
    set_at: string;
    set_by: string | null;
    replaced_at: string | null;
  };
}

export const indicatorsMigrations: Record<string, Migration> = {
  '5000-indicators-catalogue-observations-targets': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('indicator_definitions')
        .addColumn('territory_id', 'text', (c) => c.notNull().references('territories.id'))
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('name_fr', 'text', (c) => c.notNull())
        .addColumn('name_en', 'text', (c) => c.notNull())
        .addColumn('description_fr', 'text', (c) => c.notNull())
        .addColumn('description_en', 'text', (c) => c.notNull())
        .addColumn('unit', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('polarity', 'text', (c) => c.notNull())
        .addColumn('limit_value', 'double precision')
        .addColumn('levels', 'text', (c) => c.notNull())
        .addColumn('tags', 'text', (c) => c.notNull())
        .addColumn('source_name', 'text', (c) => c.notNull())
        .addColumn('source_url', 'text')
        .addColumn('obtained', 'text', (c) => c.notNull())
        .addColumn('computed_by', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('indicator_definitions_pk', ['territory_id', 'code'])
        .execute();
      await db.schema
        .createTable('indicator_observations')
        .addColumn('territory_id', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('indicator_code', 'text', (c) => c.notNull())
        .addColumn('period', 'text', (c) => c.notNull())
        .addColumn('series_key', 'text', (c) => c.notNull())
        .addColumn('value_number', 'double precision')
        .addColumn('value_text', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('footnote', 'text')
        .addColumn('source', 'text')
        .addColumn('revision', 'bigint', (c) => c.notNull())
        .addColumn('current', 'bigint', (c) => c.notNull())
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .addColumn('recorded_by', 'text')
        .addPrimaryKeyConstraint('indicator_observations_pk', ['territory_id', 'id'])
        // Two writers revising one cell at once: the second insert of the same revision is refused.
        .addUniqueConstraint('indicator_observations_revision', ['territory_id', 'indicator_code', 'period', 'series_key', 'revision'])
        .addForeignKeyConstraint('indicator_observations_definition', ['territory_id', 'indicator_code'], 'indicator_definitions', ['territory_id', 'code'])
        .execute();
      await db.schema.createIndex('indicator_observations_current_idx').on('indicator_observations').columns(['territory_id', 'indicator_code', 'current']).execute();
      await db.schema
        .createTable('indicator_targets')
        .addColumn('territory_id', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('indicator_code', 'text', (c) => c.notNull())
        .addColumn('base_year', 'bigint')
        .addColumn('base_value', 'double precision')
        .addColumn('target_year', 'bigint', (c) => c.notNull())
        .addColumn('target_value', 'double precision', (c) => c.notNull())
        .addColumn('origin', 'text', (c) => c.notNull())
        .addColumn('objective_id', 'text')
        .addColumn('vision_version', 'bigint')
        .addColumn('set_at', 'text', (c) => c.notNull())
        .addColumn('set_by', 'text')
        .addColumn('replaced_at', 'text')
        .addPrimaryKeyConstraint('indicator_targets_pk', ['territory_id', 'id'])
        .addForeignKeyConstraint('indicator_targets_definition', ['territory_id', 'indicator_code'], 'indicator_definitions', ['territory_id', 'code'])
        .execute();
      await db.schema.createIndex('indicator_targets_code_idx').on('indicator_targets').columns(['territory_id', 'indicator_code']).execute();
    },
  },
  '5001-indicators-english-units-sources-and-computed-notes': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('indicator_definitions').addColumn('unit_en', 'text').execute();
      await db.schema.alterTable('indicator_observations').addColumn('footnote_en', 'text').execute();
      await db.schema.alterTable('indicator_definitions').addColumn('source_name_en', 'text').execute();
      await fillEnglishFromShippedCatalogue(db as unknown as Executor);
    },
  },
};

/**
 * Entries seeded from the shipped catalogue before units and sources had English forms, and still
 * carrying the catalogue's French unit and source, get the English forms it now ships; entries a
 * territory changed keep their own words (read in both languages as typed).
 */
export async function fillEnglishFromShippedCatalogue(definitions: Executor): Promise<void> {
  // Read as plain JSON, not through the model: this migration must keep running whatever the file becomes.
  const file = JSON.parse(fs.readFileSync(path.join(projectRoot, 'data', 'indicators', 'catalogue.json'), 'utf8')) as {
    indicators: { code: string; unit?: { fr?: string; en?: string }; source?: { name?: string; nameEn?: string } }[];
  };
  for (const { code, unit, source } of file.indicators) {
    if (unit?.fr && unit.en) {
      await definitions.updateTable('indicator_definitions').set({ unit_en: unit.en }).where('code', '=', code).where('unit', '=', unit.fr).where('unit_en', 'is', null).execute();
    }
    if (source?.name && source.nameEn) {
      await definitions
        .updateTable('indicator_definitions')
        .set({ source_name_en: source.nameEn })
        .where('code', '=', code)
        .where('source_name', '=', source.name)
        .where('source_name_en', 'is', null)
        .execute();
    }
  }
}
