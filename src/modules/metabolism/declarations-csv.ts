import type { FieldError } from '../../platform/errors.js';
import { readCsvRecords, type Endpoint, type ImportedFlowRow, type OrganisationLookup } from './flows-csv.js';

// Waste-production declarations shaped like those of the French pollutant-release register (GEREP,
// published as iREP: arrêté du 31 janvier 2008): each establishment declares, per waste code, the
// tonnes produced and what became of them — the R/D operation of the Waste Framework Directive
// (2008/98/EC, annexes I and II) and where it took place.

export const DECLARATION_CSV_COLUMNS = [
  'siret',
  'annee',
  'code_dechet',
  'libelle_dechet',
  'quantite_t',
  'incertitude_t',
  'code_operation',
  'destination_siret',
  'destination_commune',
  'destination_pays',
] as const;

/** A declared quantity is weighed; without a stated uncertainty we take 5 % (one standard deviation). */
export const DECLARED_RELATIVE_UNCERTAINTY = 0.05;

const OPERATION = /^(R(1[0-3]|[1-9])|D(1[0-5]|[1-9]))$/;

/**
 * Where a declared waste goes inside the territory when the receiving site is not one of its
 * organisations: deposit and release (D1–D7, D12) leave the economy into the environment (DPO);
 * other operations are local processes, unbalanced since their outputs are not declared here.
 */
export function localTreatmentOf(operation: string): Endpoint {
  if (/^D([1-7]|12)$/.test(operation)) return { kind: 'boundary', boundary: 'environment' };
  if (operation === 'R1') return { kind: 'process', name: 'Valorisation énergétique (R1)', nafSection: 'E', balanced: false };
  if (operation.startsWith('R')) return { kind: 'process', name: 'Valorisation matière (R2–R13)', nafSection: 'E', balanced: false };
  return { kind: 'process', name: 'Traitement avant élimination (D8–D15)', nafSection: 'E', balanced: false };
}

/** The receiving end: an organisation of the territory, a local treatment, abroad, or the rest of France. */
function destinationOf(r: Record<string, string>, operation: string, organisations: OrganisationLookup, isLocalCommune: (insee: string) => boolean): Endpoint | { error: FieldError } {
  const siret = (r.destination_siret ?? '').replace(/[\s.]/g, '');
  const country = (r.destination_pays ?? '').trim().toUpperCase();
  const commune = (r.destination_commune ?? '').trim();
  if (siret) {
    const id = organisations.bySiret(siret);
    if (id) return { kind: 'actor', organisationId: id };
  }
  if (country && !/^[A-Z]{2}$/.test(country)) {
    return { error: { field: 'destination_pays', code: 'invalid_country', message: 'destination_pays is a two-letter ISO 3166 code (FR, BE, DE…).' } };
  }
  if (country && country !== 'FR') return { kind: 'boundary', boundary: 'abroad' };
  if (commune && isLocalCommune(commune)) return localTreatmentOf(operation);
  if (!commune && !country && !siret) {
    return { error: { field: 'destination_commune', code: 'unknown_destination', message: 'Give the destination: destination_siret, destination_commune or destination_pays.' } };
  }
  return { kind: 'boundary', boundary: 'rest_of_country' };
}

/**
 * One flow per declaration row: from the declaring establishment (an organisation of the territory, by
 * SIRET) to its destination, measured, with the declared uncertainty or 5 %.
 */
export function parseDeclarationsCsv(
  csv: string,
  year: number,
  organisations: OrganisationLookup,
  isLocalCommune: (insee: string) => boolean,
): { rows: ImportedFlowRow[]; errors: FieldError[] } {
  const records = readCsvRecords(csv, DECLARATION_CSV_COLUMNS, ['siret', 'code_dechet', 'quantite_t', 'code_operation']);
  const errors: FieldError[] = [];
  const rows: ImportedFlowRow[] = [];
  records.forEach((r, index) => {
    const row = index + 1;
    const siret = (r.siret ?? '').replace(/[\s.]/g, '');
    const producer = organisations.bySiret(siret);
    if (!producer) errors.push({ field: 'siret', code: 'unknown_siret', message: `No organisation of this territory has SIRET ${siret || '(empty)'}.`, row });
    if (r.annee && r.annee.trim() !== String(year)) errors.push({ field: 'annee', code: 'other_year', message: `The declaration is for ${r.annee}, the import for ${year}.`, row });
    const operation = (r.code_operation ?? '').trim().toUpperCase().replace(/\s/g, '');
    if (!OPERATION.test(operation)) errors.push({ field: 'code_operation', code: 'invalid_operation', message: 'code_operation is a recovery (R1–R13) or disposal (D1–D15) operation.', row });
    const destination = OPERATION.test(operation) ? destinationOf(r, operation, organisations, isLocalCommune) : undefined;
    if (destination && 'error' in destination) errors.push({ ...destination.error, row });
    if (!producer || !destination || 'error' in destination) return;
    const tonnes = Number((r.quantite_t ?? '').replace(',', '.'));
    const stated = r.incertitude_t?.trim();
    rows.push({
      row,
      from: { kind: 'actor', organisationId: producer },
      to: destination,
      input: {
        wasteCode: r.code_dechet,
        tonnes: r.quantite_t,
        uncertainty: stated ? stated : Number.isFinite(tonnes) && tonnes > 0 ? String(tonnes * DECLARED_RELATIVE_UNCERTAINTY) : undefined,
        method: 'measured',
        source: `Déclaration GEREP ${year} (${operation})`,
      },
    });
  });
  return { rows, errors };
}

/** CSV column of each field of a flow, for errors in the words of the declarations file. */
export const DECLARATION_FIELD_COLUMNS: Record<string, string> = {
  wasteCode: 'code_dechet',
  tonnes: 'quantite_t',
  uncertainty: 'incertitude_t',
  fromNodeId: 'siret',
  toNodeId: 'destination_siret',
};
