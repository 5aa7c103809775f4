/**
 * Demurrage ("fonte"): a local currency may lose a little value while it sits idle, so that it
 * circulates instead of being hoarded (Silvio Gesell's idea; the Chiemgauer melts 6 % a year after
 * 90 days). Optional per currency: a rate of 0 turns it off. Pure: no I/O.
 *
 * The rule, for one calendar day D (in the books' time zone) and one member account of the local
 * currency (never the time bank's hours, never a system account):
 * 1. Idle: the account's last outgoing transfer (any debit but demurrage itself), or its opening if
 *    it never paid anything, was on day L; it melts on D only if D − L > grace days. Receiving money
 *    does not count as activity: what melts is money that is kept, not money that is spent.
 * 2. Base: the posted balance at the end of D, less the threshold, if that is positive.
 * 3. Charge: floor(base × yearly rate / 365) in minor units, the rate in basis points and every year
 *    counted as 365 days. Rounding down is in the holder's favour; at 6 % a year a base under
 *    60.84 units melts nothing on a day, the cent being the smallest step.
 * 4. The charge never exceeds what the account can pay when the run happens (balance less pending
 *    holds, above its floor), so demurrage never takes an account below zero.
 * 5. It moves from the account to the currency's demurrage fund: value is conserved per unit, and
 *    the reserve still equals the currency in circulation.
 * 6. One transfer per account and day, its id derived from the day and the account: running the
 *    same day again finds it and changes nothing.
 */
import { daysBetween } from './accounting-calendar.js';
import type { CurrencySettings } from './model.js';

export const DEMURRAGE_KIND = 'demurrage';
const DAYS_PER_YEAR = 365n;
const BASIS_POINTS = 10_000n;

export interface DemurrageRule {
  readonly rateBp: number;
  readonly graceDays: number;
  readonly threshold: bigint;
}

export function demurrageRuleOf(settings: CurrencySettings): DemurrageRule | null {
  if (settings.demurrageRateBp <= 0) return null;
  return { rateBp: settings.demurrageRateBp, graceDays: settings.demurrageGraceDays, threshold: BigInt(settings.demurrageThreshold) };
}

export interface DemurrageAccountState {
  /** Posted balance (credits − debits) at the end of the day charged. */
  readonly balanceAtDayEnd: bigint;
  /** What the account can pay at the time of the run: posted balance − pending debits − floor. */
  readonly payableNow: bigint;
  /** Day of the last outgoing transfer that is not demurrage, or of the account's opening. */
  readonly lastActiveDay: string;
}

/** The demurrage of one account for one day, in minor units (0: nothing to take). */
export function dailyDemurrage(rule: DemurrageRule, account: DemurrageAccountState, day: string): bigint {
  if (daysBetween(account.lastActiveDay, day) <= rule.graceDays) return 0n;
  const base = account.balanceAtDayEnd - rule.threshold;
  if (base <= 0n) return 0n;
  const charge = (base * BigInt(rule.rateBp)) / (BASIS_POINTS * DAYS_PER_YEAR);
  const payable = account.payableNow > 0n ? account.payableNow : 0n;
  return charge < payable ? charge : payable;
}

export function demurrageTransferId(day: string, accountId: string): string {
  return `demurrage/${day}/${accountId}`;
}
