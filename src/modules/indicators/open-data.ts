import { strToU8, zipSync } from 'fflate';
import type { IndicatorDefinition, Observation, Target } from './model.js';
import type { CalculationStep, ProgressCalculation } from './progress-model.js';

/**
 * The open-data files of a territory's indicators: one tidy CSV per indicator in the Open SDG shape
 * (which the import reads back), its JSON and metadata, and a Frictionless Tabular Data Package that
 * describes every CSV with a Table Schema — the convention of French open data (schema.data.gouv.fr).
 */

/** Licence Ouverte 2.0, the default licence of French public open data (décret 2017-638). */
export const LICENCE = Object.freeze({
  name: 'etalab-2.0',
  title: 'Licence Ouverte / Open Licence version 2.0',
  path: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence/',
});

/** SDMX CL_OBS_STATUS codes in the CSV: A normal (final), P provisional. */
const STATUS_CODE = { final: 'A', provisional: 'P' } as const;
const SERIES = 'Series';

export const CATALOGUE_FILE = 'catalogue.csv';
export const ALL_OBSERVATIONS_FILE = 'observations.csv';

function csvCell(value: string | number | boolean | null): string {
  const text = value === null ? '' : String(value);
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(values: readonly (string | number | boolean | null)[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}

/** Dimension names in a stable order: `Series` first (as Open SDG shows it), then alphabetical. */
export function dimensionNames(observations: readonly Pick<Observation, 'dimensions'>[]): string[] {
  const names = new Set<string>();
  for (const o of observations) for (const k of Object.keys(o.dimensions)) names.add(k);
  return [...names].sort((a, b) => (a === SERIES ? -1 : b === SERIES ? 1 : a < b ? -1 : a > b ? 1 : 0));
}

const onlyYears = (observations: readonly Pick<Observation, 'period'>[]) => observations.every((o) => /^\d{4}$/.test(o.period));

export function indicatorCsv(definition: IndicatorDefinition, observations: readonly Observation[]): string {
  const dims = dimensionNames(observations);
  let out = csvLine(['Year', ...dims, 'Units', 'OBS_STATUS', 'COMMENT_OBS', 'SOURCE', 'Value']);
  for (const o of observations) {
    out += csvLine([o.period, ...dims.map((d) => o.dimensions[d] ?? ''), definition.unit.fr, STATUS_CODE[o.status], o.footnote, o.source, o.value]);
  }
  return out;
}

export function allObservationsCsv(definitions: ReadonlyMap<string, IndicatorDefinition>, observations: readonly Observation[]): string {
  let out = csvLine(['indicator', 'Year', 'dimensions', 'Units', 'OBS_STATUS', 'COMMENT_OBS', 'SOURCE', 'Value']);
  for (const o of observations) {
    const dims = Object.entries(o.dimensions).map(([k, v]) => `${k}=${v}`).join('; ');
    out += csvLine([o.indicatorCode, o.period, dims, definitions.get(o.indicatorCode)?.unit.fr ?? '', STATUS_CODE[o.status], o.footnote, o.source, o.value]);
  }
  return out;
}

export function catalogueCsv(definitions: readonly IndicatorDefinition[]): string {
  let out = csvLine(['code', 'name_fr', 'name_en', 'description_fr', 'description_en', 'unit_fr', 'unit_en', 'kind', 'polarity', 'nir', 'sdg_targets', 'agenda21', 'oecd', 'source_name', 'source_name_en', 'source_url', 'obtained', 'computed_by']);
  for (const d of definitions) {
    out += csvLine([
      d.code, d.name.fr, d.name.en, d.description.fr, d.description.en, d.unit.fr, d.unit.en, d.kind, d.polarity, d.tags.nir,
      d.tags.sdg.map((t) => t.target).join(' '), d.tags.agenda21.join(' '), d.tags.oecd.join(' '), d.source.name, d.source.nameEn, d.source.url, d.obtained, d.computedBy,
    ]);
  }
  return out;
}

export function observationsJson(definition: IndicatorDefinition, observations: readonly Observation[]) {
  return {
    indicator: definition.code,
    unit: definition.unit,
    kind: definition.kind,
    licence: LICENCE,
    observations: observations.map((o) => ({
      period: o.period,
      dimensions: o.dimensions,
      value: o.value,
      status: o.status,
      footnote: o.footnote,
      footnoteEn: o.footnoteEn,
      source: o.source,
      revision: o.revision,
      recordedAt: o.recordedAt,
    })),
  };
}

export interface IndicatorMetadata extends IndicatorDefinition {
  territory: { slug: string; name: string };
  licence: typeof LICENCE;
  target: Target | null;
  progress: { status: string; score: number | null };
  lastModified: string | null;
  files: { csv: string; json: string; metadata: string; datapackage: string };
}

export function indicatorMetadata(
  territory: { slug: string; name: string },
  definition: IndicatorDefinition,
  extra: { target: Target | null; progress: Pick<ProgressCalculation, 'status' | 'score'>; lastModified: string | null },
): IndicatorMetadata {
  return {
    ...definition,
    territory,
    licence: LICENCE,
    target: extra.target,
    progress: { status: extra.progress.status, score: extra.progress.score },
    lastModified: extra.lastModified,
    files: { csv: `${definition.code}.csv`, json: `${definition.code}.json`, metadata: `${definition.code}.metadata.json`, datapackage: 'datapackage.json' },
  };
}

export function progressCsv(steps: readonly CalculationStep[]): string {
  return csvLine(['step', 'formula', 'value']) + steps.map((s) => csvLine([s.step, s.formula, s.value])).join('');
}

// ── Frictionless Data Package (Tabular Data Package, Table Schema v1) ────────────────────────────

export interface TableSchemaField {
  name: string;
  type: 'string' | 'number' | 'integer' | 'boolean' | 'year';
  title?: string;
  description?: string;
  format?: string;
  constraints?: { required?: boolean; enum?: (string | number)[]; pattern?: string; unique?: boolean };
}

export interface TableSchema {
  fields: TableSchemaField[];
  primaryKey: string[];
  /**
   * `NA` only: an empty dimension cell marks the total series (Open SDG's headline), a value and part of
   * the primary key, not a missing one; Table Schema v1 wants at least one missing-value marker.
   */
  missingValues: string[];
}

function valueField(d: IndicatorDefinition): TableSchemaField {
  const base = { name: 'Value', title: d.name.fr, description: `${d.description.fr} Unité : ${d.unit.fr}.` };
  switch (d.kind) {
    case 'quantitative':
      return { ...base, type: 'number', constraints: { required: true } };
    case 'binary':
      return { ...base, type: 'integer', description: `${base.description} 1 = oui, 0 = non.`, constraints: { required: true, enum: [0, 1] } };
    case 'ordinal':
      return {
        ...base,
        type: 'integer',
        description: `${base.description} Niveaux : ${d.levels.map((l) => `${l.value} = ${l.label.fr}`).join(' ; ')}.`,
        constraints: { required: true, enum: d.levels.map((l) => l.value) },
      };
    case 'narrative':
      return { ...base, type: 'string', constraints: { required: true } };
  }
}

export function indicatorTableSchema(definition: IndicatorDefinition, observations: readonly Observation[]): TableSchema {
  const dims = dimensionNames(observations);
  const year: TableSchemaField = onlyYears(observations)
    ? { name: 'Year', type: 'year', title: 'Année', constraints: { required: true } }
    : { name: 'Year', type: 'string', title: 'Période', description: 'Année (AAAA), mois (AAAA-MM) ou date (AAAA-MM-JJ).', constraints: { required: true, pattern: '\\d{4}(-\\d{2}(-\\d{2})?)?' } };
  return {
    fields: [
      year,
      ...dims.map((name): TableSchemaField => ({ name, type: 'string', description: 'Dimension ; vide sur la ligne du total.' })),
      { name: 'Units', type: 'string', title: 'Unité', description: `En anglais : ${definition.unit.en}.`, constraints: { required: true, enum: [definition.unit.fr] } },
      { name: 'OBS_STATUS', type: 'string', title: 'Statut', description: 'SDMX CL_OBS_STATUS : A définitif, P provisoire.', constraints: { required: true, enum: ['A', 'P'] } },
      { name: 'COMMENT_OBS', type: 'string', title: 'Note', description: 'Note de bas de tableau propre à la valeur.' },
      { name: 'SOURCE', type: 'string', title: 'Source' },
      valueField(definition),
    ],
    primaryKey: ['Year', ...dims],
    missingValues: ['NA'],
  };
}

const catalogueSchema: TableSchema = {
  fields: [
    { name: 'code', type: 'string', constraints: { required: true, unique: true, pattern: '[a-z][a-z0-9_]{1,63}' } },
    { name: 'name_fr', type: 'string', constraints: { required: true } },
    { name: 'name_en', type: 'string', constraints: { required: true } },
    { name: 'description_fr', type: 'string' },
    { name: 'description_en', type: 'string' },
    { name: 'unit_fr', type: 'string', constraints: { required: true } },
    { name: 'unit_en', type: 'string', constraints: { required: true } },
    { name: 'kind', type: 'string', constraints: { required: true, enum: ['quantitative', 'binary', 'ordinal', 'narrative'] } },
    { name: 'polarity', type: 'string', constraints: { required: true, enum: ['higher_is_better', 'lower_is_better', 'neutral'] } },
    { name: 'nir', type: 'boolean', description: 'Nouvel indicateur de richesse (loi n° 2015-411).', constraints: { required: true } },
    { name: 'sdg_targets', type: 'string', description: 'Cibles des ODD, séparées par des espaces.' },
    { name: 'agenda21', type: 'string', description: 'Finalités de l’Agenda 21, séparées par des espaces.' },
    { name: 'oecd', type: 'string', description: 'Dimensions du bien-être de l’OCDE, séparées par des espaces.' },
    { name: 'source_name', type: 'string' },
    { name: 'source_name_en', type: 'string', description: 'Nom de la source en anglais ; vide quand il ne se traduit pas.' },
    { name: 'source_url', type: 'string', format: 'default' },
    { name: 'obtained', type: 'string', constraints: { required: true, enum: ['entered', 'imported', 'computed'] } },
    { name: 'computed_by', type: 'string' },
  ],
  primaryKey: ['code'],
  missingValues: ['NA'],
};

const allObservationsSchema: TableSchema = {
  fields: [
    { name: 'indicator', type: 'string', constraints: { required: true } },
    { name: 'Year', type: 'string', constraints: { required: true, pattern: '\\d{4}(-\\d{2}(-\\d{2})?)?' } },
    { name: 'dimensions', type: 'string', description: 'nom=valeur ; … (vide pour le total).' },
    { name: 'Units', type: 'string', constraints: { required: true } },
    { name: 'OBS_STATUS', type: 'string', constraints: { required: true, enum: ['A', 'P'] } },
    { name: 'COMMENT_OBS', type: 'string' },
    { name: 'SOURCE', type: 'string' },
    { name: 'Value', type: 'string', description: 'Nombre, 0/1, niveau ou texte selon l’indicateur (voir son schéma).', constraints: { required: true } },
  ],
  primaryKey: ['indicator', 'Year', 'dimensions'],
  missingValues: ['NA'],
};

const csvResource = (name: string, path: string, title: string, schema: TableSchema, extra: Record<string, unknown> = {}) => ({
  profile: 'tabular-data-resource',
  name,
  path,
  title,
  format: 'csv',
  mediatype: 'text/csv',
  encoding: 'utf-8',
  dialect: { delimiter: ',', header: true, doubleQuote: true, lineTerminator: '\r\n' },
  ...extra,
  schema,
});

export function dataPackage(
  territory: { slug: string; name: string },
  definitions: readonly IndicatorDefinition[],
  observationsByCode: ReadonlyMap<string, readonly Observation[]>,
  created: string,
) {
  return {
    profile: 'tabular-data-package',
    name: `pacte21-${territory.slug}-indicateurs`,
    title: `Indicateurs de ${territory.name} (Pacte 21)`,
    description:
      `Indicateurs au-delà du PIB de ${territory.name} : les dix nouveaux indicateurs de richesse (loi n° 2015-411), ` +
      'les indicateurs du pacte territorial et leurs valeurs, une table par indicateur au format « tidy » d’Open SDG.',
    created,
    keywords: ['indicateurs', 'nouveaux indicateurs de richesse', 'ODD', 'Agenda 21', territory.name],
    licenses: [LICENCE],
    sources: [{ title: 'Pacte 21' }],
    resources: [
      csvResource('catalogue', CATALOGUE_FILE, 'Catalogue des indicateurs', catalogueSchema),
      csvResource('observations', ALL_OBSERVATIONS_FILE, 'Toutes les valeurs', allObservationsSchema),
      ...definitions.map((d) =>
        csvResource(d.code, `${d.code}.csv`, d.name.fr, indicatorTableSchema(d, observationsByCode.get(d.code) ?? []), {
          description: d.description.fr,
          sources: [d.source.url ? { title: d.source.name, path: d.source.url } : { title: d.source.name }],
          licenses: [LICENCE],
        }),
      ),
    ],
  };
}

/** Every file at the same relative paths as under /indicators/, so datapackage.json's paths resolve in both. */
export function openDataArchive(files: ReadonlyMap<string, string>): Buffer {
  const entries: Record<string, Uint8Array> = {};
  for (const [name, text] of files) entries[name] = strToU8(text);
  return Buffer.from(zipSync(entries, { level: 6 }));
}
