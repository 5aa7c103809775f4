import type { TFunction } from 'i18next';
import type { FundingLine, FundingStatus, SourceKind } from '../../../funding-contract';
import type { Format } from '../../../format';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

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

/** A percentage with one decimal (the server's rounding), written the interface language's way: "73,8 %", "73.8%". */
export function usePercent(): (value: number | null) => string {
  const { i18n } = useTranslation();
  return useMemo(() => {
    const percent = new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 1 });
    return (value) => (value === null ? '—' : percent.format(value / 100));
  }, [i18n.language]);
}
