import type { Executor } from '../../platform/db/transaction.js';
import { toSafeNumber } from '../../platform/db/dialect.js';
import type { IndicatorsTables } from './migrations.js';
import {
  cellKey,
  type Dimensions,
  type IndicatorDefinition,
  type IndicatorKind,
  type IndicatorTags,
  type Level,
  type Observation,
  type ObservationStatus,
  type Obtained,
  type Polarity,
  type Target,
  type TargetOrigin,
} from './model.js';

type DefinitionRow = IndicatorsTables['indicator_definitions'];
type ObservationRow = IndicatorsTables['indicator_observations'];
type TargetRow = IndicatorsTables['indicator_targets'];

const toDefinition = (r: DefinitionRow): IndicatorDefinition => ({
  code: r.code,
  name: { fr: r.name_fr, en: r.name_en },
  description: { fr: r.description_fr, en: r.description_en },
  // An entry written before units had an English form keeps its single unit in both languages.
  unit: { fr: r.unit, en: r.unit_en ?? r.unit },
  kind: r.kind as IndicatorKind,
  polarity: r.polarity as Polarity,
  limit: r.limit_value,
  levels: JSON.parse(r.levels) as Level[],
  tags: JSON.parse(r.tags) as IndicatorTags,
  source: { name: r.source_name, nameEn: r.source_name_en, url: r.source_url },
  obtained: r.obtained as Obtained,
  computedBy: r.computed_by,
});

const definitionColumns = (d: IndicatorDefinition) => ({
  name_fr: d.name.fr,
  name_en: d.name.en,
  description_fr: d.description.fr,
  description_en: d.description.en,
  unit: d.unit.fr,
  unit_en: d.unit.en,
  kind: d.kind,
  polarity: d.polarity,
  limit_value: d.limit,
  levels: JSON.stringify(d.levels),
  tags: JSON.stringify(d.tags),
  source_name: d.source.name,
  source_name_en: d.source.nameEn,
  source_url: d.source.url,
  obtained: d.obtained,
  computed_by: d.computedBy,
});

const toObservation = (r: ObservationRow): Observation => ({
  id: r.id,
  indicatorCode: r.indicator_code,
  period: r.period,
  dimensions: JSON.parse(r.series_key) as Dimensions,
  value: r.value_text ?? r.value_number!,
  status: r.status as ObservationStatus,
  footnote: r.footnote,
  footnoteEn: r.footnote_en,
  source: r.source,
  revision: toSafeNumber(r.revision),
  current: r.current === 1n || (r.current as unknown) === 1,
  recordedAt: r.recorded_at,
  recordedBy: r.recorded_by,
});

const toTarget = (r: TargetRow): Target => ({
  id: r.id,
  indicatorCode: r.indicator_code,
  baseYear: r.base_year === null ? null : toSafeNumber(r.base_year),
  baseValue: r.base_value,
  targetYear: toSafeNumber(r.target_year),
  targetValue: r.target_value,
  origin: r.origin as TargetOrigin,
  objectiveId: r.objective_id,
  visionVersion: r.vision_version === null ? null : toSafeNumber(r.vision_version),
  setAt: r.set_at,
  setBy: r.set_by,
});

const ORDER = (a: Observation, b: Observation) =>
  a.indicatorCode.localeCompare(b.indicatorCode) || (a.period < b.period ? -1 : a.period > b.period ? 1 : 0) || compareKeys(a, b) || a.revision - b.revision;
const compareKeys = (a: Observation, b: Observation) => {
  const ka = JSON.stringify(a.dimensions);
  const kb = JSON.stringify(b.dimensions);
  return ka === kb ? 0 : ka === '{}' ? -1 : kb === '{}' ? 1 : ka < kb ? -1 : 1;
};

/** The catalogue, the observations with their revisions, and the targets of each territory. */
export const indicatorsRepository = {
  async listDefinitions(db: Executor, territoryId: string): Promise<IndicatorDefinition[]> {
    const rows = await db.selectFrom('indicator_definitions').selectAll().where('territory_id', '=', territoryId).orderBy('code').execute();
    return rows.map(toDefinition);
  },

  async findDefinition(db: Executor, territoryId: string, code: string): Promise<IndicatorDefinition | undefined> {
    const row = await db.selectFrom('indicator_definitions').selectAll().where('territory_id', '=', territoryId).where('code', '=', code).executeTakeFirst();
    return row && toDefinition(row);
  },

  async definitionCodes(db: Executor, territoryId: string): Promise<Set<string>> {
    const rows = await db.selectFrom('indicator_definitions').select('code').where('territory_id', '=', territoryId).execute();
    return new Set(rows.map((r) => r.code));
  },

  async insertDefinitions(db: Executor, territoryId: string, definitions: readonly IndicatorDefinition[], at: string): Promise<void> {
    if (definitions.length === 0) return;
    await db
      .insertInto('indicator_definitions')
      .values(definitions.map((d) => ({ territory_id: territoryId, code: d.code, ...definitionColumns(d), created_at: at, updated_at: at })))
      .execute();
  },

  async updateDefinition(db: Executor, territoryId: string, d: IndicatorDefinition, at: string): Promise<void> {
    await db.updateTable('indicator_definitions').set({ ...definitionColumns(d), updated_at: at }).where('territory_id', '=', territoryId).where('code', '=', d.code).execute();
  },

  /** When the catalogue last changed, for Last-Modified. */
  async definitionsUpdatedAt(db: Executor, territoryId: string): Promise<Map<string, string>> {
    const rows = await db.selectFrom('indicator_definitions').select(['code', 'updated_at']).where('territory_id', '=', territoryId).execute();
    return new Map(rows.map((r) => [r.code, r.updated_at]));
  },

  /** The current revision of every cell; of one indicator, or of all. */
  async currentObservations(db: Executor, territoryId: string, code?: string): Promise<Observation[]> {
    const rows = await db
      .selectFrom('indicator_observations')
      .selectAll()
      .where('territory_id', '=', territoryId)
      .where('current', '=', 1n)
      .$if(code !== undefined, (q) => q.where('indicator_code', '=', code!))
      .execute();
    return rows.map(toObservation).sort(ORDER);
  },

  /** Every revision of one indicator's cells, superseded ones included, oldest first within a cell. */
  async observationHistory(db: Executor, territoryId: string, code: string, filter: { period?: string; seriesKey?: string } = {}): Promise<Observation[]> {
    const rows = await db
      .selectFrom('indicator_observations')
      .selectAll()
      .where('territory_id', '=', territoryId)
      .where('indicator_code', '=', code)
      .$if(filter.period !== undefined, (q) => q.where('period', '=', filter.period!))
      .$if(filter.seriesKey !== undefined, (q) => q.where('series_key', '=', filter.seriesKey!))
      .execute();
    return rows.map(toObservation).sort(ORDER);
  },

  /** The current cells among (period, series) pairs of one indicator. */
  async currentCells(db: Executor, territoryId: string, code: string): Promise<Map<string, Observation>> {
    const current = await indicatorsRepository.currentObservations(db, territoryId, code);
    return new Map(current.map((o) => [cellKey(o.period, JSON.stringify(o.dimensions)), o]));
  },

  async insertObservations(db: Executor, territoryId: string, observations: readonly Observation[]): Promise<void> {
    for (let i = 0; i < observations.length; i += 500) {
      await db
        .insertInto('indicator_observations')
        .values(
          observations.slice(i, i + 500).map((o) => ({
            territory_id: territoryId,
            id: o.id,
            indicator_code: o.indicatorCode,
            period: o.period,
            series_key: JSON.stringify(o.dimensions),
            value_number: typeof o.value === 'number' ? o.value : null,
            value_text: typeof o.value === 'string' ? o.value : null,
            status: o.status,
            footnote: o.footnote,
            footnote_en: o.footnoteEn,
            source: o.source,
            revision: BigInt(o.revision),
            current: o.current ? 1n : 0n,
            recorded_at: o.recordedAt,
            recorded_by: o.recordedBy,
          })),
        )
        .execute();
    }
  },

  async supersede(db: Executor, territoryId: string, ids: readonly string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += 500) {
      await db.updateTable('indicator_observations').set({ current: 0n }).where('territory_id', '=', territoryId).where('id', 'in', ids.slice(i, i + 500)).execute();
    }
  },

  /** Latest recorded_at per indicator, for Last-Modified and the cache validators. */
  async observationsUpdatedAt(db: Executor, territoryId: string): Promise<Map<string, string>> {
    const rows = await db
      .selectFrom('indicator_observations')
      .select(['indicator_code', (eb) => eb.fn.max('recorded_at').as('latest')])
      .where('territory_id', '=', territoryId)
      .groupBy('indicator_code')
      .execute();
    return new Map(rows.map((r) => [r.indicator_code, String(r.latest)]));
  },

  async currentTargets(db: Executor, territoryId: string): Promise<Map<string, Target>> {
    const rows = await db.selectFrom('indicator_targets').selectAll().where('territory_id', '=', territoryId).where('replaced_at', 'is', null).execute();
    return new Map(rows.map((r) => [r.indicator_code, toTarget(r)]));
  },

  async targetHistory(db: Executor, territoryId: string, code: string): Promise<Target[]> {
    const rows = await db.selectFrom('indicator_targets').selectAll().where('territory_id', '=', territoryId).where('indicator_code', '=', code).orderBy('set_at').orderBy('id').execute();
    return rows.map(toTarget);
  },

  async replaceTarget(db: Executor, territoryId: string, target: Target): Promise<void> {
    await db
      .updateTable('indicator_targets')
      .set({ replaced_at: target.setAt })
      .where('territory_id', '=', territoryId)
      .where('indicator_code', '=', target.indicatorCode)
      .where('replaced_at', 'is', null)
      .execute();
    await db
      .insertInto('indicator_targets')
      .values({
        territory_id: territoryId,
        id: target.id,
        indicator_code: target.indicatorCode,
        base_year: target.baseYear === null ? null : BigInt(target.baseYear),
        base_value: target.baseValue,
        target_year: BigInt(target.targetYear),
        target_value: target.targetValue,
        origin: target.origin,
        objective_id: target.objectiveId,
        vision_version: target.visionVersion === null ? null : BigInt(target.visionVersion),
        set_at: target.setAt,
        set_by: target.setBy,
        replaced_at: null,
      })
      .execute();
  },
};
