import type { Executor } from '../../platform/db/transaction.js';
import { fromDbFlag, toDbFlag, toSafeNumber } from '../../platform/db/dialect.js';
import { DEFAULT_SETTINGS, type CurrencySettings } from './model.js';

export const settingsRepository = {
  async get(db: Executor, territoryId: string): Promise<CurrencySettings> {
    const row = await db.selectFrom('currency_settings').selectAll().where('territory_id', '=', territoryId).executeTakeFirst();
    if (!row) return DEFAULT_SETTINGS;
    return {
      reconversionFeeBp: toSafeNumber(row.reconversion_fee_bp),
      individualsMayReconvert: fromDbFlag(row.individuals_may_reconvert),
      salaryShareCapBp: toSafeNumber(row.salary_share_cap_bp),
      demurrageRateBp: toSafeNumber(row.demurrage_rate_bp),
      demurrageGraceDays: toSafeNumber(row.demurrage_grace_days),
      demurrageThreshold: toSafeNumber(row.demurrage_threshold),
      timeBankFloorMinutes: toSafeNumber(row.time_bank_floor_minutes),
      timeBankCeilingMinutes: toSafeNumber(row.time_bank_ceiling_minutes),
    };
  },

  async put(db: Executor, territoryId: string, s: CurrencySettings, updatedAt: string): Promise<void> {
    const values = {
      reconversion_fee_bp: BigInt(s.reconversionFeeBp),
      individuals_may_reconvert: BigInt(toDbFlag(s.individualsMayReconvert)),
      salary_share_cap_bp: BigInt(s.salaryShareCapBp),
      demurrage_rate_bp: BigInt(s.demurrageRateBp),
      demurrage_grace_days: BigInt(s.demurrageGraceDays),
      demurrage_threshold: BigInt(s.demurrageThreshold),
      time_bank_floor_minutes: BigInt(s.timeBankFloorMinutes),
      time_bank_ceiling_minutes: BigInt(s.timeBankCeilingMinutes),
      updated_at: updatedAt,
    };
    await db
      .insertInto('currency_settings')
      .values({ territory_id: territoryId, ...values })
      .onConflict((oc) => oc.column('territory_id').doUpdateSet(values))
      .execute();
  },
};
