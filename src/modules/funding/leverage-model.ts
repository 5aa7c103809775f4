import { SECURED_STATUSES, type FundingLine, type SourceKind } from './model.js';

// The leverage of public money ("effet de levier"): the euros private and citizen funders commit for
// each euro of public money committed to the Pact's projects. Subsidies and public institutions' grants
// and loans are public money, and so are the own funds of a public body; local savings, crowdfunding,
// CEE (paid by the energy suppliers), local currency and other own funds are private or citizen money.
const PUBLIC_SOURCE_KINDS: ReadonlySet<SourceKind> = new Set(['subsidy', 'public_institution']);

export type LeverageLine = Pick<FundingLine, 'sourceKind' | 'funderOrganisationId' | 'amount' | 'status' | 'grantedOn' | 'receivedOn'>;

export interface PublicMoneyLeverage {
  /** Euro cents of public money committed in the period. */
  publicMoney: bigint;
  /** Euro cents of private and citizen money committed in the period. */
  privateMoney: bigint;
  /** Private euros per public euro, two decimals; null when no public money was committed. */
  ratio: number | null;
}

/** The day a line's money was committed: its grant, or its receipt when it came without one; null while not secured. */
export function committedOn(line: Pick<FundingLine, 'status' | 'grantedOn' | 'receivedOn'>): string | null {
  if (!SECURED_STATUSES.includes(line.status)) return null;
  return line.grantedOn ?? line.receivedOn;
}

export function isPublicMoney(line: Pick<FundingLine, 'sourceKind' | 'funderOrganisationId'>, isPublicBody: (organisationId: string) => boolean): boolean {
  if (PUBLIC_SOURCE_KINDS.has(line.sourceKind)) return true;
  return line.sourceKind === 'own_funds' && line.funderOrganisationId !== null && isPublicBody(line.funderOrganisationId);
}

/** The leverage over the lines committed in [start, end) (ISO dates). Pure; the funding provider of the indicators uses it. */
export function publicMoneyLeverageOf(lines: readonly LeverageLine[], period: { start: string; end: string }, isPublicBody: (organisationId: string) => boolean): PublicMoneyLeverage {
  let publicMoney = 0n;
  let privateMoney = 0n;
  for (const line of lines) {
    const on = committedOn(line);
    if (on === null || on < period.start || on >= period.end) continue;
    if (isPublicMoney(line, isPublicBody)) publicMoney += line.amount;
    else privateMoney += line.amount;
  }
  const ratio = publicMoney > 0n ? Number((privateMoney * 100n + publicMoney / 2n) / publicMoney) / 100 : null;
  return { publicMoney, privateMoney, ratio };
}
