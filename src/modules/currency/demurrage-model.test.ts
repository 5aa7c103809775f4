import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from './accounting-calendar.js';
import { dailyDemurrage, demurrageRuleOf, demurrageTransferId, type DemurrageRule } from './demurrage-model.js';
import { DEFAULT_SETTINGS } from './model.js';

const chiemgauer: DemurrageRule = { rateBp: 600, graceDays: 90, threshold: 0n };

describe('demurrage rule', () => {
  it('takes 6 %/365 of an idle balance a day, rounded down to the cent', () => {
    // 1,000.00 × 6 % / 365 = 16.438 cents → 16 cents.
    expect(dailyDemurrage(chiemgauer, { balanceAtDayEnd: 100_000n, payableNow: 100_000n, lastActiveDay: '2025-01-01' }, '2025-04-02')).toBe(16n);
  });

  it('leaves a balance alone until it has been idle for more than the grace days', () => {
    const account = { balanceAtDayEnd: 100_000n, payableNow: 100_000n, lastActiveDay: '2025-01-01' };
    expect(dailyDemurrage(chiemgauer, account, addDays('2025-01-01', 90))).toBe(0n);
    expect(dailyDemurrage(chiemgauer, account, addDays('2025-01-01', 91))).toBe(16n);
  });

  it('melts only the part of the balance above the threshold', () => {
    const rule = { ...chiemgauer, threshold: 50_000n };
    expect(dailyDemurrage(rule, { balanceAtDayEnd: 50_000n, payableNow: 50_000n, lastActiveDay: '2024-01-01' }, '2025-01-01')).toBe(0n);
    expect(dailyDemurrage(rule, { balanceAtDayEnd: 150_000n, payableNow: 150_000n, lastActiveDay: '2024-01-01' }, '2025-01-01')).toBe(16n);
  });

  it('never takes more than the account can pay when the run happens', () => {
    expect(dailyDemurrage({ ...chiemgauer, rateBp: 2400 }, { balanceAtDayEnd: 10_000_000n, payableNow: 3n, lastActiveDay: '2020-01-01' }, '2025-01-01')).toBe(3n);
    expect(dailyDemurrage(chiemgauer, { balanceAtDayEnd: 10_000_000n, payableNow: -5n, lastActiveDay: '2020-01-01' }, '2025-01-01')).toBe(0n);
  });

  it('is off when the rate is zero, and names one transfer per day and account', () => {
    expect(demurrageRuleOf(DEFAULT_SETTINGS)).toBeNull();
    expect(demurrageRuleOf({ ...DEFAULT_SETTINGS, demurrageRateBp: 600, demurrageThreshold: 2500 })).toEqual({ rateBp: 600, graceDays: 90, threshold: 2500n });
    expect(demurrageTransferId('2025-04-02', 'acc-1')).toBe('demurrage/2025-04-02/acc-1');
  });

  it('never exceeds the yearly rate over the part above the threshold, nor what the account holds', () => {
    fc.assert(
      fc.property(
        fc.record({ rateBp: fc.integer({ min: 1, max: 2400 }), graceDays: fc.integer({ min: 0, max: 400 }), threshold: fc.bigInt({ min: 0n, max: 1_000_000n }) }),
        fc.bigInt({ min: -1_000n, max: 10n ** 12n }),
        fc.bigInt({ min: -1_000n, max: 10n ** 12n }),
        fc.integer({ min: 0, max: 2000 }),
        (rule, balance, payable, idleDays) => {
          const charge = dailyDemurrage(rule, { balanceAtDayEnd: balance, payableNow: payable, lastActiveDay: '2020-01-01' }, addDays('2020-01-01', idleDays));
          expect(charge).toBeGreaterThanOrEqual(0n);
          expect(charge <= (payable > 0n ? payable : 0n)).toBe(true);
          const base = balance - rule.threshold;
          expect(charge * 365n * 10_000n <= (base > 0n ? base : 0n) * BigInt(rule.rateBp)).toBe(true);
          if (idleDays <= rule.graceDays) expect(charge).toBe(0n);
        },
      ),
    );
  });
});
