import type { Territory } from '../../territories/model.js';
import type { TerritoriesService } from '../../territories/service.js';
import { formatEuros, type FundingService } from '../../funding/service.js';
import { publicMoneyLeverageOf } from '../../funding/leverage-model.js';
import type { ComputationPeriod, ComputedIndicatorProvider, ComputedValue } from '../computed.js';

export const FUNDING_INDICATORS = ['public_money_leverage'] as const;

/** Cents as an English reader writes euros: €4,200,000.00. */
const euros = (cents: bigint) => `${cents < 0n ? '−' : ''}€${(Number(cents < 0n ? -cents : cents) / 100).toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/**
 * Leverage of public money, from the funding plans of the Pact's task forces and projects: the money
 * committed (granted, or received without a grant) in the period, split as the funding module's
 * leverage model says (funding/leverage-model.ts).
 */
export function fundingIndicatorProvider(deps: { funding: FundingService; territories: TerritoriesService }): ComputedIndicatorProvider {
  return {
    module: 'funding',
    codes: FUNDING_INDICATORS,
    async compute(territory: Territory, period: ComputationPeriod): Promise<ComputedValue[]> {
      const lines = await deps.funding.lines(territory.slug);
      const publicBodies = new Set<string>();
      for (const id of new Set(lines.flatMap((l) => (l.sourceKind === 'own_funds' && l.funderOrganisationId ? [l.funderOrganisationId] : [])))) {
        if ((await deps.territories.getOrganisation(territory.slug, id)).kind === 'public_body') publicBodies.add(id);
      }
      const leverage = publicMoneyLeverageOf(lines, period, (id) => publicBodies.has(id));
      const between = { fr: `entre le ${period.start} et le ${period.end}`, en: `between ${period.start} and ${period.end}` };
      return [
        {
          code: 'public_money_leverage',
          value: leverage.ratio,
          footnote:
            leverage.ratio === null
              ? { fr: `Aucun argent public engagé dans les projets du Pacte ${between.fr}.`, en: `No public money committed to the Pact’s projects ${between.en}.` }
              : {
                  fr: `${formatEuros(leverage.privateMoney)} d’apports privés et citoyens pour ${formatEuros(leverage.publicMoney)} d’argent public, engagés (accordés ou reçus) ${between.fr}.`,
                  en: `${euros(leverage.privateMoney)} of private and citizen money for ${euros(leverage.publicMoney)} of public money, committed (granted or received) ${between.en}.`,
                },
        },
      ];
    },
  };
}
