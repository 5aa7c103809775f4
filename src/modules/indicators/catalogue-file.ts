import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../config.js';
import { normaliseDefinition, validateDefinition, type DefinitionInput, type IndicatorDefinition } from './model.js';

/** The catalogue shipped with the product, with its sources: it seeds each territory's own catalogue. */
export const SHIPPED_CATALOGUE_FILE = path.join(projectRoot, 'data', 'indicators', 'catalogue.json');

let shipped: IndicatorDefinition[] | undefined;

/** Read once and checked with the same rule as the API: a wrong entry in the file stops the process. */
export function shippedCatalogue(): IndicatorDefinition[] {
  if (!shipped) {
    const file = JSON.parse(fs.readFileSync(SHIPPED_CATALOGUE_FILE, 'utf8')) as { indicators: DefinitionInput[] };
    const errors = file.indicators.flatMap((d, i) => validateDefinition(d, `indicators[${i}].`));
    const codes = file.indicators.map((d) => d.code);
    const repeated = codes.filter((c, i) => codes.indexOf(c) !== i);
    if (errors.length > 0 || repeated.length > 0) {
      throw new Error(`${SHIPPED_CATALOGUE_FILE} is not valid: ${[...errors.map((e) => `${e.field}: ${e.message}`), ...repeated.map((c) => `${c} appears twice`)].join('; ')}`);
    }
    shipped = file.indicators.map(normaliseDefinition);
  }
  return shipped;
}
