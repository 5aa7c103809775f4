import type { TFunction } from 'i18next';
import type { FundingLine, FundingStatus, SourceKind } from '../../../funding-contract';
import type { Format } from '../../../format';

/** A source in words, with the instrument of a public institution (grant or loan). */
export function sourceName(t: TFunction, line: Pick<FundingLine, 'sourceKind' | 'instrument'>): string {
  const kind = t(`funding.sourceKinds.${line.sourceKind}`);
  return line.instrument ? t('funding.plan.withInstrument', { kind, instrument: t(`funding.instruments.${line.instrument}`) }) : kind;
}

export const kindName = (t: TFunction, kind: SourceKind): string => t(`funding.sourceKinds.${kind}`);

/** The date each status was reached. */
const statusDateOf = (line: FundingLine, status: FundingStatus): string | null =>
  ({ planned: line.plannedOn, requested: line.requestedOn, granted: line.grantedOn, received: line.receivedOn, refused: line.refusedOn })[status];

/** "Accordé le 3 mars 2026": the status in words, with the day it was reached. */
export function statusWithDate(t: TFunction, format: Format, line: FundingLine): string {
  const day = statusDateOf(line, line.status);
  const status = t(`funding.statuses.${line.status}`);
  return day ? t('funding.plan.statusOn', { status, date: format.day(day) }) : status;
}

/** Percent with one decimal as the server computes it, written in the interface language. */
export function percentText(format: Format, value: number | null): string {
  return value === null ? '—' : `${format.decimal(Math.round(value * 10) / 10)}\u00a0%`;
}
