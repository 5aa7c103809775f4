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

/**
 * Accounts the platform holds for a purpose of another module, one per owner (e.g. a crowdfunding
 * campaign's escrow): owned by `system`, not members, so demurrage and member listings leave them alone.
 */
export const HOLDING_ACCOUNT_KINDS = ['escrow'] as const;
export type HoldingAccountKind = (typeof HOLDING_ACCOUNT_KINDS)[number];

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

// ── time bank, payment requests and the directory of accepting organisations ──────────────────

/** The time bank's directory categories; the web app translates them by code. */
export const TIME_BANK_CATEGORIES = [
  'gardening',
  'repairs',
  'cooking',
  'childcare',
  'transport',
  'computing',
  'language',
  'crafts',
  'care',
  'administration',
  'other',
] as const;
export type TimeBankCategory = (typeof TIME_BANK_CATEGORIES)[number];

export const LISTING_KINDS = ['offer', 'want'] as const;
export type ListingKind = (typeof LISTING_KINDS)[number];

/** `expired`: nobody confirmed within the timeout; the hold on the receiver's hours is released. */
export const EXCHANGE_STATUSES = ['proposed', 'confirmed', 'cancelled', 'expired'] as const;
export type ExchangeStatus = (typeof EXCHANGE_STATUSES)[number];
export type ExchangeSide = 'provider' | 'receiver';

/** A proposal holds the receiver's hours for 30 days at most; TimeOverflow-style banks use a month too. */
export const EXCHANGE_TIMEOUT_SECONDS = 30 * 24 * 60 * 60;

export const PAYMENT_REQUEST_STATUSES = ['open', 'paid', 'cancelled', 'expired'] as const;
export type PaymentRequestStatus = (typeof PAYMENT_REQUEST_STATUSES)[number];

/** Categories of the directory of organisations that accept the currency (as Eusko or Gonette sites list them). */
export const ACCEPTANCE_CATEGORIES = ['food', 'shops', 'services', 'crafts', 'culture', 'health', 'transport', 'energy', 'other'] as const;
export type AcceptanceCategory = (typeof ACCEPTANCE_CATEGORIES)[number];

export function sameOwner(a: Owner, b: Owner): boolean {
  return a.type === b.type && a.id === b.id;
}

/** Client-chosen ids (Idempotency-Key): the same shape every money-moving call accepts. */
export function isValidIdempotencyKey(key: string): boolean {
  return /^[A-Za-z0-9._:-]{8,100}$/.test(key);
}

/** A status that lapses with time: stored `open`/`proposed` past its expiry reads as `expired`. */
export function isExpired(expiresAt: string | null, now: Date): boolean {
  return expiresAt !== null && now.getTime() > Date.parse(expiresAt);
}

/**
 * Who may act for a member in the time bank and in payments: the person themself if they joined this
 * territory, or a representative of the organisation (organisation roles are per territory already).
 */
export function canActFor(grants: Grants, owner: Owner): boolean {
  if (owner.type === 'person' && !grants.citizen) return false;
  return canSpendFrom(grants, owner);
}

/** The side of an exchange the actor speaks for; `both` when they represent both parties. */
export function exchangeSideOf(grants: Grants, provider: Owner, receiver: Owner): ExchangeSide | 'both' | null {
  const forProvider = canActFor(grants, provider);
  const forReceiver = canActFor(grants, receiver);
  if (forProvider && forReceiver) return 'both';
  return forProvider ? 'provider' : forReceiver ? 'receiver' : null;
}

/**
 * Both sides confirm an exchange: the side that did not propose, through someone other than the person
 * who proposed (a representative cannot confirm with their own organisation's hand what they proposed).
 */
export function mayConfirmExchange(
  grants: Grants,
  exchange: { provider: Owner; receiver: Owner; proposerSide: ExchangeSide; proposedBy: string | null },
): 'yes' | 'not_a_party' | 'own_proposal' {
  const side = exchangeSideOf(grants, exchange.provider, exchange.receiver);
  if (side === null) return 'not_a_party';
  const otherSide: ExchangeSide = exchange.proposerSide === 'provider' ? 'receiver' : 'provider';
  if ((side !== otherSide && side !== 'both') || grants.personId === exchange.proposedBy) return 'own_proposal';
  return 'yes';
}

/** Either party may withdraw an exchange before it is confirmed. */
export function mayCancelExchange(grants: Grants, exchange: { provider: Owner; receiver: Owner }): boolean {
  return exchangeSideOf(grants, exchange.provider, exchange.receiver) !== null;
}

/** The parties (and the operators and auditors, who read every account) see an exchange. */
export function maySeeExchange(grants: Grants, exchange: { provider: Owner; receiver: Owner }): boolean {
  return canReadAccount(grants, exchange.provider) || canReadAccount(grants, exchange.receiver);
}

/** The owner closes their listing; the currency operator moderates the directory. */
export function mayCloseListing(grants: Grants, owner: Owner): boolean {
  return canActFor(grants, owner) || canOperateCurrency(grants);
}

/** A payee asks for money: a person for themself, an organisation through any member (a cashier is staff). */
export function mayRequestPayment(grants: Grants, payee: Owner): boolean {
  if (payee.type === 'person') return grants.citizen && grants.personId === payee.id;
  if (payee.type === 'organisation') return grants.organisationRoles.has(payee.id);
  return false;
}

/**
 * Who paid is shown to whoever may read the payee's account (its statement names the payer's account
 * anyway) and to the payer; a passer-by holding the link sees only amount, payee and status.
 */
export function maySeePayer(grants: Grants, payee: Owner, payer: Owner | null): boolean {
  return canReadAccount(grants, payee) || (payer !== null && canReadAccount(grants, payer));
}

/**
 * An organisation's representative says whether it accepts the currency; so may the currency operator,
 * since the issuing association usually signs professionals up (Eusko, Gonette).
 */
export function maySetCurrencyAcceptance(grants: Grants, organisationId: string): boolean {
  return grants.organisationRoles.get(organisationId) === 'representative' || canOperateCurrency(grants);
}

const includes = <T extends string>(list: readonly T[], value: string): value is T => (list as readonly string[]).includes(value);

export function validateListing(input: { kind: string; category: string; title: string; description: string }): FieldError[] {
  const errors: FieldError[] = [];
  if (!includes(LISTING_KINDS, input.kind)) errors.push({ field: 'kind', code: 'invalid_kind', message: 'A listing is an offer or a want.' });
  if (!includes(TIME_BANK_CATEGORIES, input.category)) {
    errors.push({ field: 'category', code: 'invalid_category', message: `The category is one of ${TIME_BANK_CATEGORIES.join(', ')}.` });
  }
  const title = input.title.trim();
  if (title.length < 3 || title.length > 120) errors.push({ field: 'title', code: 'invalid_length', message: 'The title has 3 to 120 characters.' });
  if (input.description.length > 2000) errors.push({ field: 'description', code: 'too_long', message: 'The description has at most 2,000 characters.' });
  return errors;
}

/** An exchange made from a listing is between its owner and someone else, on the listing's side. */
export function listingFitsExchange(listing: { kind: ListingKind; owner: Owner; status: string }, provider: Owner, receiver: Owner): boolean {
  if (listing.status !== 'open') return false;
  return listing.kind === 'offer' ? sameOwner(listing.owner, provider) : sameOwner(listing.owner, receiver);
}

export function validateExchangeProposal(input: { provider: Owner; receiver: Owner; minutes: bigint; note: string | null }): FieldError[] {
  const errors: FieldError[] = [];
  if (sameOwner(input.provider, input.receiver)) errors.push({ field: 'receiver', code: 'same_account', message: 'Provider and receiver are the same.' });
  if (input.minutes <= 0n) errors.push({ field: 'minutes', code: 'amount_must_be_positive', message: 'An exchange lasts at least one minute.' });
  if (input.note !== null && input.note.length > 500) errors.push({ field: 'note', code: 'too_long', message: 'The note has at most 500 characters.' });
  return errors;
}

export function validatePaymentRequest(input: { amount: bigint; memo: string | null; expiresAt: string | null }, now: Date): FieldError[] {
  const errors: FieldError[] = [];
  if (input.amount <= 0n) errors.push({ field: 'amount', code: 'amount_must_be_positive', message: 'The amount is a positive number of cents.' });
  if (input.memo !== null && input.memo.length > 500) errors.push({ field: 'memo', code: 'too_long', message: 'The memo has at most 500 characters.' });
  if (input.expiresAt !== null && (Number.isNaN(Date.parse(input.expiresAt)) || Date.parse(input.expiresAt) <= now.getTime())) {
    errors.push({ field: 'expiresAt', code: 'expiry_in_the_past', message: 'The expiry is a date and time in the future.' });
  }
  return errors;
}

export function validateAcceptance(input: { accepts: boolean; category: string | null; note: string | null }): FieldError[] {
  const errors: FieldError[] = [];
  if (input.category !== null && !includes(ACCEPTANCE_CATEGORIES, input.category)) {
    errors.push({ field: 'category', code: 'invalid_category', message: `The category is one of ${ACCEPTANCE_CATEGORIES.join(', ')}.` });
  } else if (input.accepts && input.category === null) {
    errors.push({ field: 'category', code: 'required', message: 'An organisation that accepts the currency chooses a category for the directory.' });
  }
  if (input.note !== null && input.note.length > 500) errors.push({ field: 'note', code: 'too_long', message: 'The note has at most 500 characters.' });
  return errors;
}
