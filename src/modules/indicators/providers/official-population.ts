import { createRequire } from 'node:module';
import type { Territory } from '../../territories/model.js';

// The INSEE legal populations shipped in @etalab/decoupage-administratif (the same package the
// territories module reads its geography from): EPCI carry their municipal population, communes theirs.
const require = createRequire(import.meta.url);

interface CogCommune {
  code: string;
  type: string;
  departement?: string;
  region?: string;
  population?: number;
}
interface CogEpci {
  code: string;
  populationMunicipale?: number;
}

let communes: CogCommune[] | undefined;
let epcis: Map<string, CogEpci> | undefined;

const allCommunes = () => (communes ??= (require('@etalab/decoupage-administratif/data/communes.json') as CogCommune[]).filter((c) => c.type === 'commune-actuelle'));

/** The territory's municipal population in the official geography, when the package knows it. */
export function officialPopulation(territory: Pick<Territory, 'level' | 'inseeCode'>): number | null {
  switch (territory.level) {
    case 'epci':
      epcis ??= new Map((require('@etalab/decoupage-administratif/data/epci.json') as CogEpci[]).map((e) => [e.code, e]));
      return epcis.get(territory.inseeCode)?.populationMunicipale ?? null;
    case 'commune':
      return allCommunes().find((c) => c.code === territory.inseeCode)?.population ?? null;
    case 'departement':
    case 'region': {
      const key = territory.level;
      const members = allCommunes().filter((c) => c[key] === territory.inseeCode);
      return members.length > 0 ? members.reduce((sum, c) => sum + (c.population ?? 0), 0) : null;
    }
  }
}

export const OFFICIAL_POPULATION_SOURCE = 'INSEE, populations légales (via @etalab/decoupage-administratif)';
