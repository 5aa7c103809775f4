import type { Territory } from '../../territories/model.js';
import type { MetabolismAnalysisService } from '../../metabolism/analysis.js';
import { isValidYear } from '../../metabolism/model.js';
import type { ComputationPeriod, ComputedIndicatorProvider, ComputedValue } from '../computed.js';
import type { PopulationLookup } from './population.js';

export const METABOLISM_INDICATORS = ['dmc_per_inhabitant', 'local_loop_rate'] as const;

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;
const tonnes = (n: number) => `${round(n, 1).toLocaleString('fr-FR')} t`;

const nothing = (footnote: string): ComputedValue[] => METABOLISM_INDICATORS.map((code) => ({ code, value: null, footnote }));

/**
 * The territory's material accounts, read through the metabolism module's analysis (EW-MFA DMC and the
 * local loop rate as its metabolism page shows them). The accounts are kept by calendar year: a year
 * period reads that year's flows; a month has no accounts of its own.
 */
export function metabolismIndicatorProvider(deps: { analysis: MetabolismAnalysisService; population: PopulationLookup }): ComputedIndicatorProvider {
  return {
    module: 'metabolism',
    codes: METABOLISM_INDICATORS,
    async compute(territory: Territory, period: ComputationPeriod): Promise<ComputedValue[]> {
      if (period.period.length !== 4) return nothing('Les comptes de matières sont annuels : ils se calculent pour une année, pas pour un mois.');
      const year = Number(period.period);
      if (!isValidYear(year)) return nothing(`Pas de comptes de matières pour ${year}.`);
      const accounts = await deps.analysis.indicators(territory.slug, year);
      if (accounts.flowCount === 0) return nothing(`Aucun flux de matières enregistré pour ${year}.`);
      const dmc = accounts.total.dmc;
      const population = await deps.population(territory, period.period);
      const loop = accounts.loop;
      return [
        {
          code: 'dmc_per_inhabitant',
          value: population ? round(dmc / population.value, 4) : null,
          footnote: population
            ? `DMC ${year} : ${tonnes(dmc)} (extraction locale ${tonnes(accounts.total.de)} + importations ${tonnes(accounts.total.imp)} − exportations ${tonnes(accounts.total.exp)}) pour ${population.value} habitants (${population.source}).`
            : 'Population inconnue : saisissez l’indicateur « population ».',
        },
        {
          code: 'local_loop_rate',
          value: loop.rate === null ? null : round(loop.rate * 100, 2),
          footnote:
            loop.rate === null
              ? `Aucune sortie d’acteur du territoire enregistrée pour ${year}.`
              : `${tonnes(loop.actorToActor)} reçues par d’autres acteurs du territoire (dont ${tonnes(loop.throughSynergies)} par des synergies en service) sur ${tonnes(loop.actorOutputs)} sorties des acteurs en ${year}.`,
        },
      ];
    },
  };
}
