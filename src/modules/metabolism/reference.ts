import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { projectRoot } from '../../config.js';
import type { MaterialCategory, MetabolismReference, Substitution, WasteCode } from './model.js';

// The European List of Waste, the EW-MFA categories, the mapping between them and the substitution
// table are shipped as CSV in data/ (see data/README.md for their sources). Read once, on first use.
const dataDir = path.join(projectRoot, 'data');

function readCsv(file: string): Record<string, string>[] {
  return parse(fs.readFileSync(path.join(dataDir, file), 'utf8'), { columns: true, skip_empty_lines: true, trim: true });
}

interface Loaded {
  codes: Map<string, WasteCode>;
  categories: Map<string, MaterialCategory>;
  mapping: Map<string, string>;
  substitutions: Map<string, Substitution[]>;
}

let loaded: Loaded | undefined;

function load(): Loaded {
  if (loaded) return loaded;
  const english = new Map(readCsv('list-of-waste.en.csv').map((r) => [r.code!, r.label_en!]));
  const codes = new Map<string, WasteCode>(
    readCsv('list-of-waste.fr.csv').map((r) => [
      r.code!,
      {
        code: r.code!,
        level: Number(r.level) as 1 | 2 | 3,
        parent: r.parent || null,
        hazardous: r.hazardous === 'true',
        labelFr: r.label_fr!,
        labelEn: english.get(r.code!) ?? r.label_fr!,
      },
    ]),
  );
  const categories = new Map<string, MaterialCategory>(
    readCsv('ew-mfa-categories.csv').map((r) => [
      r.code!,
      { code: r.code!, parent: r.parent || null, tradeOnly: r.trade_only === 'true', labelFr: r.label_fr!, labelEn: r.label_en! },
    ]),
  );
  const mapping = new Map(readCsv('waste-categories.csv').map((r) => [r.waste_code!, r.category!]));
  const substitutions = new Map<string, Substitution[]>();
  for (const r of readCsv('waste-substitutions.csv')) {
    const s: Substitution = { offered: r.offered!, accepted: r.accepted!, factor: Number(r.factor), reason: r.reason! };
    substitutions.set(s.offered, [...(substitutions.get(s.offered) ?? []), s]);
  }
  loaded = { codes, categories, mapping, substitutions };
  return loaded;
}

export const metabolismReference: MetabolismReference = {
  wasteCode: (code) => load().codes.get(code),
  wasteCodes: () => [...load().codes.values()],
  category: (code) => load().categories.get(code),
  categories: () => [...load().categories.values()],
  categoryOfWaste(code) {
    const { mapping } = load();
    // The most precise row wins: the entry, then its sub-chapter, then its chapter.
    return mapping.get(code) ?? mapping.get(code.slice(0, 5)) ?? mapping.get(code.slice(0, 2)) ?? null;
  },
  substitutionsOf: (code) => load().substitutions.get(code) ?? [],
};
