import type { Territory } from '../../territories/model.js';
import type { TerritoriesService } from '../../territories/service.js';
import { formatEuros, type FundingService } from '../../funding/service.js';
import { publicMoneyLeverageOf } from '../../funding/leverage-model.js';
import type { ComputationPeriod, ComputedIndicatorProvider, ComputedValue } from '../computed.js';

export const FUNDING_INDICATORS = ['public_money_leverage'] as const;

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
      const between = `entre le ${period.start} et le ${period.end}`;
      return [
        {
          code: 'public_money_leverage',
          value: leverage.ratio,
          footnote:
            leverage.ratio === null
              ? `Aucun argent public engagé dans les projets du Pacte ${between}.`
              : `${formatEuros(leverage.privateMoney)} d’apports privés et citoyens pour ${formatEuros(leverage.publicMoney)} d’argent public, engagés (accordés ou reçus) ${between}.`,
        },
      ];
    },
  };
}
