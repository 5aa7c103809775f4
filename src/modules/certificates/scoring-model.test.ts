import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { computeScore, levelReached, suggestedStatus, CRITERION_STATUSES, type CriterionStatus } from './scoring-model.js';
import { validateReferential, type ReferentialDocument } from './referential-model.js';
import { defaultReferential } from './default-referential.js';

const text = (fr: string) => ({ fr, en: fr });
const criterion = (code: string, points: number, partlyMetShare?: number) => ({
  code,
  title: text(code),
  description: text(code),
  points,
  ...(partlyMetShare !== undefined ? { partlyMetShare } : {}),
  evidence: { required: false, description: text('') },
  automatic: null,
});

/** Two areas: A (10 + 20 + 30 points), B (40 + 60 points); levels as Territoires en Transitions' stars. */
const referential: ReferentialDocument = {
  title: text('Test'),
  description: text('Test'),
  partlyMetShare: 0.5,
  levels: [
    { code: 'engage', label: text('Engagé'), minOverallPercent: 35, minAreaPercent: 20 },
    { code: 'confirme', label: text('Confirmé'), minOverallPercent: 50, minAreaPercent: 30 },
    { code: 'avance', label: text('Avancé'), minOverallPercent: 65, minAreaPercent: 40 },
    { code: 'exemplaire', label: text('Exemplaire'), minOverallPercent: 75, minAreaPercent: 50 },
  ],
  areas: [
    { code: 'A', title: text('A'), description: text('A'), criteria: [criterion('A1', 10), criterion('A2', 20), criterion('A3', 30)] },
    { code: 'B', title: text('B'), description: text('B'), criteria: [criterion('B1', 40), criterion('B2', 60, 0.25)] },
  ],
  sources: [],
};

describe('CUT scoring', () => {
  it('gives the points of a non-applicable criterion to its siblings in proportion to theirs', () => {
    // A3 (30 points) does not apply: A1 (10) gets 10 of them, A2 (20) gets 20 — the area keeps its 60 points.
    const score = computeScore(referential, { A1: 'met', A2: 'partly_met', A3: 'not_applicable', B1: 'met', B2: 'not_met' });
    const a = score.areas[0]!;
    expect(a.criteria.map((c) => c.potential)).toEqual([20, 40, 0]);
    expect(a.potential).toBe(60);
    // A1 met: 20; A2 half: 20 → 40 of 60.
    expect(a.earned).toBe(40);
    expect(a.percent).toBeCloseTo(66.667, 3);
    // B: 40 of 100. Overall 80 of 160 = 50 %.
    expect(score.areas[1]!.percent).toBe(40);
    expect(score.percent).toBe(50);
    expect(score.level).toBe('confirme');
  });

  it('counts a partly met criterion at the share it states, or half by default', () => {
    const score = computeScore(referential, { A1: 'not_met', A2: 'not_met', A3: 'not_met', B1: 'partly_met', B2: 'partly_met' });
    // B1: 40 × 0.5 = 20; B2: 60 × 0.25 = 15.
    expect(score.areas[1]!.earned).toBe(35);
    expect(score.percent).toBeCloseTo((35 / 160) * 100, 9);
    expect(score.level).toBeNull();
  });

  it('drops an area none of whose criteria apply from the score and from the area minimums', () => {
    const score = computeScore(referential, { A1: 'not_applicable', A2: 'not_applicable', A3: 'not_applicable', B1: 'met', B2: 'partly_met' });
    expect(score.areas[0]).toMatchObject({ potential: 0, earned: 0, percent: null });
    // B: 40 + 15 = 55 of 100; the overall potential is B's alone.
    expect(score.potential).toBe(100);
    expect(score.percent).toBeCloseTo(55, 9);
    expect(score.level).toBe('confirme');
  });

  it('holds a level back when one area is under the level’s minimum, whatever the overall score', () => {
    // A: everything met (100 %); B: B1 partly met only → 20 of 100 = 20 %. Overall 80 / 160 = 50 %.
    const score = computeScore(referential, { A1: 'met', A2: 'met', A3: 'met', B1: 'partly_met', B2: 'not_met' });
    expect(score.percent).toBe(50);
    expect(score.areas.map((a) => a.percent)).toEqual([100, 20]);
    // Confirmé asks 50 % overall and 30 % in each area: B's 20 % only allows Engagé (20 %).
    expect(score.level).toBe('engage');
  });

  it('reaches each threshold exactly (35, 50, 65, 75 %) despite floating point', () => {
    const levels = referential.levels;
    expect(levelReached(levels, 35, [35])?.code).toBe('engage');
    expect(levelReached(levels, (7 / 20) * 100, [50])?.code).toBe('engage');
    expect(levelReached(levels, 34.99, [100])).toBeNull();
    expect(levelReached(levels, 50, [30, null])?.code).toBe('confirme');
    expect(levelReached(levels, 65, [40])?.code).toBe('avance');
    expect(levelReached(levels, 75, [50])?.code).toBe('exemplaire');
    expect(levelReached(levels, 100, [49.9])?.code).toBe('avance');
  });

  it('counts an unanswered criterion as not met and lists it', () => {
    const score = computeScore(referential, { A1: 'met' });
    expect(score.unanswered).toEqual(['A2', 'A3', 'B1', 'B2']);
    expect(score.earned).toBe(10);
  });

  it('suggests a status from a measured value and the criterion’s thresholds', () => {
    const rule = { source: 'currency.salary_share', unit: '%', metAt: 5, partlyMetAt: 1 };
    expect(suggestedStatus(rule, 7.5)).toBe('met');
    expect(suggestedStatus(rule, 5)).toBe('met');
    expect(suggestedStatus(rule, 1)).toBe('partly_met');
    expect(suggestedStatus(rule, 0.5)).toBe('not_met');
    expect(suggestedStatus(rule, null)).toBeNull();
    expect(suggestedStatus({ ...rule, partlyMetAt: null }, 3)).toBe('not_met');
  });

  it('always keeps each area’s potential and the score between 0 and 100 %, whatever the statuses', () => {
    const codes = referential.areas.flatMap((a) => a.criteria.map((c) => c.code));
    const statuses = fc.record(Object.fromEntries(codes.map((c) => [c, fc.constantFrom<CriterionStatus | null>(null, ...CRITERION_STATUSES)])));
    fc.assert(
      fc.property(statuses, (s) => {
        const score = computeScore(referential, s);
        for (const [i, area] of score.areas.entries()) {
          const applicable = referential.areas[i]!.criteria.some((c) => s[c.code] !== 'not_applicable');
          const total = referential.areas[i]!.criteria.reduce((n, c) => n + c.points, 0);
          expect(area.potential).toBeCloseTo(applicable ? total : 0, 9);
          expect(area.criteria.reduce((n, c) => n + c.potential, 0)).toBeCloseTo(area.potential, 9);
        }
        expect(score.percent).toBeGreaterThanOrEqual(0);
        expect(score.percent).toBeLessThanOrEqual(100 + 1e-9);
      }),
    );
  });

  it('never lowers the score when a criterion goes from not met to met', () => {
    const codes = referential.areas.flatMap((a) => a.criteria.map((c) => c.code));
    fc.assert(
      fc.property(fc.record(Object.fromEntries(codes.map((c) => [c, fc.constantFrom<CriterionStatus>(...CRITERION_STATUSES)]))), fc.constantFrom(...codes), (s, code) => {
        fc.pre(s[code] === 'not_met');
        expect(computeScore(referential, { ...s, [code]: 'met' }).percent).toBeGreaterThanOrEqual(computeScore(referential, s).percent - 1e-9);
      }),
    );
  });
});

describe('the shipped referential', () => {
  it('is valid, scores 200 points over five areas and names its sources', () => {
    const shipped = defaultReferential();
    expect(validateReferential(shipped)).toEqual([]);
    expect(shipped.areas.map((a) => a.code)).toEqual(['gouvernance', 'travail', 'ancrage', 'environnement', 'communaute']);
    expect(shipped.areas.flatMap((a) => a.criteria).reduce((n, c) => n + c.points, 0)).toBe(200);
    expect(shipped.levels.map((l) => [l.label.fr, l.minOverallPercent])).toEqual([['Engagé', 35], ['Confirmé', 50], ['Avancé', 65], ['Exemplaire', 75]]);
    expect(shipped.sources.map((s) => s.name).join(' ')).toMatch(/B Impact Assessment.*Engagé RSE.*ISO 26000.*Territoires en Transitions/);
  });

  it('names every fault of a bad referential by its path', () => {
    const bad = JSON.parse(JSON.stringify(defaultReferential())) as Record<string, unknown> & { areas: { criteria: Record<string, unknown>[] }[]; levels: Record<string, unknown>[] };
    bad.areas[1]!.criteria[0]!.points = -3;
    bad.areas[2]!.criteria[1]!.code = 'GOV-1';
    bad.levels[2]!.minOverallPercent = 40;
    bad.partlyMetShare = 1.5;
    const fields = validateReferential(bad).map((e) => `${e.field}:${e.code}`);
    expect(fields).toEqual(expect.arrayContaining([
      'areas[1].criteria[0].points:invalid_points',
      'areas[2].criteria[1].code:duplicate_code',
      'levels[2].minOverallPercent:levels_not_ascending',
      'partlyMetShare:invalid_share',
    ]));
  });
});
