import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../config.js';
import { normaliseReferential, validateReferential, type ReferentialDocument } from './referential-model.js';

/** The first referential shipped with the product (data/certificates/referential-v1.json), checked like any other. */
export const DEFAULT_REFERENTIAL_FILE = path.join(projectRoot, 'data', 'certificates', 'referential-v1.json');

let cached: ReferentialDocument | undefined;

export function defaultReferential(): ReferentialDocument {
  if (cached) return cached;
  const document = JSON.parse(fs.readFileSync(DEFAULT_REFERENTIAL_FILE, 'utf8')) as unknown;
  const errors = validateReferential(document);
  if (errors.length > 0) throw new Error(`${DEFAULT_REFERENTIAL_FILE} is not a valid referential: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`);
  cached = normaliseReferential(document as ReferentialDocument);
  return cached;
}
