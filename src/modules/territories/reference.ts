import { createRequire } from 'node:module';
import type { OrganisationReference, TerritoryLevel } from './model.js';

// Official reference lists, shipped by maintained packages: the French administrative geography
// (Etalab, from INSEE's COG) and the NAF rév. 2 nomenclature (SocialGouv, from INSEE).
const require = createRequire(import.meta.url);

interface CogCommune {
  code: string;
  nom: string;
  type: string;
  departement?: string;
  region?: string;
}
interface CogEpci {
  code: string;
  nom: string;
  membres: { code: string; nom: string }[];
}
interface CogArea {
  code: string;
  nom: string;
}
interface NafEntry {
  id: string;
  label: string;
}

export interface Commune {
  code: string;
  name: string;
}

export interface GeographicArea {
  level: TerritoryLevel;
  inseeCode: string;
  name: string;
  communes: Commune[];
}

interface Geography {
  communes: Map<string, CogCommune>;
  epcis: Map<string, CogEpci>;
  departements: Map<string, CogArea>;
  regions: Map<string, CogArea>;
}

// 12 MB of JSON: loaded on first use, not at start, and kept for the process.
let geography: Geography | undefined;
function loadGeography(): Geography {
  if (!geography) {
    const communes = (require('@etalab/decoupage-administratif/data/communes.json') as CogCommune[]).filter(
      (c) => c.type === 'commune-actuelle',
    );
    geography = {
      communes: new Map(communes.map((c) => [c.code, c])),
      epcis: new Map((require('@etalab/decoupage-administratif/data/epci.json') as CogEpci[]).map((e) => [e.code, e])),
      departements: new Map((require('@etalab/decoupage-administratif/data/departements.json') as CogArea[]).map((d) => [d.code, d])),
      regions: new Map((require('@etalab/decoupage-administratif/data/regions.json') as CogArea[]).map((r) => [r.code, r])),
    };
  }
  return geography;
}

let naf: Map<string, string> | undefined;
function loadNaf(): Map<string, string> {
  // Only sub-classes (`62.01Z`) identify an activity; sections, divisions and groups do not.
  naf ??= new Map(
    (require('@socialgouv/codes-naf/index.json') as NafEntry[]).filter((e) => /^\d{2}\.\d{2}[A-Z]$/.test(e.id)).map((e) => [e.id, e.label]),
  );
  return naf;
}

const byName = (a: Commune, b: Commune) => a.name.localeCompare(b.name, 'fr');

/** The official area behind a territory's INSEE code at its level, with its current communes. */
export function findGeographicArea(level: TerritoryLevel, inseeCode: string): GeographicArea | undefined {
  const geo = loadGeography();
  const communesWhere = (keep: (c: CogCommune) => boolean) =>
    [...geo.communes.values()].filter(keep).map((c) => ({ code: c.code, name: c.nom })).sort(byName);
  switch (level) {
    case 'commune': {
      const c = geo.communes.get(inseeCode);
      return c && { level, inseeCode, name: c.nom, communes: [{ code: c.code, name: c.nom }] };
    }
    case 'epci': {
      const e = geo.epcis.get(inseeCode);
      return e && { level, inseeCode, name: e.nom, communes: e.membres.map((m) => ({ code: m.code, name: m.nom })).sort(byName) };
    }
    case 'departement': {
      const d = geo.departements.get(inseeCode);
      return d && { level, inseeCode, name: d.nom, communes: communesWhere((c) => c.departement === inseeCode) };
    }
    case 'region': {
      const r = geo.regions.get(inseeCode);
      return r && { level, inseeCode, name: r.nom, communes: communesWhere((c) => c.region === inseeCode) };
    }
  }
}

export const officialReference: OrganisationReference = {
  nafLabel: (code) => loadNaf().get(code),
  communeName: (inseeCode) => loadGeography().communes.get(inseeCode)?.nom,
};

/** NAF sub-classes whose code or label contains the query (accents and case ignored). */
export function searchNaf(query: string, limit: number): { code: string; label: string }[] {
  const fold = (s: string) => s.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();
  const q = fold(query.trim());
  const results: { code: string; label: string }[] = [];
  for (const [code, label] of loadNaf()) {
    if (q === '' || code.replace('.', '').toLowerCase().startsWith(q.replace('.', '')) || fold(label).includes(q)) {
      results.push({ code, label });
      if (results.length >= limit) break;
    }
  }
  return results;
}
