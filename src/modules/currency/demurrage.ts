import type { Executor } from '../../platform/db/transaction.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { appendAuditEvent } from '../../platform/audit/audit-trail.js';
import type { Actor } from '../../platform/auth/actor.js';
import { systemClock, type Clock } from '../../platform/clock.js';
import { forbidden, invalidInput, ProblemError, unauthenticated } from '../../platform/errors.js';
import type { TerritoriesService } from '../territories/service.js';
import type { Territory } from '../territories/model.js';
import { balanceOf, type TransferInput } from './ledger-model.js';
import { ledgerRepository, type AccountRecord } from './ledger-repository.js';
import { settingsRepository } from './settings-repository.js';
import { accountingRepository } from './accounting-repository.js';
import { addDays, bookDay, isCalendarDay, startOfBookDay } from './accounting-calendar.js';
import { canOperateCurrency, systemAccountId } from './model.js';
import { dailyDemurrage, DEMURRAGE_KIND, demurrageRuleOf, demurrageTransferId, type DemurrageRule } from './demurrage-model.js';
import { MAX_BATCH, type CurrencyService } from './service.js';

export interface DemurrageReport {
  readonly date: string;
  readonly unit: string;
  /** Member accounts of the local currency open at the end of the day. */
  readonly accounts: number;
  /** Transfers this run wrote, and what they moved to the demurrage fund (minor units). */
  readonly charged: number;
  readonly total: bigint;
  /** Accounts already charged for this day by an earlier run. */
  readonly alreadyApplied: number;
  /** Accounts that owed something but could not pay it: frozen, closed, or emptied since. */
  readonly refused: number;
}

/** Applies a day's demurrage to the member accounts of a territory's local currency (see demurrage-model.ts). */
export class DemurrageService {
  constructor(
    private readonly db: Executor,
    private readonly territories: TerritoriesService,
    private readonly currency: CurrencyService,
    private readonly clock: Clock = systemClock,
  ) {}

  async applyDemurrage(actor: Actor, slug: string, day: string, onProgress?: (done: number, total: number) => void): Promise<DemurrageReport> {
    const territory = await this.territories.requireTerritory(slug);
    if (actor.kind === 'anonymous') throw unauthenticated();
    if (!canOperateCurrency(await this.territories.grantsFor(actor, territory.id))) throw forbidden('Only the currency operator of this territory can apply demurrage.');
    if (!isCalendarDay(day)) throw invalidInput([{ field: 'date', code: 'invalid_date', message: `"${day}" is not a date like 2026-03-31.` }]);
    const dayEnd = startOfBookDay(addDays(day, 1));
    if (this.clock().toISOString() < dayEnd) {
      throw invalidInput([{ field: 'date', code: 'day_not_over', message: `${day} is not over yet: demurrage is computed on the balances at the end of the day.` }]);
    }
    const rule = demurrageRuleOf(await settingsRepository.get(this.db, territory.id));
    if (!rule) throw new ProblemError(422, 'demurrage_not_enabled', `${territory.currencyName} does not melt: set a demurrage rate in the currency settings first.`);

    await inTransaction(this.db, (trx) => this.currency.ensureSystemAccounts(trx, territory));
    const plan = await this.plan(territory, rule, day, dayEnd);
    let charged = 0;
    let total = 0n;
    let alreadyApplied = plan.alreadyApplied;
    let refused = plan.refused;
    onProgress?.(0, plan.transfers.length);
    for (let start = 0; start < plan.transfers.length; start += MAX_BATCH) {
      const batch = plan.transfers.slice(start, start + MAX_BATCH);
      await inTransaction(this.db, async (trx) => {
        const outcome = await this.currency.postTransfers(trx, territory.id, batch);
        let batchTotal = 0n;
        let batchCharged = 0;
        outcome.results.forEach((r, i) => {
          if (r.status === 'ok') {
            batchCharged += 1;
            batchTotal += batch[i]!.amount;
          } else if (r.status === 'exists' || r.code === 'exists_with_different_fields') {
            // Another run for the same day got there first.
            alreadyApplied += 1;
          } else {
            refused += 1;
          }
        });
        if (batchCharged > 0) {
          await appendAuditEvent(trx, actor, {
            territoryId: territory.id,
            action: 'currency.demurrage_applied',
            targetType: 'ledger_account',
            targetId: systemAccountId('demurrage_fund', territory.currencyCode),
            change: { date: day, accounts: batchCharged, total: batchTotal, rule },
          }, this.clock);
        }
        charged += batchCharged;
        total += batchTotal;
      });
      onProgress?.(Math.min(start + MAX_BATCH, plan.transfers.length), plan.transfers.length);
    }
    return { date: day, unit: territory.currencyCode, accounts: plan.accounts, charged, total, alreadyApplied, refused };
  }

  private async plan(territory: Territory, rule: DemurrageRule, day: string, dayEnd: string) {
    const unit = territory.currencyCode;
    const accounts = (await ledgerRepository.listAccounts(this.db, territory.id, { unit, kind: 'member' })).filter((a) => a.createdAt < dayEnd);
    const existing = await ledgerRepository.existingTransfers(this.db, territory.id, accounts.map((a) => demurrageTransferId(day, a.id)));
    const movedSince = await accountingRepository.netMovements(this.db, territory.id, { units: [unit], from: dayEnd });
    const lastPaidOut = await accountingRepository.lastDebits(this.db, territory.id, { unit, before: dayEnd, exceptKinds: [DEMURRAGE_KIND] });
    const fund = systemAccountId('demurrage_fund', unit);
    const transfers: TransferInput[] = [];
    let alreadyApplied = 0;
    let refused = 0;
    for (const a of accounts) {
      const id = demurrageTransferId(day, a.id);
      if (existing.has(id)) {
        alreadyApplied += 1;
        continue;
      }
      const amount = dailyDemurrage(rule, stateOf(a, movedSince.get(a.id) ?? 0n, lastPaidOut.get(a.id)), day);
      if (amount === 0n) continue;
      if (a.status !== 'open') refused += 1;
      else transfers.push({ id, debitAccountId: a.id, creditAccountId: fund, amount, unit, kind: DEMURRAGE_KIND });
    }
    return { accounts: accounts.length, transfers, alreadyApplied, refused };
  }
}

function stateOf(a: AccountRecord, movedSinceDayEnd: bigint, lastPaidOut: string | undefined) {
  const balance = balanceOf(a);
  const floor = a.floor !== null && a.floor > 0n ? a.floor : 0n;
  return {
    balanceAtDayEnd: balance - movedSinceDayEnd,
    payableNow: balance - a.debitsPending - floor,
    lastActiveDay: bookDay(lastPaidOut ?? a.createdAt),
  };
}
