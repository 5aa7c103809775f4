import type { FieldError } from '../../platform/errors.js';
import type { Grants } from '../territories/model.js';
import { ACTOR_SECTORS, isFacilitator, type ActorSector } from '../pact/model.js';

/**
 * The yearly concertation workshops (the seed: « Tous les ans des ateliers permettent d'évaluer
 * l'impact des Pactes 21, de repérer les initiatives émergentes et d'ajuster la vision »), run like
 * Decidim's participatory processes: one edition a year moves through its phases, in order.
 */
export const PHASES = ['preparation', 'contributions', 'sessions', 'evaluation', 'closed'] as const;
export type Phase = (typeof PHASES)[number];

/** An edition moves forward one phase at a time; the evaluation phase starts when its report is published. */
export function nextPhase(phase: Phase): Phase | null {
  const i = PHASES.indexOf(phase);
  return i + 1 < PHASES.length ? PHASES[i + 1]! : null;
}

/** Initiatives are proposed while contributions are open. */
export const acceptsProposals = (phase: Phase): boolean => phase === 'contributions';
/** Supports are given while contributions are open and during the workshop sessions, where initiatives are discussed. */
export const acceptsSupports = (phase: Phase): boolean => phase === 'contributions' || phase === 'sessions';
/** People register for sessions until the sessions phase ends. */
export const acceptsRegistrations = (phase: Phase): boolean => phase === 'preparation' || phase === 'contributions' || phase === 'sessions';
/** What a phase opens to anyone signed in, for pages to say so even to a visitor. */
export function opensIn(phase: Phase): { proposals: boolean; supports: boolean; registrations: boolean } {
  return { proposals: acceptsProposals(phase), supports: acceptsSupports(phase), registrations: acceptsRegistrations(phase) };
}

/** Facilitators answer every initiative before the edition closes. */
export const acceptsTriage = (phase: Phase): boolean => phase !== 'preparation' && phase !== 'closed';

export const INITIATIVE_STATUSES = ['proposed', 'accepted', 'merged', 'declined'] as const;
export type InitiativeStatus = (typeof INITIATIVE_STATUSES)[number];

export const TRIAGE_DECISIONS = ['accept_task_force', 'accept_commitment', 'merge', 'decline'] as const;
export type TriageDecision = (typeof TRIAGE_DECISIONS)[number];

/** The kinds of actor whose balance the workshops watch: the Pact's three sectors. */
export const ACTOR_KINDS = ACTOR_SECTORS;
export type ActorKind = ActorSector;

/** The share under which a kind of actor is said to be under-represented, unless the territory sets its own. */
export const DEFAULT_MINIMUM_SHARE_PERCENT = 20;

export const canRunConcertation = isFacilitator;

export interface Participation {
  personId: string;
  kind: ActorKind;
}

export interface ParticipationCounts {
  public: number;
  private: number;
  civil_society: number;
  total: number;
}

export interface ParticipationBalance {
  /** Distinct people per kind of actor, for each way of taking part. */
  registrations: ParticipationCounts;
  attendance: ParticipationCounts;
  initiatives: ParticipationCounts;
  supports: ParticipationCounts;
  /** Distinct (person, kind) pairs over every way of taking part. */
  overall: ParticipationCounts;
  /** Each kind's share of `overall`, in percent (one decimal); null when nobody took part yet. */
  shares: Record<ActorKind, number | null>;
  minimumSharePercent: number;
  /** The kinds under the minimum share; none while nobody took part. */
  underRepresented: ActorKind[];
}

function countDistinct(items: readonly Participation[]): ParticipationCounts {
  const seen = new Set<string>();
  const counts: ParticipationCounts = { public: 0, private: 0, civil_society: 0, total: 0 };
  for (const p of items) {
    const key = `${p.personId}\u0000${p.kind}`;
    if (seen.has(key)) continue;
    seen.add(key);
    counts[p.kind] += 1;
    counts.total += 1;
  }
  return counts;
}

/**
 * The openness and balance of an edition (the seed: « assurer leur ouverture au plus grand nombre,
 * l'équilibre »): who took part, by kind of actor. A person counts once per kind, whatever they did;
 * someone who came for their company and, another day, as a citizen counts in both.
 */
export function participationBalance(parts: { registrations: readonly Participation[]; attendance: readonly Participation[]; initiatives: readonly Participation[]; supports: readonly Participation[] }, minimumSharePercent: number): ParticipationBalance {
  const overall = countDistinct([...parts.registrations, ...parts.initiatives, ...parts.supports]);
  const share = (n: number) => (overall.total === 0 ? null : Math.round((n / overall.total) * 1000) / 10);
  const shares: Record<ActorKind, number | null> = { public: share(overall.public), private: share(overall.private), civil_society: share(overall.civil_society) };
  return {
    registrations: countDistinct(parts.registrations),
    attendance: countDistinct(parts.attendance),
    initiatives: countDistinct(parts.initiatives),
    supports: countDistinct(parts.supports),
    overall,
    shares,
    minimumSharePercent,
    underRepresented: ACTOR_KINDS.filter((k) => shares[k] !== null && shares[k]! < minimumSharePercent),
  };
}

/** Whom a person speaks for: an organisation they belong to (its sector), or themselves as a citizen. */
export function canSpeakFor(grants: Grants, organisationId: string | null): boolean {
  return grants.personId !== null && (organisationId === null || grants.organisationRoles.has(organisationId));
}

// ── validation ───────────────────────────────────────────────────────────────────────────────────

const text = (field: string, value: string | undefined, max: number, required: boolean, errors: FieldError[]) => {
  if (value === undefined) {
    if (required) errors.push({ field, code: 'required', message: `The ${field} is required.` });
    return;
  }
  if (required && !value.trim()) errors.push({ field, code: 'required', message: `The ${field} is required.` });
  if (value.length > max) errors.push({ field, code: 'too_long', message: `The ${field} has at most ${max} characters.` });
};

const isDateTime = (v: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(v) && !Number.isNaN(Date.parse(v));
export const isIsoDate = (v: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);

export interface EditionInput {
  year: number;
  title: string;
  description: string;
}

export function validateEdition(input: Partial<EditionInput>, creating: boolean): FieldError[] {
  const errors: FieldError[] = [];
  if (creating || input.year !== undefined) {
    if (input.year === undefined || !Number.isInteger(input.year) || input.year < 2000 || input.year > 2100) errors.push({ field: 'year', code: 'invalid_year', message: 'The year is between 2000 and 2100.' });
  }
  text('title', input.title, 200, creating || input.title !== undefined, errors);
  text('description', input.description, 10_000, false, errors);
  return errors;
}

export interface SessionInput {
  title: string;
  startsAt: string;
  endsAt: string;
  place: string;
  agenda: string;
  capacity: number | null;
}

export function validateSession(input: Partial<SessionInput>, creating: boolean): FieldError[] {
  const errors: FieldError[] = [];
  text('title', input.title, 200, creating || input.title !== undefined, errors);
  text('place', input.place, 300, creating || input.place !== undefined, errors);
  text('agenda', input.agenda, 10_000, false, errors);
  for (const field of ['startsAt', 'endsAt'] as const) {
    const v = input[field];
    if (v === undefined ? creating : !isDateTime(v)) errors.push({ field, code: 'invalid_date_time', message: `The ${field} is a date and time (ISO 8601, with its offset).` });
  }
  if (input.startsAt && input.endsAt && isDateTime(input.startsAt) && isDateTime(input.endsAt) && Date.parse(input.endsAt) <= Date.parse(input.startsAt)) {
    errors.push({ field: 'endsAt', code: 'ends_before_start', message: 'A session ends after it starts.' });
  }
  if (input.capacity !== undefined && input.capacity !== null && (!Number.isInteger(input.capacity) || input.capacity < 1 || input.capacity > 100_000)) {
    errors.push({ field: 'capacity', code: 'invalid_capacity', message: 'The capacity is a whole number of people, at least 1 (or none for no limit).' });
  }
  return errors;
}

export interface InitiativeInput {
  title: string;
  description: string;
  onBehalfOf: string | null;
  objectiveIds: string[];
}

export function validateInitiative(input: InitiativeInput, knownObjectiveIds: ReadonlySet<string>): FieldError[] {
  const errors: FieldError[] = [];
  text('title', input.title, 200, true, errors);
  text('description', input.description, 5_000, true, errors);
  input.objectiveIds.forEach((id, i) => {
    if (!knownObjectiveIds.has(id)) errors.push({ field: `objectiveIds[${i}]`, code: 'unknown_objective', message: `${id} is not an objective of the current vision.` });
  });
  if (new Set(input.objectiveIds).size !== input.objectiveIds.length) errors.push({ field: 'objectiveIds', code: 'duplicate_objective', message: 'An objective is named twice.' });
  return errors;
}

export function validateMinimumShare(value: number): FieldError[] {
  return Number.isFinite(value) && value >= 0 && value <= 33
    ? []
    : [{ field: 'minimumSharePercent', code: 'invalid_share', message: 'The minimum share of a kind of actor is a percentage from 0 to 33 (three kinds cannot each have more than a third).' }];
}
