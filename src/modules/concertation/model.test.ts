import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { nextPhase, participationBalance, PHASES, type ActorKind } from './model.js';
import { directionOf, figureChange } from './snapshot-model.js';

const kind = fc.constantFrom<ActorKind>('public', 'private', 'civil_society');
const participation = fc.record({ personId: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), kind });
const polarity = fc.constantFrom('higher_is_better' as const, 'lower_is_better' as const);
const value = fc.double({ min: -1e6, max: 1e6, noNaN: true });

describe('the workshops’ rules', () => {
  it('moves through the five phases in order, each once, and stops at closed', () => {
    const visited: string[] = [PHASES[0]];
    for (let p = nextPhase(PHASES[0]); p !== null; p = nextPhase(p)) visited.push(p);
    expect(visited).toEqual(['preparation', 'contributions', 'sessions', 'evaluation', 'closed']);
  });

  it('counts each person once per kind, shares add up to 100 %, and only kinds that took part under the threshold are warned about (property)', () => {
    fc.assert(
      fc.property(fc.array(participation), fc.array(participation), fc.array(participation), fc.integer({ min: 0, max: 33 }), (registrations, initiatives, supports, threshold) => {
        const balance = participationBalance({ registrations, attendance: [], initiatives, supports }, threshold);
        const distinct = new Set([...registrations, ...initiatives, ...supports].map((p) => `${p.personId}/${p.kind}`));
        expect(balance.overall.total).toBe(distinct.size);
        expect(balance.overall.public + balance.overall.private + balance.overall.civil_society).toBe(balance.overall.total);
        if (balance.overall.total === 0) {
          expect(balance.underRepresented).toEqual([]);
          return;
        }
        const shares = Object.values(balance.shares) as number[];
        expect(Math.abs(shares.reduce((s, x) => s + x, 0) - 100)).toBeLessThanOrEqual(0.15);
        for (const k of ['public', 'private', 'civil_society'] as const) {
          expect(balance.underRepresented.includes(k)).toBe(balance.shares[k]! < threshold);
        }
      }),
    );
  });

  it('judges a move against the target: reaching it is better, leaving it worse, and the way back says the opposite (property)', () => {
    fc.assert(
      fc.property(value, value, polarity, fc.option(value, { nil: null }), (before, after, p, target) => {
        const there = directionOf(before, after, p, target);
        const back = directionOf(after, before, p, target);
        const opposite = { better: 'worse', worse: 'better', unchanged: 'unchanged', not_comparable: 'not_comparable' } as const;
        expect(back).toBe(opposite[there]);
        const change = figureChange('x', { fr: 'x', en: 'x' }, null, before, after, p, target);
        expect(change.delta).toBeCloseTo(after - before, 6);
      }),
    );
  });

  it('compares in words a reader expects (worked examples)', () => {
    // Household waste, lower is better, target 420 kg: 531 → 500 is better, 400 → 410 stays past it, 410 → 430 leaves it.
    expect(directionOf(531, 500, 'lower_is_better', 420)).toBe('better');
    expect(directionOf(400, 410, 'lower_is_better', 420)).toBe('unchanged');
    expect(directionOf(410, 430, 'lower_is_better', 420)).toBe('worse');
    // Without a target the polarity decides; a neutral figure is never better or worse.
    expect(directionOf(2, 3, 'higher_is_better')).toBe('better');
    expect(directionOf(2, 3, 'neutral')).toBe('not_comparable');
    expect(figureChange('c', { fr: 'c', en: 'c' }, null, 20, 65, 'higher_is_better', 100)).toMatchObject({ delta: 45, relativePercent: 225, direction: 'better' });
    expect(figureChange('c', { fr: 'c', en: 'c' }, null, 0, 5, 'higher_is_better')).toMatchObject({ delta: 5, relativePercent: null });
  });
});
