import type { AutomaticRule, CriterionDefinition, LevelDefinition, ReferentialDocument } from './referential-model.js';

/**
 * Scoring of a CUT assessment, after Territoires en Transitions' labelling rules: each criterion has
 * points; met earns them all, partly met a stated share (half by default), not met nothing; a
 * criterion that does not apply to the organisation gives its points to the other criteria of its
 * area, in proportion to theirs, so that an area keeps its weight in the overall score. An area all of
 * whose criteria are not applicable drops out of the score and of the per-area minimums.
 */

export const CRITERION_STATUSES = ['met', 'partly_met', 'not_met', 'not_applicable'] as const;
export type CriterionStatus = (typeof CRITERION_STATUSES)[number];

export const isCriterionStatus = (value: unknown): value is CriterionStatus => (CRITERION_STATUSES as readonly unknown[]).includes(value);

export interface CriterionScore {
  code: string;
  /** null: not answered yet, counted as not met. */
  status: CriterionStatus | null;
  points: number;
  /** Points after the redistribution of the area's non-applicable ones; 0 when not applicable. */
  potential: number;
  earned: number;
}

export interface AreaScore {
  code: string;
  potential: number;
  earned: number;
  /** null when no criterion of the area applies. */
  percent: number | null;
  criteria: CriterionScore[];
}

export interface Score {
  potential: number;
  earned: number;
  percent: number;
  areas: AreaScore[];
  /** The highest level reached, or null below the first. */
  level: string | null;
  unanswered: string[];
}

// Thresholds are compared with a tolerance: 7/20 must reach 35 % although 7 / 20 * 100 is 34.99999….
const EPSILON = 1e-9;

export function shareEarned(criterion: Pick<CriterionDefinition, 'partlyMetShare'>, status: CriterionStatus | null, defaultShare: number): number {
  if (status === 'met') return 1;
  if (status === 'partly_met') return criterion.partlyMetShare ?? defaultShare;
  return 0;
}

export function computeScore(referential: Pick<ReferentialDocument, 'areas' | 'levels' | 'partlyMetShare'>, statuses: Readonly<Record<string, CriterionStatus | null | undefined>>): Score {
  const unanswered: string[] = [];
  const areas: AreaScore[] = referential.areas.map((area) => {
    const total = area.criteria.reduce((s, c) => s + c.points, 0);
    const applicablePoints = area.criteria.reduce((s, c) => (statuses[c.code] === 'not_applicable' ? s : s + c.points), 0);
    const scale = applicablePoints > 0 ? total / applicablePoints : 0;
    const criteria = area.criteria.map((c): CriterionScore => {
      const status = statuses[c.code] ?? null;
      if (status === null) unanswered.push(c.code);
      const potential = status === 'not_applicable' ? 0 : c.points * scale;
      return { code: c.code, status, points: c.points, potential, earned: potential * shareEarned(c, status, referential.partlyMetShare) };
    });
    const potential = applicablePoints > 0 ? total : 0;
    const earned = criteria.reduce((s, c) => s + c.earned, 0);
    return { code: area.code, potential, earned, percent: potential > 0 ? (earned / potential) * 100 : null, criteria };
  });
  const potential = areas.reduce((s, a) => s + a.potential, 0);
  const earned = areas.reduce((s, a) => s + a.earned, 0);
  const percent = potential > 0 ? (earned / potential) * 100 : 0;
  const level = levelReached(referential.levels, percent, areas.map((a) => a.percent))?.code ?? null;
  return { potential, earned, percent, areas, level, unanswered };
}

/** The highest level whose overall threshold is reached with every applicable area at the level's minimum. */
export function levelReached(levels: readonly LevelDefinition[], overallPercent: number, areaPercents: readonly (number | null)[]): LevelDefinition | null {
  let reached: LevelDefinition | null = null;
  for (const level of levels) {
    const overall = overallPercent + EPSILON >= level.minOverallPercent;
    const everyArea = areaPercents.every((p) => p === null || p + EPSILON >= level.minAreaPercent);
    if (overall && everyArea) reached = level;
  }
  return reached;
}

/** Rank of a level in the referential (0 for the first), -1 when unknown; a higher rank is a higher level. */
export function levelRank(levels: readonly Pick<LevelDefinition, 'code'>[], code: string | null): number {
  return code === null ? -1 : levels.findIndex((l) => l.code === code);
}

/** The status a measured value suggests; the auditor decides. Null when nothing was measured. */
export function suggestedStatus(rule: AutomaticRule, value: number | null): CriterionStatus | null {
  if (value === null || !Number.isFinite(value)) return null;
  if (value + EPSILON >= rule.metAt) return 'met';
  if (rule.partlyMetAt !== null && value + EPSILON >= rule.partlyMetAt) return 'partly_met';
  return 'not_met';
}

/** A score as shown: percentages to one decimal, points to two. */
export function roundScore(score: Score): Score {
  const r1 = (n: number) => Math.round(n * 10) / 10;
  const r2 = (n: number) => Math.round(n * 100) / 100;
  return {
    ...score,
    potential: r2(score.potential),
    earned: r2(score.earned),
    percent: r1(score.percent),
    areas: score.areas.map((a) => ({
      ...a,
      potential: r2(a.potential),
      earned: r2(a.earned),
      percent: a.percent === null ? null : r1(a.percent),
      criteria: a.criteria.map((c) => ({ ...c, potential: r2(c.potential), earned: r2(c.earned) })),
    })),
  };
}
