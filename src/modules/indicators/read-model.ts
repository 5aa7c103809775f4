import type { Territory } from '../territories/model.js';
import { inFramework, TOTAL_SERIES, yearOf, type Framework, type IndicatorDefinition, type Observation, type Target } from './model.js';
import { assessProgress, type ProgressCalculation, type YearValue } from './progress-model.js';

/** What the catalogue, the portal and the open data show of a territory's indicators: pure functions of one snapshot. */

export interface IndicatorSummary extends IndicatorDefinition {
  latest: Pick<Observation, 'period' | 'value' | 'status' | 'footnote' | 'footnoteEn'> | null;
  target: Target | null;
  progress: Pick<ProgressCalculation, 'status' | 'score'>;
}

export interface CatalogueFilter {
  framework?: Framework;
  sdgGoal?: number;
  agenda21?: string;
  oecd?: string;
  withTarget?: boolean;
}

/** What the portal and the open-data files are built from, read in one go. */
export interface IndicatorsSnapshot {
  territory: Territory;
  definitions: IndicatorDefinition[];
  observations: Map<string, Observation[]>;
  targets: Map<string, Target>;
  lastModified: Map<string, string>;
}

/** Latest value of each year of the total series: what the progress method reads. */
export function yearlyTotals(observations: readonly Observation[]): YearValue[] {
  const latestPeriod = new Map<number, Observation>();
  for (const o of observations) {
    if (JSON.stringify(o.dimensions) !== TOTAL_SERIES || typeof o.value !== 'number') continue;
    const year = yearOf(o.period);
    const seen = latestPeriod.get(year);
    if (!seen || o.period > seen.period) latestPeriod.set(year, o);
  }
  return [...latestPeriod].map(([year, o]) => ({ year, value: o.value as number }));
}

export function progressOf(definition: IndicatorDefinition, observations: readonly Observation[], target: Target | null): ProgressCalculation {
  return assessProgress({
    kind: definition.kind,
    polarity: definition.polarity,
    limit: definition.limit,
    series: yearlyTotals(observations),
    target: target && { baseYear: target.baseYear, baseValue: target.baseValue, targetYear: target.targetYear, targetValue: target.targetValue },
  });
}

/** Each indicator of the catalogue with its latest total value, target and progress status. */
export function summariesOf(snapshot: IndicatorsSnapshot, filter: CatalogueFilter = {}): IndicatorSummary[] {
  return snapshot.definitions
    .filter((d) => matches(d, filter) && (!filter.withTarget || snapshot.targets.has(d.code)))
    .map((d) => {
      const observations = snapshot.observations.get(d.code) ?? [];
      const target = snapshot.targets.get(d.code) ?? null;
      const totals = observations.filter((o) => JSON.stringify(o.dimensions) === TOTAL_SERIES);
      const latest = totals[totals.length - 1];
      const progress = progressOf(d, observations, target);
      return {
        ...d,
        latest: latest ? { period: latest.period, value: latest.value, status: latest.status, footnote: latest.footnote, footnoteEn: latest.footnoteEn } : null,
        target,
        progress: { status: progress.status, score: progress.score },
      };
    });
}

function matches(d: IndicatorDefinition, filter: CatalogueFilter): boolean {
  if (filter.framework && !inFramework(d, filter.framework)) return false;
  if (filter.sdgGoal !== undefined && !d.tags.sdg.some((t) => t.goal === filter.sdgGoal)) return false;
  if (filter.agenda21 && !(d.tags.agenda21 as string[]).includes(filter.agenda21)) return false;
  if (filter.oecd && !(d.tags.oecd as string[]).includes(filter.oecd)) return false;
  return true;
}
