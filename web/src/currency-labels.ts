import type { TFunction } from 'i18next';
import { translateOr } from './i18n';

/** What a transfer was (payment, issuance, salary share…), in the interface language. */
export function transferKindName(t: TFunction, kind: string): string {
  return translateOr(t, `ledger.kinds.${kind}`, kind);
}

export function accountStatusName(t: TFunction, status: string): string {
  return translateOr(t, `ledger.statuses.${status}`, status);
}

export function paymentRequestStatusName(t: TFunction, status: string): string {
  return translateOr(t, `paymentRequest.statuses.${status}`, status);
}

export function exchangeStatusName(t: TFunction, status: string): string {
  return translateOr(t, `timeBank.exchangeStatuses.${status}`, status);
}
