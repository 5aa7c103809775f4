import type { FieldError } from '../../platform/errors.js';
import type { Grants } from '../territories/model.js';

export const EURO = 'EUR';
/** Time-bank unit: hours, counted in minutes so that amounts stay integers. */
export const HOUR = 'HOUR';

export type OwnerType = 'person' | 'organisation' | 'system';

export interface Owner {
  readonly type: OwnerType;
  readonly id: string;
}

/**
 * System accounts of a territory's currency. The euro reserve is an asset held by the issuing
 * association; `euro_world` stands for euros outside the ledger (banks, payslips), so it may go
 * negative; `issuance` is debited by every unit put into circulation, so −issuance = circulation.
 */
export const SYSTEM_ACCOUNT_KINDS = ['euro_world', 'euro_reserve', 'issuance', 'fees', 'demurrage_fund'] as const;
export type SystemAccountKind = (typeof SYSTEM_ACCOUNT_KINDS)[number];

export interface CurrencySettings {
  reconversionFeeBp: number;
  individualsMayReconvert: boolean;
  salaryShareCapBp: number;
  demurrageRateBp: number;
  demurrageGraceDays: number;
  demurrageThreshold: number;
  timeBankFloorMinutes: number;
  timeBankCeilingMinutes: number;
}

/** Defaults that match common French practice: Eusko-like 5 % fee, the Pact's 10 % cap, −20 h … +40 h. */
export const DEFAULT_SETTINGS: CurrencySettings = Object.freeze({
  reconversionFeeBp: 500,
  individualsMayReconvert: false,
  salaryShareCapBp: 1000,
  demurrageRateBp: 0,
  demurrageGraceDays: 90,
  demurrageThreshold: 0,
  timeBankFloorMinutes: -20 * 60,
  timeBankCeilingMinutes: 40 * 60,
});

export function validateSettings(s: CurrencySettings): FieldError[] {
  const errors: FieldError[] = [];
  const bp = (field: keyof CurrencySettings, max: number) => {
    const v = s[field] as number;
    if (!Number.isInteger(v) || v < 0 || v > max) errors.push({ field, code: 'out_of_range', message: `${field} must be a whole number from 0 to ${max}.` });
  };
  bp('reconversionFeeBp', 5000);
  // The Pact caps the salary share at 10 % at most ("fixée au maximum à 10 %").
  bp('salaryShareCapBp', 1000);
  bp('demurrageRateBp', 2400);
  bp('demurrageGraceDays', 3650);
  bp('demurrageThreshold', Number.MAX_SAFE_INTEGER);
  if (!Number.isInteger(s.timeBankFloorMinutes) || s.timeBankFloorMinutes > 0) {
    errors.push({ field: 'timeBankFloorMinutes', code: 'out_of_range', message: 'The time bank floor is zero or negative (minutes a member may owe).' });
  }
  if (!Number.isInteger(s.timeBankCeilingMinutes) || s.timeBankCeilingMinutes <= 0) {
    errors.push({ field: 'timeBankCeilingMinutes', code: 'out_of_range', message: 'The time bank ceiling is a positive number of minutes.' });
  }
  return errors;
}

/**
 * Reconversion fee, rounded half up to the minor unit: the association never collects a fraction of a
 * cent, and a 1-cent reconversion at 5 % costs nothing.
 */
export function reconversionFee(amount: bigint, feeBp: number): bigint {
  return (amount * BigInt(feeBp) + 5000n) / 10000n;
}

export function canOperateCurrency(grants: Grants): boolean {
  return grants.territoryRoles.has('currency_operator');
}

/** Who may move money out of an account: the person themself, or an organisation's representative. */
export function canSpendFrom(grants: Grants, owner: Owner): boolean {
  if (owner.type === 'person') return grants.personId === owner.id;
  if (owner.type === 'organisation') return grants.organisationRoles.get(owner.id) === 'representative';
  return false;
}

/** Who may read an account's balance and statement: its owner, the organisation's members, operators, auditors. */
export function canReadAccount(grants: Grants, owner: Owner): boolean {
  if (grants.territoryRoles.has('currency_operator') || grants.territoryRoles.has('auditor')) return true;
  if (owner.type === 'person') return grants.personId === owner.id;
  if (owner.type === 'organisation') return grants.organisationRoles.has(owner.id);
  return false;
}

export function systemAccountId(kind: SystemAccountKind, unit: string): string {
  return `system:${kind}:${unit}`;
}
