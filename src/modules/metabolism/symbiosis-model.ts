import type { FieldError } from '../../platform/errors.js';
import type { Grants } from '../territories/model.js';
import type { MatchExplanation } from './matching-model.js';
import { parseWasteCode, validateMaterial, type Material, type MetabolismReference } from './model.js';

export const EXCHANGE_STATUSES = ['open', 'closed'] as const;
export type ExchangeStatus = (typeof EXCHANGE_STATUSES)[number];

/**
 * The funnel of a match, from a suggestion of the matchmaking to a synergy in service: each step only
 * forward, and any step but the last may end (a lead abandoned, a synergy stopped).
 */
export const MATCH_STATUSES = ['suggested', 'contacted', 'studying', 'agreed', 'operating', 'ended'] as const;
export type MatchStatus = (typeof MATCH_STATUSES)[number];

const NEXT: Record<MatchStatus, readonly MatchStatus[]> = {
  suggested: ['contacted', 'ended'],
  contacted: ['studying', 'ended'],
  studying: ['agreed', 'ended'],
  agreed: ['operating', 'ended'],
  operating: ['ended'],
  ended: [],
};

export function nextStatuses(from: MatchStatus): readonly MatchStatus[] {
  return NEXT[from];
}

export function canMoveMatch(from: MatchStatus, to: MatchStatus): boolean {
  return NEXT[from].includes(to);
}

export interface Offer extends Material {
  id: string;
  organisationId: string;
  description: string;
  tonnesPerYear: number;
  availableFrom: string | null;
  availableUntil: string | null;
  hazardous: boolean;
  /** Cents per tonne: positive, the receiver pays; negative, the offerer pays to be rid of it (a gate fee). */
  pricePerTonne: bigint | null;
  priceUnit: 'EUR';
  confidential: boolean;
  status: ExchangeStatus;
  createdAt: string;
  updatedAt: string;
}

export interface Need {
  id: string;
  organisationId: string;
  /** Waste codes, sub-chapters, chapters or EW-MFA categories the receiver can take. */
  accepted: string[];
  materialName: string | null;
  description: string;
  tonnesPerYear: number;
  maxDistanceKm: number;
  acceptsHazardous: boolean;
  status: ExchangeStatus;
  createdAt: string;
  updatedAt: string;
}

export interface Match {
  id: string;
  offerId: string;
  needId: string;
  score: number;
  explanation: MatchExplanation;
  distanceKm: number | null;
  status: MatchStatus;
  tonnesPerYear: number | null;
  startedYear: number | null;
  endedYear: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface MatchEvent {
  id: string;
  fromStatus: MatchStatus | null;
  toStatus: MatchStatus;
  note: string | null;
  occurredAt: string;
  actor: string | null;
}

const text = (value: unknown): string | null => {
  if (value === undefined || value === null) return null;
  const t = String(value).trim();
  return t === '' ? null : t;
};
const isDate = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));

export interface OfferInput {
  wasteCode?: unknown;
  category?: unknown;
  materialName?: unknown;
  description?: unknown;
  tonnesPerYear?: unknown;
  availableFrom?: unknown;
  availableUntil?: unknown;
  hazardous?: unknown;
  pricePerTonne?: unknown;
  confidential?: unknown;
  status?: unknown;
}

export type OfferFields = Omit<Offer, 'id' | 'organisationId' | 'createdAt' | 'updatedAt'>;

function positive(value: unknown, field: string, errors: FieldError[], what: string): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (value === undefined || value === null || value === '' || !Number.isFinite(n) || n <= 0) errors.push({ field, code: 'invalid_quantity', message: `${what} is a positive number.` });
  return n;
}

function status(value: unknown, errors: FieldError[]): ExchangeStatus {
  const s = text(value) ?? 'open';
  if (!(EXCHANGE_STATUSES as readonly string[]).includes(s)) errors.push({ field: 'status', code: 'invalid_status', message: 'The status is open or closed.' });
  return s as ExchangeStatus;
}

/**
 * An offer: what an organisation gives out (a waste entry, or a named material with its category),
 * how much a year, when, at what price. A waste entry with an asterisk is hazardous whatever is said.
 */
export function validateOffer(input: OfferInput, reference: MetabolismReference): { ok: true; value: OfferFields } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const material = validateMaterial(input, reference);
  if (!material.ok) errors.push(...material.errors);
  const description = text(input.description) ?? '';
  if (description.length > 2000) errors.push({ field: 'description', code: 'too_long', message: 'The description is longer than 2,000 characters.' });
  const tonnesPerYear = positive(input.tonnesPerYear, 'tonnesPerYear', errors, 'The quantity in tonnes per year');
  const availableFrom = text(input.availableFrom);
  const availableUntil = text(input.availableUntil);
  if (availableFrom && !isDate(availableFrom)) errors.push({ field: 'availableFrom', code: 'invalid_date', message: 'Dates read YYYY-MM-DD.' });
  if (availableUntil && !isDate(availableUntil)) errors.push({ field: 'availableUntil', code: 'invalid_date', message: 'Dates read YYYY-MM-DD.' });
  if (availableFrom && availableUntil && isDate(availableFrom) && isDate(availableUntil) && availableUntil < availableFrom) {
    errors.push({ field: 'availableUntil', code: 'period_reversed', message: 'The availability ends before it starts.' });
  }
  let pricePerTonne: bigint | null = null;
  if (input.pricePerTonne !== undefined && input.pricePerTonne !== null && input.pricePerTonne !== '') {
    try {
      pricePerTonne = BigInt(input.pricePerTonne as string | number | bigint);
    } catch {
      errors.push({ field: 'pricePerTonne', code: 'invalid_price', message: 'The price is a whole number of cents per tonne (negative when you pay to be rid of it).' });
    }
  }
  const s = status(input.status, errors);
  if (errors.length > 0 || !material.ok) return { ok: false, errors };
  const { hazardous: listed, ...m } = material.value;
  return {
    ok: true,
    value: {
      ...m,
      description,
      tonnesPerYear,
      availableFrom,
      availableUntil,
      hazardous: listed || input.hazardous === true,
      pricePerTonne,
      priceUnit: 'EUR',
      confidential: input.confidential === true,
      status: s,
    },
  };
}

export interface NeedInput {
  accepted?: unknown;
  materialName?: unknown;
  description?: unknown;
  tonnesPerYear?: unknown;
  maxDistanceKm?: unknown;
  acceptsHazardous?: unknown;
  status?: unknown;
}

export type NeedFields = Omit<Need, 'id' | 'organisationId' | 'createdAt' | 'updatedAt'>;

/** One accepted entry: a code, sub-chapter or chapter of the list (written any usual way), or a category. */
export function normaliseAccepted(entry: string, reference: MetabolismReference): string | undefined {
  const upper = entry.trim().toUpperCase().replace(/\s/g, '');
  if (upper.startsWith('MF')) return reference.category(upper) ? upper : undefined;
  const parsed = parseWasteCode(entry);
  const listed = parsed ? reference.wasteCode(parsed.code) : undefined;
  if (!parsed || !listed || (parsed.starred && !listed.hazardous)) return undefined;
  return listed.code;
}

/** A need: what an organisation can take in (codes, sub-chapters, chapters, categories), how much, how far. */
export function validateNeed(input: NeedInput, reference: MetabolismReference): { ok: true; value: NeedFields } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const raw = Array.isArray(input.accepted) ? input.accepted : input.accepted === undefined || input.accepted === null ? [] : [input.accepted];
  const accepted: string[] = [];
  for (const entry of raw) {
    const normalised = typeof entry === 'string' ? normaliseAccepted(entry, reference) : undefined;
    if (!normalised) errors.push({ field: 'accepted', code: 'unknown_material', message: `"${String(entry)}" is neither a code, sub-chapter or chapter of the European List of Waste nor an EW-MFA category.` });
    else if (!accepted.includes(normalised)) accepted.push(normalised);
  }
  if (accepted.length > 30) errors.push({ field: 'accepted', code: 'too_many', message: 'At most 30 accepted materials per need.' });
  const materialName = text(input.materialName);
  if (materialName && materialName.length > 200) errors.push({ field: 'materialName', code: 'too_long', message: 'The material name is longer than 200 characters.' });
  if (raw.length === 0 && !materialName) errors.push({ field: 'accepted', code: 'material_required', message: 'Say what the need accepts: waste codes, chapters, categories, or a named material.' });
  const description = text(input.description) ?? '';
  if (description.length > 2000) errors.push({ field: 'description', code: 'too_long', message: 'The description is longer than 2,000 characters.' });
  const tonnesPerYear = positive(input.tonnesPerYear, 'tonnesPerYear', errors, 'The quantity in tonnes per year');
  const maxDistanceKm = positive(input.maxDistanceKm, 'maxDistanceKm', errors, 'The maximum distance in kilometres');
  if (maxDistanceKm > 1000) errors.push({ field: 'maxDistanceKm', code: 'too_far', message: 'The maximum distance is at most 1,000 km.' });
  const s = status(input.status, errors);
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: { accepted, materialName, description, tonnesPerYear, maxDistanceKm, acceptsHazardous: input.acceptsHazardous === true, status: s } };
}

// ── who may do what ───────────────────────────────────────────────────────────────────────────────

/** An organisation's offers and needs are written by its representative and staff, or a facilitator. */
export function canManageExchangesOf(grants: Grants, organisationId: string): boolean {
  return grants.territoryRoles.has('facilitator') || grants.organisationRoles.has(organisationId);
}

/** A match is followed by both organisations and the facilitators (auditors read it). */
export function canReadMatch(grants: Grants, offerOrganisationId: string, needOrganisationId: string): boolean {
  return grants.territoryRoles.has('facilitator') || grants.territoryRoles.has('auditor') || grants.organisationRoles.has(offerOrganisationId) || grants.organisationRoles.has(needOrganisationId);
}

export function canMoveMatchOf(grants: Grants, offerOrganisationId: string, needOrganisationId: string): boolean {
  return grants.territoryRoles.has('facilitator') || grants.organisationRoles.has(offerOrganisationId) || grants.organisationRoles.has(needOrganisationId);
}

/** A confidential offer's details: its organisation, the facilitators and auditors. */
export function canSeeOffer(grants: Grants, offer: Pick<Offer, 'confidential' | 'organisationId'>): boolean {
  return !offer.confidential || grants.territoryRoles.has('facilitator') || grants.territoryRoles.has('auditor') || grants.organisationRoles.has(offer.organisationId);
}

export function canRecomputeMatches(grants: Grants): boolean {
  return grants.territoryRoles.has('facilitator');
}
