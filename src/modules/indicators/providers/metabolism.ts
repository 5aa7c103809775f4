import type { Territory } from '../../territories/model.js';
import type { MetabolismAnalysisService } from '../../metabolism/analysis.js';
import { isValidYear } from '../../metabolism/model.js';
import type { ComputationPeriod, ComputedIndicatorProvider, ComputedValue } from '../computed.js';
import { UNKNOWN_POPULATION, type PopulationLookup } from './population.js';
import type { Bilingual } from '../model.js';

export const METABOLISM_INDICATORS = ['dmc_per_inhabitant', 'local_loop_rate'] as const;

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;
const tonnes = (n: number, language: keyof Bilingual = 'fr') => `${round(n, 1).toLocaleString(language === 'fr' ? 'fr-FR' : 'en-GB')} t`;

const nothing = (footnote: Bilingual): ComputedValue[] => METABOLISM_INDICATORS.map((code) => ({ code, value: null, footnote }));

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
      if (period.period.length !== 4) {
        return nothing({ fr: 'Les comptes de matières sont annuels : ils se calculent pour une année, pas pour un mois.', en: 'Material accounts are annual: they are computed for a year, not for a month.' });
      }
      const year = Number(period.period);
      if (!isValidYear(year)) return nothing({ fr: `Pas de comptes de matières pour ${year}.`, en: `No material accounts for ${year}.` });
      const accounts = await deps.analysis.indicators(territory.slug, year);
      if (accounts.flowCount === 0) return nothing({ fr: `Aucun flux de matières enregistré pour ${year}.`, en: `No material flow recorded for ${year}.` });
      const dmc = accounts.total.dmc;
      const population = await deps.population(territory, period.period);
      const loop = accounts.loop;
      return [
        {
          code: 'dmc_per_inhabitant',
          value: population ? round(dmc / population.value, 4) : null,
          footnote: population
            ? {
                fr: `DMC ${year} : ${tonnes(dmc)} (extraction locale ${tonnes(accounts.total.de)} + importations ${tonnes(accounts.total.imp)} − exportations ${tonnes(accounts.total.exp)}) pour ${population.value} habitants (${population.source}).`,
                en: `DMC ${year}: ${tonnes(dmc, 'en')} (domestic extraction ${tonnes(accounts.total.de, 'en')} + imports ${tonnes(accounts.total.imp, 'en')} − exports ${tonnes(accounts.total.exp, 'en')}) for ${population.value} inhabitants (${population.source}).`,
              }
            : UNKNOWN_POPULATION,
        },
        {
          code: 'local_loop_rate',
          value: loop.rate === null ? null : round(loop.rate * 100, 2),
          footnote:
            loop.rate === null
              ? { fr: `Aucune sortie d’acteur du territoire enregistrée pour ${year}.`, en: `No output of the territory’s actors recorded for ${year}.` }
              : {
                  fr: `${tonnes(loop.actorToActor)} reçues par d’autres acteurs du territoire (dont ${tonnes(loop.throughSynergies)} par des synergies en service) sur ${tonnes(loop.actorOutputs)} sorties des acteurs en ${year}.`,
                  en: `${tonnes(loop.actorToActor, 'en')} received by other actors of the territory (${tonnes(loop.throughSynergies, 'en')} of it through running synergies) out of ${tonnes(loop.actorOutputs, 'en')} of actors’ outputs in ${year}.`,
                },
        },
      ];
    },
  };
}
