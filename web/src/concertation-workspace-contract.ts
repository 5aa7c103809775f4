import type { ObjectiveInput, VisionDiff } from './api-contract';
import type { ActorKind, Initiative } from './concertation-contract';

/**
 * What the workspace of the yearly concertation workshops writes, and what only facilitators read
 * (src/modules/concertation, routes.ts); the shapes the public pages share are in concertation-contract.ts.
 */
export interface EditionInput {
  year: number;
  title: string;
  description?: string;
}

export interface SessionInput {
  title: string;
  startsAt: string;
  endsAt: string;
  place: string;
  agenda?: string;
  capacity?: number | null;
}

/** A registration as facilitators see it, to mark attendance. */
export interface RegistrationRow {
  personId: string;
  personName: string;
  kind: ActorKind;
  onBehalfOf: string | null;
  organisationName: string | null;
  registeredAt: string;
  attended: boolean | null;
}

/** What the signed-in person took part in: registrations (with their session) and the initiatives they proposed. */
export interface MyParticipation {
  registrations: (RegistrationRow & { session: { id: string; title: string; startsAt: string; place: string }; editionYear: number })[];
  initiatives: Initiative[];
}

export const triageDecisions = ['accept_task_force', 'accept_commitment', 'merge', 'decline'] as const;
export type TriageDecision = (typeof triageDecisions)[number];
export const isTriageDecision = (value: string): value is TriageDecision => (triageDecisions as readonly string[]).includes(value);

export type TriageInput =
  | { decision: 'accept_task_force'; reason?: string; taskForce: { name: string; mission: string } }
  | { decision: 'accept_commitment'; reason?: string; commitment: { ownerOrganisationId: string; statement: string; taskForceId?: string; deadline?: string } }
  | { decision: 'merge'; reason?: string; mergedIntoId: string }
  | { decision: 'decline'; reason: string };

export interface ConcertationSettings {
  /** 0–33. */
  minimumSharePercent: number;
}

export interface VisionDraftInput {
  statement: string;
  objectives: ObjectiveInput[];
}

export interface VisionDraft extends VisionDraftInput {
  basedOnVersion: number;
  updatedAt: string;
  updatedBy: string | null;
  publishedVersion: number | null;
  /** Against the Pact's current vision. */
  diff: VisionDiff;
}

export interface PublishedVisionDraft {
  version: number;
  reason: string;
  publishedAt: string;
}
