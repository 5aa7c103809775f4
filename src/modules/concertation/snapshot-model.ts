import { createHash } from 'node:crypto';
import { canonicalJson } from '../../platform/canonical-json.js';
import type { ActorSector } from '../pact/model.js';
import type { CommitmentStatus } from '../pact/commitment-model.js';

/**
 * What an evaluation freezes: every figure the yearly workshop discusses, as it stood on one date.
 * Once taken, a snapshot is never changed (no update path, a database trigger refuses updates, and the
 * SHA-256 of its canonical JSON is kept beside it); a later change of the live data makes a new
 * snapshot, and two snapshots are compared figure by figure.
 *
 * Money is in cents (integers), shares in percent, masses in tonnes. Texts people typed (statements,
 * names) are kept as typed; indicator names and units are kept in both languages.
 */
export interface Bilingual {
  fr: string;
  en: string;
}

export const SNAPSHOT_SCHEMA_VERSION = 1;

export type ProgressStatusCode =
  | 'target_achieved'
  | 'substantial_progress'
  | 'moderate_progress'
  | 'limited_progress'
  | 'deterioration'
  | 'target_not_achieved'
  | 'not_available';

export interface SnapshotIndicator {
  code: string;
  name: Bilingual;
  unit: Bilingual;
  polarity: 'higher_is_better' | 'lower_is_better' | 'neutral';
  /** The latest value of the whole territory whose period had begun by the snapshot's date. */
  value: number | string | null;
  period: string | null;
  /** Earlier yearly values (oldest first), for the report's small charts. */
  series: { period: string; value: number }[];
  target: { baseYear: number | null; baseValue: number | null; targetYear: number; targetValue: number } | null;
  progress: { status: ProgressStatusCode; score: number | null };
  /** The vision objectives measured by this indicator. */
  objectiveIds: string[];
}

export interface SnapshotCommitment {
  id: string;
  statement: string;
  ownerName: string;
  taskForceId: string | null;
  status: CommitmentStatus;
  progress: number;
  weight: number;
  deadline: string | null;
  late: boolean;
}

export interface SnapshotTaskForce {
  id: string;
  name: string;
  status: string;
  /** Weighted progress of its commitments, 0–100; null without commitments. */
  progress: number | null;
  commitments: number;
  /** Cents: the budget lines' total, the funding secured (granted or received) by the date, the expenses paid by the date. */
  budget: { planned: number; secured: number; spent: number };
}

export interface SnapshotComputedFigure {
  code: string;
  module: string;
  /** From the territory's catalogue; the code itself when the catalogue lacks the indicator. */
  name: Bilingual;
  unit: Bilingual;
  polarity: 'higher_is_better' | 'lower_is_better' | 'neutral';
  value: number | null;
  footnote: Bilingual;
}

export interface SnapshotContent {
  schemaVersion: typeof SNAPSHOT_SCHEMA_VERSION;
  asOf: string;
  territory: { slug: string; name: string };
  pact: { title: string; horizonStartYear: number; horizonEndYear: number; signatories: number; balance: Record<ActorSector, number> } | null;
  vision: { version: number; statement: string; objectives: { id: string; title: string; indicatorCode: string | null; targetValue: number | null; unit: string | null; targetYear: number | null }[] } | null;
  indicators: SnapshotIndicator[];
  /** What the modules computed for the snapshot's year (to its date when the year is not over). */
  computed: { period: string; figures: SnapshotComputedFigure[] };
  commitments: SnapshotCommitment[];
  taskForces: SnapshotTaskForce[];
  currency: {
    code: string;
    name: string;
    /** Cents of local currency in circulation and euro cents in reserve at the end of the date. */
    circulation: number;
    reserve: number;
    /** Month-end circulation and reserve of the twelve months up to the date. */
    monthly: { month: string; circulation: number; reserve: number }[];
  } | null;
  metabolism: {
    year: number;
    indicators: { code: string; label: Bilingual; value: number | null; unit: string }[];
    operatingSynergies: { id: string; label: string; tonnesPerYear: number | null; startedYear: number | null }[];
    /** Synergies of confidential offers, counted but not named. */
    confidentialSynergies: number;
  } | null;
  certificates: { byLevel: { level: string; label: Bilingual; count: number }[]; total: number; signatories: number };
}

/** The SHA-256 (hex) of a snapshot's canonical JSON (RFC 8785), kept to show it never changed. */
export function contentHash(content: SnapshotContent): string {
  return createHash('sha256').update(canonicalContent(content)).digest('hex');
}

/** The text a snapshot is stored as: its canonical JSON, so the stored text is what was hashed. */
export function canonicalContent(content: SnapshotContent): string {
  return canonicalJson(content) ?? '{}';
}

// ── comparison ──────────────────────────────────────────────────────────────────────────────────

/** Whether a move brings the figure nearer its target (or, without a target, in the good direction). */
export type Direction = 'better' | 'worse' | 'unchanged' | 'not_comparable';

export interface FigureChange {
  key: string;
  label: Bilingual;
  unit: Bilingual | null;
  before: number | null;
  after: number | null;
  /** after − before, null when either is missing. */
  delta: number | null;
  /** delta ÷ |before| in percent, null when before is 0 or missing. */
  relativePercent: number | null;
  direction: Direction;
  /** The target the direction was judged against, when there is one. */
  targetValue: number | null;
}

export interface SnapshotComparison {
  from: { asOf: string };
  to: { asOf: string };
  indicators: FigureChange[];
  computed: FigureChange[];
  taskForces: FigureChange[];
  commitments: { id: string; statement: string; statusBefore: CommitmentStatus | null; statusAfter: CommitmentStatus | null; progressBefore: number | null; progressAfter: number | null; delta: number | null; direction: Direction }[];
  certificates: FigureChange[];
  currency: FigureChange[];
  metabolism: FigureChange[];
}

const roundTo = (n: number, digits = 6) => Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * The direction of a change: with a target, "better" when the value got nearer to it (a value that
 * passed the target and stays past it is as good as reaching it); without a target, by the figure's
 * polarity; a neutral figure is only "unchanged" or "not_comparable".
 */
export function directionOf(before: number | null, after: number | null, polarity: 'higher_is_better' | 'lower_is_better' | 'neutral', targetValue: number | null = null): Direction {
  if (before === null || after === null) return 'not_comparable';
  if (before === after) return 'unchanged';
  if (targetValue !== null) {
    if (polarity !== 'neutral') {
      const reached = (v: number) => (polarity === 'lower_is_better' ? v <= targetValue : v >= targetValue);
      if (reached(before) && reached(after)) return 'unchanged';
      if (reached(after)) return 'better';
      if (reached(before)) return 'worse';
    }
    const gapBefore = Math.abs(targetValue - before);
    const gapAfter = Math.abs(targetValue - after);
    if (gapAfter === gapBefore) return 'unchanged';
    return gapAfter < gapBefore ? 'better' : 'worse';
  }
  if (polarity === 'neutral') return 'not_comparable';
  return (after > before) === (polarity === 'higher_is_better') ? 'better' : 'worse';
}

export function figureChange(key: string, label: Bilingual, unit: Bilingual | null, before: number | null, after: number | null, polarity: 'higher_is_better' | 'lower_is_better' | 'neutral', targetValue: number | null = null): FigureChange {
  const delta = before === null || after === null ? null : roundTo(after - before);
  return {
    key,
    label,
    unit,
    before,
    after,
    delta,
    relativePercent: delta === null || before === null || before === 0 ? null : roundTo((delta / Math.abs(before)) * 100, 2),
    direction: directionOf(before, after, polarity, targetValue),
    targetValue,
  };
}

const numeric = (v: number | string | null | undefined): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Pairs items by key: those of either snapshot, in the later snapshot's order, then those that left. */
function paired<T>(before: readonly T[], after: readonly T[], key: (t: T) => string): { key: string; before: T | undefined; after: T | undefined }[] {
  const old = new Map(before.map((t) => [key(t), t]));
  const seen = new Set<string>();
  const pairs = after.map((t) => {
    seen.add(key(t));
    return { key: key(t), before: old.get(key(t)), after: t as T | undefined };
  });
  for (const t of before) if (!seen.has(key(t))) pairs.push({ key: key(t), before: t, after: undefined });
  return pairs;
}

const EUROS: Bilingual = { fr: '€', en: '€' };
const PERCENT: Bilingual = { fr: '%', en: '%' };

/** What moved from one snapshot to a later one, by how much, and in which direction relative to the target. */
export function compareSnapshots(from: SnapshotContent, to: SnapshotContent): SnapshotComparison {
  const indicators = paired(from.indicators, to.indicators, (i) => i.code).map(({ key, before, after }) => {
    const ref = (after ?? before)!;
    const target = after?.target ?? before?.target ?? null;
    return figureChange(key, ref.name, ref.unit, numeric(before?.value), numeric(after?.value), ref.polarity, target?.targetValue ?? null);
  });
  const computed = paired(from.computed.figures, to.computed.figures, (f) => f.code).map(({ key, before, after }) => {
    const ref = (after ?? before)!;
    return figureChange(key, ref.name, ref.unit, before?.value ?? null, after?.value ?? null, ref.polarity);
  });
  const taskForces = paired(from.taskForces, to.taskForces, (t) => t.id).map(({ key, before, after }) => {
    const name = (after ?? before)!.name;
    return figureChange(`${key}.progress`, { fr: name, en: name }, PERCENT, before?.progress ?? null, after?.progress ?? null, 'higher_is_better', 100);
  });
  const commitments = paired(from.commitments, to.commitments, (c) => c.id).map(({ key, before, after }) => {
    const progressBefore = before?.progress ?? null;
    const progressAfter = after?.progress ?? null;
    return {
      id: key,
      statement: (after ?? before)!.statement,
      statusBefore: before?.status ?? null,
      statusAfter: after?.status ?? null,
      progressBefore,
      progressAfter,
      delta: progressBefore === null || progressAfter === null ? null : progressAfter - progressBefore,
      direction: directionOf(progressBefore, progressAfter, 'higher_is_better', 100),
    };
  });
  const certificates = paired(from.certificates.byLevel, to.certificates.byLevel, (l) => l.level).map(({ key, before, after }) =>
    figureChange(`certificates.${key}`, (after ?? before)!.label, null, before?.count ?? 0, after?.count ?? 0, 'higher_is_better'),
  );
  certificates.push(figureChange('certificates.total', { fr: 'Certificats en vigueur', en: 'Certificates in force' }, null, from.certificates.total, to.certificates.total, 'higher_is_better'));
  const currency: FigureChange[] = [];
  if (from.currency || to.currency) {
    const cents = (n: number | undefined) => (n === undefined ? null : n / 100);
    currency.push(figureChange('currency.circulation', { fr: 'Monnaie locale en circulation', en: 'Local currency in circulation' }, EUROS, cents(from.currency?.circulation), cents(to.currency?.circulation), 'higher_is_better'));
    currency.push(figureChange('currency.reserve', { fr: 'Réserve en euros', en: 'Euro reserve' }, EUROS, cents(from.currency?.reserve), cents(to.currency?.reserve), 'higher_is_better'));
  }
  const metabolism = paired(from.metabolism?.indicators ?? [], to.metabolism?.indicators ?? [], (i) => i.code).map(({ key, before, after }) => {
    const ref = (after ?? before)!;
    return figureChange(`metabolism.${key}`, ref.label, { fr: ref.unit, en: ref.unit }, before?.value ?? null, after?.value ?? null, key === 'dmc_per_inhabitant' || key === 'dmc' ? 'lower_is_better' : key === 'local_loop_rate' ? 'higher_is_better' : 'neutral');
  });
  return { from: { asOf: from.asOf }, to: { asOf: to.asOf }, indicators, computed, taskForces, commitments, certificates, currency, metabolism };
}
