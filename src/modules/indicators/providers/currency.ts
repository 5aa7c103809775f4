import { sql } from 'kysely';
import type { Executor } from '../../../platform/db/transaction.js';
import type { Territory } from '../../territories/model.js';
import { accountingRepository } from '../../currency/accounting-repository.js';
import { systemAccountId } from '../../currency/model.js';
import type { ComputationPeriod, ComputedIndicatorProvider, ComputedValue } from '../computed.js';
import { UNKNOWN_POPULATION, type PopulationLookup } from './population.js';

export const CURRENCY_INDICATORS = ['currency_circulation', 'currency_circulation_per_inhabitant', 'currency_velocity', 'salary_share_converted'] as const;

const PAGE = 5000;
const units = (minor: bigint) => Number(minor) / 100;
const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;
const midnight = (date: string) => `${date}T00:00:00.000Z`;

/**
 * The local currency's indicators, read from the ledger without writing to it. Circulation at an
 * instant is what the issuance account has put out and not taken back before it; velocity is the
 * members' payments over the period divided by the mean of the circulation at its start and end.
 */
export function currencyIndicatorProvider(deps: { db: Executor; population: PopulationLookup }): ComputedIndicatorProvider {
  const circulationBefore = async (territory: Territory, instant: string): Promise<bigint> => {
    const moves = await accountingRepository.netMovements(deps.db, territory.id, { units: [territory.currencyCode], before: instant });
    return -(moves.get(systemAccountId('issuance', territory.currencyCode)) ?? 0n);
  };

  const paymentsBetween = async (territory: Territory, from: string, to: string): Promise<bigint> => {
    let total = 0n;
    let after: { createdAt: string; id: string } | undefined;
    for (;;) {
      const page = await accountingRepository.transfersBetween(deps.db, territory.id, { units: [territory.currencyCode], from, to, limit: PAGE, ...(after ? { after } : {}) });
      for (const t of page) if (t.kind === 'payment') total += t.amount;
      if (page.length < PAGE) return total;
      const last = page[page.length - 1]!;
      after = { createdAt: last.createdAt, id: last.id };
    }
  };

  // The payroll runs' totals have no reader in the currency module yet; a read-only query of its table
  // until one exists there.
  const payrollTotals = async (territory: Territory, period: ComputationPeriod) => {
    const months = period.period.length === 4 ? `${period.period}-%` : period.period;
    const row = await deps.db
      .selectFrom('payroll_runs')
      .select([sql<bigint>`cast(coalesce(sum(total_net), 0) as bigint)`.as('net'), sql<bigint>`cast(coalesce(sum(total_converted), 0) as bigint)`.as('converted')])
      .where('territory_id', '=', territory.id)
      .where('period', 'like', months)
      .executeTakeFirstOrThrow();
    return { net: BigInt(row.net), converted: BigInt(row.converted) };
  };

  return {
    module: 'currency',
    codes: CURRENCY_INDICATORS,
    async compute(territory, period): Promise<ComputedValue[]> {
      const code = territory.currencyCode;
      const start = await circulationBefore(territory, midnight(period.start));
      const end = await circulationBefore(territory, midnight(period.end));
      const payments = await paymentsBetween(territory, midnight(period.start), midnight(period.end));
      // Nothing issued before or during the period, nothing paid: the currency was not running yet, so no value rather than zeros.
      if (start === 0n && end === 0n && payments === 0n) {
        return CURRENCY_INDICATORS.map((indicator) => ({ code: indicator, value: null, footnote: { fr: `Le ${code} ne circulait pas encore.`, en: `The ${code} was not in circulation yet.` } }));
      }
      const population = await deps.population(territory, period.period);
      const payroll = await payrollTotals(territory, period);
      const meanCirculation = (start + end) / 2n;
      return [
        {
          code: 'currency_circulation',
          value: units(end),
          footnote: { fr: `${code} en circulation le ${period.end} à 0 h (émis moins reconverti).`, en: `${code} in circulation on ${period.end} at midnight (issued minus converted back).` },
        },
        {
          code: 'currency_circulation_per_inhabitant',
          value: population ? round(units(end) / population.value, 4) : null,
          footnote: population
            ? { fr: `${units(end)} ${code} pour ${population.value} habitants (${population.source}).`, en: `${units(end)} ${code} for ${population.value} inhabitants (${population.source}).` }
            : UNKNOWN_POPULATION,
        },
        {
          code: 'currency_velocity',
          value: meanCirculation > 0n ? round(Number(payments) / Number(meanCirculation), 4) : null,
          footnote: {
            fr: `Paiements entre membres : ${units(payments)} ${code} ; circulation moyenne : ${units(meanCirculation)} ${code} (début ${units(start)}, fin ${units(end)}).`,
            en: `Payments between members: ${units(payments)} ${code}; mean circulation: ${units(meanCirculation)} ${code} (start ${units(start)}, end ${units(end)}).`,
          },
        },
        {
          code: 'salary_share_converted',
          value: payroll.net > 0n ? round((Number(payroll.converted) / Number(payroll.net)) * 100, 2) : null,
          footnote: {
            fr: `Salaires nets convertis : ${units(payroll.converted)} € sur ${units(payroll.net)} € de paie passée en conversion.`,
            en: `Net salaries converted: €${units(payroll.converted)} of €${units(payroll.net)} of payroll run through conversion.`,
          },
        },
      ];
    },
  };
}
