import type { Transaction } from 'kysely';
import type { Database } from '../../database.js';
import type { Executor } from '../../platform/db/transaction.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { appendAuditEvent } from '../../platform/audit/audit-trail.js';
import { actorId, type Actor } from '../../platform/auth/actor.js';
import { conflict, forbidden, invalidInput, notFound, ProblemError, unauthenticated, type FieldError } from '../../platform/errors.js';
import { systemClock, type Clock } from '../../platform/clock.js';
import { newId } from '../../platform/ids.js';
import type { Grants, Territory } from '../territories/model.js';
import type { TerritoriesService } from '../territories/service.js';
import type { PactService } from '../pact/service.js';
import {
  canManageIndicators,
  canRecordObservations,
  checkObservation,
  computedSource,
  isComputedSource,
  normaliseDefinition,
  periodBounds,
  TOTAL_SERIES,
  validateDefinition,
  validateTarget,
  yearOf,
  type Bilingual,
  type DefinitionInput,
  type IndicatorDefinition,
  type Observation,
  type ObservationInput,
  type Target,
  type TargetInput,
} from './model.js';
import type { ProgressCalculation } from './progress-model.js';
import { progressOf, summariesOf, type CatalogueFilter, type IndicatorsSnapshot, type IndicatorSummary } from './read-model.js';
import { writeRevisions, type RecordOutcome } from './revisions.js';
import { parseObservationsCsv } from './observations-csv.js';
import { indicatorsRepository as repo } from './repository.js';
import { shippedCatalogue } from './catalogue-file.js';
import { computationPeriod, ComputedIndicatorRegistry, type ComputedIndicatorProvider } from './computed.js';
import { PageCache } from './page-cache.js';
import { officialPopulation, OFFICIAL_POPULATION_SOURCE } from './providers/official-population.js';
import type { PopulationFigure } from './providers/population.js';

export interface ImportReport {
  created: number;
  revised: number;
  unchanged: number;
}

export interface PublishReport {
  period: string;
  published: Observation[];
  skipped: { code: string; module: string; reason: 'not_in_catalogue' | 'nothing_to_compute' | 'already_published' }[];
}

/** The indicators of each territory: catalogue, observations and their revisions, targets, progress, computed values. */
export class IndicatorsService {
  readonly pageCache = new PageCache();
  readonly computed = new ComputedIndicatorRegistry();

  constructor(
    private readonly db: Executor,
    private readonly territories: TerritoriesService,
    private readonly pact: PactService,
    private readonly clock: Clock = systemClock,
  ) {}

  registerProvider(provider: ComputedIndicatorProvider): void {
    this.computed.register(provider);
  }

  // ── catalogue ──────────────────────────────────────────────────────────────────────────────────

  /** Adds the shipped indicators the territory does not have yet; never overwrites an edited one. */
  async seedCatalogue(actor: Actor, slug: string): Promise<{ added: string[] }> {
    const { territory } = await this.requireManager(actor, slug, 'Only a facilitator of this territory sets up its indicators.');
    const added = await this.write(territory, (trx) => this.addShippedIndicators(trx, actor, territory, false));
    return { added };
  }

  async listCatalogue(slug: string, filter: CatalogueFilter = {}): Promise<IndicatorSummary[]> {
    return summariesOf(await this.snapshot(slug), filter);
  }

  async getDefinition(slug: string, code: string): Promise<IndicatorDefinition> {
    const territory = await this.territories.requireTerritory(slug);
    return this.requireDefinition(this.db, territory, code);
  }

  async createDefinition(actor: Actor, slug: string, input: DefinitionInput): Promise<IndicatorDefinition> {
    const { territory } = await this.requireManager(actor, slug, 'Only a facilitator of this territory adds indicators.');
    const errors = validateDefinition(input);
    if (errors.length > 0) throw invalidInput(errors);
    const definition = normaliseDefinition(input);
    return this.write(territory, async (trx) => {
      await this.addShippedIndicators(trx, actor, territory);
      if (await repo.findDefinition(trx, territory.id, definition.code)) throw conflict('code_taken', `The catalogue already has an indicator ${definition.code}.`, 'code');
      await repo.insertDefinitions(trx, territory.id, [definition], this.now());
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'indicator.created', targetType: 'indicator', targetId: definition.code, change: { ...definition } }, this.clock);
      return definition;
    });
  }

  /** Replaces an entry's description; its kind changes only while it has no observation (values would no longer read). */
  async updateDefinition(actor: Actor, slug: string, code: string, input: Omit<DefinitionInput, 'code'>): Promise<IndicatorDefinition> {
    const { territory } = await this.requireManager(actor, slug, 'Only a facilitator of this territory edits its indicators.');
    const errors = validateDefinition({ ...input, code });
    if (errors.length > 0) throw invalidInput(errors);
    const definition = normaliseDefinition({ ...input, code });
    return this.write(territory, async (trx) => {
      await this.addShippedIndicators(trx, actor, territory);
      const current = await this.requireDefinition(trx, territory, code);
      if (current.kind !== definition.kind && (await repo.observationHistory(trx, territory.id, code)).length > 0) {
        throw conflict('kind_locked', `${code} already has values: its kind stays ${current.kind}. Create another indicator instead.`, 'kind');
      }
      await repo.updateDefinition(trx, territory.id, definition, this.now());
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'indicator.updated', targetType: 'indicator', targetId: code, change: { ...definition } }, this.clock);
      return definition;
    });
  }

  // ── observations ───────────────────────────────────────────────────────────────────────────────

  async recordObservation(actor: Actor, slug: string, code: string, input: ObservationInput): Promise<{ outcome: RecordOutcome; observation: Observation }> {
    const { territory } = await this.requireRecorder(actor, slug);
    return this.write(territory, async (trx) => {
      await this.addShippedIndicators(trx, actor, territory);
      const definition = await this.requireEnterable(trx, territory, code);
      const checked = checkObservation(definition, input);
      if (!checked.ok) throw invalidInput(checked.errors);
      const [result] = await writeRevisions(trx, actor, territory.id, definition, this.now(), [checked.value]);
      const { outcome, observation } = result!;
      if (outcome !== 'unchanged') {
        await appendAuditEvent(trx, actor, {
          territoryId: territory.id,
          action: 'indicator.observation_recorded',
          targetType: 'indicator',
          targetId: code,
          change: { period: observation.period, dimensions: observation.dimensions, value: observation.value, status: observation.status, revision: observation.revision },
        }, this.clock);
      }
      return { outcome, observation };
    });
  }

  /** An Open SDG tidy CSV for one indicator: every row is recorded (as a new revision where it changes a value) or none. */
  async importObservations(actor: Actor, slug: string, code: string, csv: string, options: { source?: string } = {}): Promise<ImportReport> {
    const { territory } = await this.requireRecorder(actor, slug);
    return this.write(territory, async (trx) => {
      await this.addShippedIndicators(trx, actor, territory);
      const definition = await this.requireEnterable(trx, territory, code);
      const { observations } = parseObservationsCsv(csv, definition, { source: options.source?.trim() || null });
      const results = await writeRevisions(trx, actor, territory.id, definition, this.now(), observations);
      const report: ImportReport = { created: 0, revised: 0, unchanged: 0 };
      for (const r of results) report[r.outcome] += 1;
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'indicator.observations_imported', targetType: 'indicator', targetId: code, change: { ...report, source: options.source ?? null } }, this.clock);
      return report;
    });
  }

  async currentObservations(slug: string, code: string): Promise<Observation[]> {
    const territory = await this.territories.requireTerritory(slug);
    await this.requireDefinition(this.db, territory, code);
    return repo.currentObservations(this.db, territory.id, code);
  }

  /** Every revision, superseded ones included: what was published, when, and what replaced it. */
  async history(slug: string, code: string, filter: { period?: string; seriesKey?: string } = {}): Promise<Observation[]> {
    const territory = await this.territories.requireTerritory(slug);
    await this.requireDefinition(this.db, territory, code);
    return repo.observationHistory(this.db, territory.id, code, filter);
  }

  // ── targets and progress ───────────────────────────────────────────────────────────────────────

  async setTarget(actor: Actor, slug: string, code: string, input: TargetInput): Promise<Target> {
    const { territory } = await this.requireManager(actor, slug, 'Only a facilitator of this territory sets targets.');
    return this.write(territory, async (trx) => {
      await this.addShippedIndicators(trx, actor, territory);
      const definition = await this.requireDefinition(trx, territory, code);
      const errors = validateTarget(input, definition);
      if (errors.length > 0) throw invalidInput(errors);
      const target = this.newTarget(actor, code, input, { origin: 'direct', objectiveId: null, visionVersion: null });
      await repo.replaceTarget(trx, territory.id, target);
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'indicator.target_set', targetType: 'indicator', targetId: code, change: { ...target } }, this.clock);
      return target;
    });
  }

  /**
   * Takes the targets of the Pact's current vision: each objective naming an indicator of the catalogue,
   * with a target value and year. The objective's baseline is kept; progress is measured from the first
   * year with data since 2015 (Open SDG's rule) unless a facilitator sets a base year.
   */
  async targetsFromVision(actor: Actor, slug: string): Promise<{ applied: Target[]; skipped: { objectiveId: string; title: string; indicatorCode: string | null; reason: string }[] }> {
    const { territory } = await this.requireManager(actor, slug, 'Only a facilitator of this territory sets targets.');
    const vision = await this.pact.currentVision(slug).catch((error: unknown) => {
      if (error instanceof ProblemError && error.status === 404) throw conflict('no_vision', 'The Pact has no published vision to take targets from.');
      throw error;
    });
    return this.write(territory, async (trx) => {
      await this.addShippedIndicators(trx, actor, territory);
      const definitions = new Map((await repo.listDefinitions(trx, territory.id)).map((d) => [d.code, d]));
      const current = await repo.currentTargets(trx, territory.id);
      const applied: Target[] = [];
      const skipped: { objectiveId: string; title: string; indicatorCode: string | null; reason: string }[] = [];
      for (const o of vision.objectives) {
        const definition = o.indicatorCode ? definitions.get(o.indicatorCode) : undefined;
        const input: TargetInput = { baseYear: null, baseValue: o.baseline, targetYear: o.targetYear ?? NaN, targetValue: o.targetValue ?? NaN };
        const reason = !o.indicatorCode || o.targetValue === null || o.targetYear === null ? 'no_quantified_target' : !definition ? 'not_in_catalogue' : validateTarget(input, definition)[0]?.code;
        if (reason) {
          skipped.push({ objectiveId: o.id, title: o.title, indicatorCode: o.indicatorCode, reason });
          continue;
        }
        const same = current.get(o.indicatorCode!);
        if (same && same.origin === 'vision' && same.objectiveId === o.id && same.targetValue === o.targetValue && same.targetYear === o.targetYear && same.baseValue === o.baseline) {
          applied.push(same);
          continue;
        }
        const target = this.newTarget(actor, o.indicatorCode!, input, { origin: 'vision', objectiveId: o.id, visionVersion: vision.version });
        await repo.replaceTarget(trx, territory.id, target);
        await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'indicator.target_set', targetType: 'indicator', targetId: target.indicatorCode, change: { ...target } }, this.clock);
        applied.push(target);
      }
      return { applied, skipped };
    });
  }

  async listTargets(slug: string): Promise<Target[]> {
    const territory = await this.territories.requireTerritory(slug);
    return [...(await repo.currentTargets(this.db, territory.id)).values()].sort((a, b) => a.indicatorCode.localeCompare(b.indicatorCode));
  }

  async targetHistory(slug: string, code: string): Promise<Target[]> {
    const territory = await this.territories.requireTerritory(slug);
    await this.requireDefinition(this.db, territory, code);
    return repo.targetHistory(this.db, territory.id, code);
  }

  async progress(slug: string, code: string): Promise<ProgressCalculation & { indicatorCode: string; target: Target | null }> {
    const territory = await this.territories.requireTerritory(slug);
    const definition = await this.requireDefinition(this.db, territory, code);
    const target = (await repo.currentTargets(this.db, territory.id)).get(code) ?? null;
    const observations = await repo.currentObservations(this.db, territory.id, code);
    return { indicatorCode: code, target, ...progressOf(definition, observations, target) };
  }

  /**
   * The catalogue as it stood on a date, for an evaluation: each indicator with a value for a period
   * begun by then (the territory's total series), its yearly values up to it, the target and the
   * progress computed from those values only. Values recorded later about earlier periods count: an
   * evaluation is about the periods, and statistics often arrive late.
   */
  async indicatorsAsOf(slug: string, asOf: string): Promise<{ definition: IndicatorDefinition; latest: Observation | null; series: { period: string; value: number }[]; target: Target | null; progress: ProgressCalculation }[]> {
    const snapshot = await this.snapshot(slug);
    const result = [];
    for (const definition of snapshot.definitions) {
      const observations = (snapshot.observations.get(definition.code) ?? []).filter((o) => periodBounds(o.period).start <= asOf);
      const totals = observations.filter((o) => JSON.stringify(o.dimensions) === TOTAL_SERIES);
      if (totals.length === 0) continue;
      const target = snapshot.targets.get(definition.code) ?? null;
      const series = totals.filter((o) => o.period.length === 4 && typeof o.value === 'number').map((o) => ({ period: o.period, value: o.value as number }));
      result.push({ definition, latest: totals[totals.length - 1] ?? null, series, target, progress: progressOf(definition, observations, target) });
    }
    return result;
  }

  // ── computed indicators ────────────────────────────────────────────────────────────────────────

  /**
   * What every module computes for a year up to a date (the day after it, excluded): an evaluation
   * taken on 30 September reads the year's first nine months, whatever happened since.
   */
  async computedYearToDate(slug: string, year: number, endExclusive: string): Promise<{ code: string; module: string; value: number | null; footnote: Bilingual; definition: IndicatorDefinition | null }[]> {
    const territory = await this.territories.requireTerritory(slug);
    const yearEnd = `${year + 1}-01-01`;
    const period = { period: String(year), start: `${year}-01-01`, end: endExclusive < yearEnd ? endExclusive : yearEnd };
    const definitions = new Map((await repo.listDefinitions(this.db, territory.id)).map((d) => [d.code, d]));
    const values = [];
    for (const provider of this.computed.providers()) {
      for (const v of await provider.compute(territory, period)) values.push({ ...v, module: provider.module, definition: definitions.get(v.code) ?? null });
    }
    return values;
  }

  /** What the registered modules compute for a period now, and whether that period is already frozen. */
  async liveComputed(slug: string, period: string): Promise<{ period: string; values: { code: string; module: string; value: number | null; footnote: Bilingual; published: Observation | null }[] }> {
    const territory = await this.territories.requireTerritory(slug);
    this.requireComputablePeriod(period, false);
    const published = new Map((await repo.currentObservations(this.db, territory.id)).filter((o) => o.period === period && isComputedSource(o.source)).map((o) => [o.indicatorCode, o]));
    const values = [];
    for (const provider of this.computed.providers()) {
      for (const v of await provider.compute(territory, computationPeriod(period))) values.push({ ...v, module: provider.module, published: published.get(v.code) ?? null });
    }
    return { period, values };
  }

  /** Freezes a finished period: each computed value becomes a final observation, never recomputed after. */
  async publishComputed(actor: Actor, slug: string, period: string): Promise<PublishReport> {
    const { territory } = await this.requireManager(actor, slug, 'Only a facilitator of this territory publishes computed indicators.');
    this.requireComputablePeriod(period, true);
    // Providers read through their own services: compute before the transaction (SQLite has one connection).
    const computed: { module: string; code: string; value: number | null; footnote: Bilingual }[] = [];
    for (const provider of this.computed.providers()) {
      for (const v of await provider.compute(territory, computationPeriod(period))) computed.push({ ...v, module: provider.module });
    }
    return this.write(territory, async (trx) => {
      await this.addShippedIndicators(trx, actor, territory);
      const definitions = new Map((await repo.listDefinitions(trx, territory.id)).map((d) => [d.code, d]));
      const report: PublishReport = { period, published: [], skipped: [] };
      for (const c of computed) {
        const definition = definitions.get(c.code);
        if (!definition) {
          report.skipped.push({ code: c.code, module: c.module, reason: 'not_in_catalogue' });
          continue;
        }
        const existing = (await repo.observationHistory(trx, territory.id, c.code, { period, seriesKey: TOTAL_SERIES })).find((o) => o.current);
        if (existing && isComputedSource(existing.source)) {
          report.skipped.push({ code: c.code, module: c.module, reason: 'already_published' });
          continue;
        }
        if (c.value === null) {
          report.skipped.push({ code: c.code, module: c.module, reason: 'nothing_to_compute' });
          continue;
        }
        const checked = checkObservation(definition, { period, value: c.value, status: 'final', footnote: c.footnote.fr, source: computedSource(c.module) });
        if (!checked.ok) throw new Error(`${c.module} computed an invalid value for ${c.code}: ${checked.errors.map((e) => e.message).join(' ')}`);
        const [written] = await writeRevisions(trx, actor, territory.id, definition, this.now(), [{ ...checked.value, footnoteEn: c.footnote.en }]);
        report.published.push(written!.observation);
      }
      if (report.published.length === 0 && report.skipped.some((s) => s.reason === 'already_published')) {
        throw conflict('period_already_published', `The computed indicators of ${period} are already published; published values are frozen.`, 'period');
      }
      await appendAuditEvent(trx, actor, {
        territoryId: territory.id,
        action: 'indicator.computed_published',
        targetType: 'indicator_period',
        targetId: period,
        change: { published: report.published.map((o) => ({ code: o.indicatorCode, value: o.value })), skipped: report.skipped },
      }, this.clock);
      return report;
    });
  }

  /** The territory's population for a period: its own `population` indicator, else INSEE's legal population. */
  async populationOf(territory: Territory, period: string): Promise<PopulationFigure | null> {
    const year = yearOf(period);
    const known = (await repo.currentObservations(this.db, territory.id, 'population'))
      .filter((o) => JSON.stringify(o.dimensions) === TOTAL_SERIES && typeof o.value === 'number' && yearOf(o.period) <= year)
      .pop();
    if (known) return { value: known.value as number, source: known.source ?? `population ${known.period}` };
    const official = officialPopulation(territory);
    return official === null ? null : { value: official, source: OFFICIAL_POPULATION_SOURCE };
  }

  // ── the read model of the portal and the open data ────────────────────────────────────────────

  async snapshot(slug: string): Promise<IndicatorsSnapshot> {
    const territory = await this.territories.requireTerritory(slug);
    const [definitions, current, targets, definitionTimes, observationTimes] = [
      await repo.listDefinitions(this.db, territory.id),
      await repo.currentObservations(this.db, territory.id),
      await repo.currentTargets(this.db, territory.id),
      await repo.definitionsUpdatedAt(this.db, territory.id),
      await repo.observationsUpdatedAt(this.db, territory.id),
    ];
    const observations = new Map<string, Observation[]>();
    for (const o of current) observations.set(o.indicatorCode, [...(observations.get(o.indicatorCode) ?? []), o]);
    const lastModified = new Map<string, string>();
    for (const d of definitions) {
      const times = [definitionTimes.get(d.code), observationTimes.get(d.code), targets.get(d.code)?.setAt].filter((t): t is string => t !== undefined);
      lastModified.set(d.code, times.sort().pop()!);
    }
    return { territory, definitions, observations, targets, lastModified };
  }

  /** One indicator with what its page and its files show. */
  async indicatorView(slug: string, code: string): Promise<{ territory: Territory; definition: IndicatorDefinition; observations: Observation[]; target: Target | null; lastModified: string }> {
    const territory = await this.territories.requireTerritory(slug);
    const definition = await this.requireDefinition(this.db, territory, code);
    const observations = await repo.currentObservations(this.db, territory.id, code);
    const target = (await repo.currentTargets(this.db, territory.id)).get(code) ?? null;
    const definitionTime = (await repo.definitionsUpdatedAt(this.db, territory.id)).get(code)!;
    const times = [definitionTime, target?.setAt, ...observations.map((o) => o.recordedAt)].filter((t): t is string => t !== undefined);
    return { territory, definition, observations, target, lastModified: times.sort().pop()! };
  }

  // ── helpers ────────────────────────────────────────────────────────────────────────────────────

  /** Runs a write use case, then drops the territory's cached public answers once it has committed. */
  private async write<T>(territory: Territory, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    const result = await inTransaction(this.db, work);
    this.pageCache.invalidate(territory.id);
    return result;
  }

  /** Every write seeds an empty catalogue first; the explicit seed action also adds what a later version ships. */
  private async addShippedIndicators(trx: Executor, actor: Actor, territory: Territory, onlyIfEmpty = true): Promise<string[]> {
    const have = await repo.definitionCodes(trx, territory.id);
    const missing = onlyIfEmpty && have.size > 0 ? [] : shippedCatalogue().filter((d) => !have.has(d.code));
    if (missing.length === 0) return [];
    await repo.insertDefinitions(trx, territory.id, missing, this.now());
    const added = missing.map((d) => d.code);
    await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'indicator.catalogue_seeded', targetType: 'indicator_catalogue', targetId: territory.id, change: { added } }, this.clock);
    return added;
  }

  private newTarget(actor: Actor, code: string, input: TargetInput, origin: Pick<Target, 'origin' | 'objectiveId' | 'visionVersion'>): Target {
    return {
      id: newId(),
      indicatorCode: code,
      baseYear: input.baseYear ?? null,
      baseValue: input.baseValue ?? null,
      targetYear: input.targetYear,
      targetValue: input.targetValue,
      ...origin,
      setAt: this.now(),
      setBy: actorId(actor),
    };
  }

  private async requireDefinition(db: Executor, territory: Territory, code: string): Promise<IndicatorDefinition> {
    const definition = await repo.findDefinition(db, territory.id, code);
    if (!definition) throw notFound(`The indicator ${code} of ${territory.name}`);
    return definition;
  }

  /** A value computed by a running module is published by it, not typed in. */
  private async requireEnterable(db: Executor, territory: Territory, code: string): Promise<IndicatorDefinition> {
    const definition = await this.requireDefinition(db, territory, code);
    const provider = this.computed.providerOf(code);
    if (provider) throw conflict('computed_indicator', `${code} is computed by the ${provider.module} module: publish its period instead of entering values.`);
    return definition;
  }

  private requireComputablePeriod(period: string, finished: boolean): void {
    const errors: FieldError[] = [];
    if (!/^\d{4}(-(0[1-9]|1[0-2]))?$/.test(period)) errors.push({ field: 'period', code: 'invalid_period', message: 'A computed period is a year (2025) or a month (2025-10).' });
    else if (finished && periodBounds(period).end > this.now().slice(0, 10)) {
      errors.push({ field: 'period', code: 'period_not_finished', message: `${period} is not over yet: a period is published once it has ended.` });
    }
    if (errors.length > 0) throw invalidInput(errors);
  }

  private async requireManager(actor: Actor, slug: string, message: string): Promise<{ territory: Territory; grants: Grants }> {
    return this.requireGrant(actor, slug, canManageIndicators, message);
  }

  private async requireRecorder(actor: Actor, slug: string): Promise<{ territory: Territory; grants: Grants }> {
    return this.requireGrant(actor, slug, canRecordObservations, 'Only a facilitator of this territory records indicator values.');
  }

  private async requireGrant(actor: Actor, slug: string, allowed: (grants: Grants) => boolean, message: string): Promise<{ territory: Territory; grants: Grants }> {
    const territory = await this.territories.requireTerritory(slug);
    if (actor.kind === 'anonymous') throw unauthenticated();
    const grants = await this.territories.grantsFor(actor, territory.id);
    if (!allowed(grants)) throw forbidden(message);
    return { territory, grants };
  }

  private now(): string {
    return this.clock().toISOString();
  }
}
