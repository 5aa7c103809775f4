import type { Territory } from '../../territories/model.js';

export interface PopulationFigure {
  value: number;
  source: string;
}

/** The population a per-inhabitant indicator divides by, for a period; null when nobody knows it. */
export type PopulationLookup = (territory: Territory, period: string) => Promise<PopulationFigure | null>;

/** The footnote of a per-inhabitant value nobody can divide yet. */
export const UNKNOWN_POPULATION = {
  fr: 'Population inconnue : saisissez l’indicateur « population ».',
  en: 'Population unknown: enter the “population” indicator.',
} as const;
