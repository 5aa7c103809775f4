import type { FieldError } from '../../platform/errors.js';

export const ORGANISATION_KINDS = ['public_body', 'business', 'association', 'cooperative', 'citizen_collective'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export const TERRITORY_LEVELS = ['commune', 'epci', 'departement', 'region'] as const;
export type TerritoryLevel = (typeof TERRITORY_LEVELS)[number];

export const TERRITORY_ROLES = ['facilitator', 'currency_operator', 'auditor'] as const;
export type TerritoryRole = (typeof TERRITORY_ROLES)[number];

export const ORGANISATION_ROLES = ['representative', 'staff'] as const;
export type OrganisationRole = (typeof ORGANISATION_ROLES)[number];

export interface Territory {
  id: string;
  slug: string;
  name: string;
  inseeCode: string;
  level: TerritoryLevel;
  currencyCode: string;
  currencyName: string;
}

export interface Organisation {
  id: string;
  name: string;
  kind: OrganisationKind;
  siret: string | null;
  nafCode: string | null;
  address: string | null;
  communeInsee: string | null;
  latitude: number | null;
  longitude: number | null;
  createdAt: string;
  /** Set when the partner left the territory's network; a closed organisation is kept, never deleted. */
  closedAt: string | null;
}

/** What a person may do in one territory, computed once per use case and checked by each module's policy. */
export interface Grants {
  readonly personId: string | null;
  readonly citizen: boolean;
  readonly territoryRoles: ReadonlySet<TerritoryRole>;
  /** organisation id → role, limited to the token's organisation when the request uses a scoped token. */
  readonly organisationRoles: ReadonlyMap<string, OrganisationRole>;
}

export const noGrants: Grants = Object.freeze({
  personId: null,
  citizen: false,
  territoryRoles: new Set<TerritoryRole>(),
  organisationRoles: new Map<string, OrganisationRole>(),
});

/** The reference lists an organisation is checked against (official NAF rév. 2 and geography). */
export interface OrganisationReference {
  nafLabel(code: string): string | undefined;
  communeName(inseeCode: string): string | undefined;
}

export interface OrganisationInput {
  name?: unknown;
  kind?: unknown;
  siret?: unknown;
  nafCode?: unknown;
  address?: unknown;
  communeInsee?: unknown;
  latitude?: unknown;
  longitude?: unknown;
}

export type OrganisationFields = Omit<Organisation, 'id' | 'createdAt' | 'closedAt'>;

/**
 * SIRET = SIREN (9) + NIC (5), 14 digits under a Luhn key (INSEE). La Poste's establishments
 * (SIREN 356 000 000) are numbered beyond what Luhn allows; INSEE checks them by digit sum mod 5,
 * except its head office (356 000 000 00048), which keeps the Luhn key.
 */
export function isValidSiret(siret: string): boolean {
  if (!/^\d{14}$/.test(siret)) return false;
  if (siret.startsWith('356000000') && siret !== '35600000000048') {
    const sum = [...siret].reduce((s, d) => s + Number(d), 0);
    return sum % 5 === 0;
  }
  let sum = 0;
  for (let i = 0; i < 14; i += 1) {
    let digit = Number(siret[13 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** NAF rév. 2 sub-classes are written `62.01Z`; people also type `6201Z` or `62.01z`. */
export function normaliseNafCode(code: string): string {
  const compact = code.replace(/[\s.]/g, '').toUpperCase();
  return /^\d{4}[A-Z]$/.test(compact) ? `${compact.slice(0, 2)}.${compact.slice(2)}` : code.trim().toUpperCase();
}

export function normaliseSiret(siret: string): string {
  return siret.replace(/[\s.]/g, '');
}

export function isValidSlug(slug: string): boolean {
  return /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/.test(slug);
}

function optionalText(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const text = String(value).trim();
  return text === '' ? null : text;
}

function optionalNumber(value: unknown): number | null | 'invalid' {
  if (value === undefined || value === null || value === '') return null;
  const n = typeof value === 'number' ? value : Number(String(value).replace(',', '.'));
  return Number.isFinite(n) ? n : 'invalid';
}

/**
 * The one rule for a valid organisation, used by the API, the workspace form and the CSV import.
 * Returns the normalised fields, or every field at fault.
 */
export function validateOrganisation(
  input: OrganisationInput,
  reference: OrganisationReference,
): { ok: true; value: OrganisationFields } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const name = optionalText(input.name);
  if (!name) errors.push({ field: 'name', code: 'required', message: 'The name is required.' });
  else if (name.length > 200) errors.push({ field: 'name', code: 'too_long', message: 'The name is longer than 200 characters.' });

  const kind = optionalText(input.kind);
  if (!kind || !(ORGANISATION_KINDS as readonly string[]).includes(kind)) {
    errors.push({ field: 'kind', code: 'invalid_kind', message: `The kind must be one of ${ORGANISATION_KINDS.join(', ')}.` });
  }

  const rawSiret = optionalText(input.siret);
  const siret = rawSiret ? normaliseSiret(rawSiret) : null;
  if (siret && !isValidSiret(siret)) {
    errors.push({ field: 'siret', code: 'invalid_siret', message: `SIRET "${rawSiret}" is not valid: 14 digits with a valid check key are expected.` });
  } else if (!siret && kind && kind !== 'citizen_collective' && (ORGANISATION_KINDS as readonly string[]).includes(kind)) {
    errors.push({ field: 'siret', code: 'required', message: 'The SIRET is required (only citizen collectives may have none).' });
  }

  const rawNaf = optionalText(input.nafCode);
  const nafCode = rawNaf ? normaliseNafCode(rawNaf) : null;
  if (nafCode && !reference.nafLabel(nafCode)) {
    errors.push({ field: 'nafCode', code: 'unknown_naf_code', message: `NAF code "${rawNaf}" is not in the NAF rév. 2 list (expected like 62.01Z).` });
  }

  const communeInsee = optionalText(input.communeInsee);
  if (communeInsee && !reference.communeName(communeInsee)) {
    errors.push({ field: 'communeInsee', code: 'unknown_commune', message: `INSEE code "${communeInsee}" is not a current French commune.` });
  }

  const latitude = optionalNumber(input.latitude);
  const longitude = optionalNumber(input.longitude);
  if (latitude === 'invalid' || (latitude !== null && (latitude < -90 || latitude > 90))) {
    errors.push({ field: 'latitude', code: 'invalid_coordinate', message: 'The latitude must be a number between -90 and 90.' });
  }
  if (longitude === 'invalid' || (longitude !== null && (longitude < -180 || longitude > 180))) {
    errors.push({ field: 'longitude', code: 'invalid_coordinate', message: 'The longitude must be a number between -180 and 180.' });
  }
  if ((latitude === null) !== (longitude === null)) {
    errors.push({ field: latitude === null ? 'latitude' : 'longitude', code: 'incomplete_coordinates', message: 'Give both latitude and longitude, or neither.' });
  }

  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      name: name!,
      kind: kind as OrganisationKind,
      siret,
      nafCode,
      address: optionalText(input.address),
      communeInsee,
      latitude: latitude as number | null,
      longitude: longitude as number | null,
    },
  };
}

export function canManageOrganisations(grants: Grants): boolean {
  return grants.territoryRoles.has('facilitator');
}

export function canEditOrganisation(grants: Grants, organisationId: string): boolean {
  return grants.territoryRoles.has('facilitator') || grants.organisationRoles.get(organisationId) === 'representative';
}

export function canManagePeople(grants: Grants): boolean {
  return grants.territoryRoles.has('facilitator');
}

/** Who may see the people of a territory: its facilitators and auditors (emails are personal data). */
export function canReadPeople(grants: Grants): boolean {
  return grants.territoryRoles.has('facilitator') || grants.territoryRoles.has('auditor');
}

export function canReadAuditTrail(grants: Grants): boolean {
  return grants.territoryRoles.has('facilitator') || grants.territoryRoles.has('auditor');
}

/**
 * Folds a name for ordering so that "Écopôle" sorts with the E's on both databases. French ligatures
 * do not decompose under NFD, so "Œuvre" would sort after "zèbre" unless spelt out.
 */
export function sortKeyOf(name: string): string {
  return name.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase().replaceAll('œ', 'oe').replaceAll('æ', 'ae');
}
