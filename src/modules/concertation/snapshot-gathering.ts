import { anonymous } from '../../platform/auth/actor.js';
import { ProblemError } from '../../platform/errors.js';
import type { TerritoriesService } from '../territories/service.js';
import type { PactService } from '../pact/service.js';
import type { CommitmentsService } from '../pact/commitments.js';
import type { TaskForcesService } from '../pact/task-forces.js';
import { rollUpProgress } from '../pact/commitment-model.js';
import { signatoryBalance } from '../pact/model.js';
import type { IndicatorsService } from '../indicators/service.js';
import type { FundingService } from '../funding/service.js';
import type { ExpensesService } from '../funding/expenses.js';
import type { CurrencyService } from '../currency/service.js';
import type { MetabolismAnalysisService } from '../metabolism/analysis.js';
import type { SymbiosisService } from '../metabolism/symbiosis.js';
import type { CertificatesService } from '../certificates/certificates.js';
import { SNAPSHOT_SCHEMA_VERSION, type SnapshotContent } from './snapshot-model.js';

/** Every module an evaluation reads, each through its own service. */
export interface SnapshotSources {
  readonly territories: TerritoriesService;
  readonly pact: PactService;
  readonly commitments: CommitmentsService;
  readonly taskForces: TaskForcesService;
  readonly indicators: IndicatorsService;
  readonly funding: FundingService;
  readonly fundingExpenses: ExpensesService;
  readonly currency: CurrencyService;
  readonly metabolismAnalysis: MetabolismAnalysisService;
  readonly symbiosis: SymbiosisService;
  readonly certificates: CertificatesService;
}

const dayAfter = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
/** The last instant of a date: what was recorded that day counts. */
const endOfDay = (date: string) => `${date}T23:59:59.999Z`;
const cents = (n: bigint) => Number(n);

/** A module that has nothing yet for this territory (no Pact, no vision) answers 404: the snapshot then holds null. */
async function orNull<T>(read: () => Promise<T>): Promise<T | null> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof ProblemError && error.status === 404) return null;
    throw error;
  }
}

/**
 * Reads everything an evaluation needs as it stood at the end of `asOf` (see SnapshotContent). Only
 * public figures are read (metabolism and synergies through their public, secrecy-respecting views),
 * so a snapshot can be published whole.
 */
export async function gatherSnapshot(sources: SnapshotSources, slug: string, asOf: string): Promise<SnapshotContent> {
  const territory = await sources.territories.requireTerritory(slug);
  const instant = endOfDay(asOf);
  const year = Number(asOf.slice(0, 4));

  const pact = await orNull(() => sources.pact.overview(slug));
  const signatures = pact ? (await sources.pact.listSignatures(slug)).items.filter((s) => s.signedOn <= asOf) : [];

  const versions = (await sources.pact.visionVersions(slug)).filter((v) => v.publishedAt <= instant);
  const visionVersion = versions.length > 0 ? await sources.pact.visionVersion(slug, Math.max(...versions.map((v) => v.version))) : null;
  const objectivesOf = (code: string) => (visionVersion?.objectives ?? []).filter((o) => o.indicatorCode === code).map((o) => o.id);

  const indicators = (await sources.indicators.indicatorsAsOf(slug, asOf)).map(({ definition, latest, series, target, progress }) => ({
    code: definition.code,
    name: definition.name,
    unit: definition.unit,
    polarity: definition.polarity,
    value: latest?.value ?? null,
    period: latest?.period ?? null,
    series: series.slice(-6),
    target: target && { baseYear: target.baseYear, baseValue: target.baseValue, targetYear: target.targetYear, targetValue: target.targetValue },
    progress: { status: progress.status, score: progress.score === null ? null : Math.round(progress.score * 100) / 100 },
    objectiveIds: objectivesOf(definition.code),
  }));

  const computed = (await sources.indicators.computedYearToDate(slug, year, dayAfter(asOf))).map((v) => ({
    code: v.code,
    module: v.module,
    name: v.definition?.name ?? { fr: v.code, en: v.code },
    unit: v.definition?.unit ?? { fr: '', en: '' },
    polarity: v.definition?.polarity ?? 'neutral',
    value: v.value === null ? null : Math.round(v.value * 1000) / 1000,
    footnote: v.footnote,
  }));

  const organisationNames = new Map<string, string>();
  const nameOf = async (id: string) => {
    if (!organisationNames.has(id)) organisationNames.set(id, (await sources.territories.getOrganisation(slug, id)).name);
    return organisationNames.get(id)!;
  };
  const commitmentsThen = await sources.commitments.asOf(slug, instant);
  const commitments = [];
  for (const c of commitmentsThen) {
    commitments.push({
      id: c.id,
      statement: c.statement,
      ownerName: await nameOf(c.ownerOrganisationId),
      taskForceId: c.taskForceId,
      status: c.status,
      progress: c.progress,
      weight: c.weight,
      deadline: c.target?.deadline ?? c.milestoneDate,
      late: c.late,
    });
  }

  const taskForces = [];
  for (const tf of (await sources.taskForces.list(slug)).filter((t) => t.createdAt <= instant)) {
    const own = commitmentsThen.filter((c) => c.taskForceId === tf.id);
    const lines = await sources.funding.lines(slug, { taskForceId: tf.id });
    const secured = lines
      .filter((l) => (l.status === 'granted' || l.status === 'received') && (l.receivedOn ?? l.grantedOn ?? '9999') <= asOf)
      .reduce((sum, l) => sum + l.amount, 0n);
    const spent = (await sources.fundingExpenses.list(slug, tf.id)).filter((e) => e.status === 'paid' && e.paidAt !== null && e.paidAt <= instant).reduce((sum, e) => sum + e.amount, 0n);
    const progress = rollUpProgress(own);
    taskForces.push({
      id: tf.id,
      name: tf.name,
      status: tf.status,
      progress: progress === null ? null : Math.round(progress * 10) / 10,
      commitments: own.length,
      budget: { planned: cents(tf.plannedBudget), secured: cents(secured), spent: cents(spent) },
    });
  }

  const reserve = await sources.currency.proofOfReserve(slug);
  const pointAt = (day: string) => reserve.series.filter((p) => p.day <= day).pop();
  const latestPoint = pointAt(asOf);
  const monthly: { month: string; circulation: number; reserve: number }[] = [];
  for (let back = 11; back >= 0; back--) {
    const monthStart = new Date(Date.UTC(year, Number(asOf.slice(5, 7)) - 1 - back, 1));
    const month = monthStart.toISOString().slice(0, 7);
    const monthEnd = new Date(Date.UTC(monthStart.getUTCFullYear(), monthStart.getUTCMonth() + 1, 0)).toISOString().slice(0, 10);
    const point = pointAt(monthEnd < asOf ? monthEnd : asOf);
    monthly.push({ month, circulation: point ? cents(point.circulation) : 0, reserve: point ? cents(point.reserve) : 0 });
  }
  const currency = latestPoint
    ? { code: reserve.currencyCode, name: reserve.currencyName, circulation: cents(latestPoint.circulation), reserve: cents(latestPoint.reserve), monthly: monthly.slice(Math.max(0, monthly.findIndex((m) => m.circulation !== 0 || m.reserve !== 0))) }
    : null;

  const years = (await sources.metabolismAnalysis.indicatorSeries(slug)).filter((y) => y.year <= year && y.flowCount > 0);
  const accounts = years.pop();
  const synergies = await sources.symbiosis.synergies(anonymous, slug);
  const metabolism = accounts
    ? {
        year: accounts.year,
        indicators: [
          { code: 'dmi', label: { fr: 'Besoin direct en matières (DMI)', en: 'Direct material input (DMI)' }, value: round(accounts.total.dmi), unit: 't' },
          { code: 'dmc', label: { fr: 'Consommation intérieure de matières (DMC)', en: 'Domestic material consumption (DMC)' }, value: round(accounts.total.dmc), unit: 't' },
          { code: 'ptb', label: { fr: 'Balance commerciale physique', en: 'Physical trade balance' }, value: round(accounts.total.ptb), unit: 't' },
          { code: 'local_loop_rate', label: { fr: 'Taux de bouclage local', en: 'Local loop rate' }, value: accounts.loop.rate === null ? null : Math.round(accounts.loop.rate * 1000) / 10, unit: '%' },
          { code: 'through_synergies', label: { fr: 'Tonnes échangées par les synergies', en: 'Tonnes exchanged through synergies' }, value: round(accounts.loop.throughSynergies), unit: 't' },
        ],
        operatingSynergies: synergies.items
          .filter((s) => s.status === 'operating' && s.startedYear !== null && s.startedYear <= year)
          .map((s) => ({ id: s.matchId, label: `${s.materialLabel} : ${s.from.name} → ${s.to.name}`, tonnesPerYear: s.tonnesPerYear, startedYear: s.startedYear })),
        confidentialSynergies: synergies.confidential.operating,
      }
    : null;

  const inForce = await sources.certificates.inForceAt(slug, instant);
  const levels = new Map<string, { level: string; label: { fr: string; en: string }; count: number }>();
  for (const c of inForce) {
    const entry = levels.get(c.level.code) ?? { level: c.level.code, label: c.level.label, count: 0 };
    entry.count += 1;
    levels.set(c.level.code, entry);
  }
  const signatoryIds = new Set(signatures.map((s) => s.organisationId));

  return {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    asOf,
    territory: { slug: territory.slug, name: territory.name },
    pact: pact && { title: pact.title, horizonStartYear: pact.horizonStartYear, horizonEndYear: pact.horizonEndYear, signatories: signatures.length, balance: signatoryBalance(signatures) },
    vision: visionVersion && {
      version: visionVersion.version,
      statement: visionVersion.statement,
      objectives: visionVersion.objectives.map((o) => ({ id: o.id, title: o.title, indicatorCode: o.indicatorCode, targetValue: o.targetValue, unit: o.unit, targetYear: o.targetYear })),
    },
    indicators,
    computed: { period: String(year), figures: computed },
    commitments,
    taskForces,
    currency,
    metabolism,
    certificates: { byLevel: [...levels.values()], total: inForce.length, signatories: inForce.filter((c) => signatoryIds.has(c.organisation.id)).length },
  };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
