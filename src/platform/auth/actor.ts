/**
 * Who is asking. Services receive it and decide; routes never do. A token is scoped to one territory
 * (and optionally one organisation): outside that scope its holder acts as an anonymous reader.
 */
export type Actor =
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'person'; readonly personId: string; readonly via: 'session' }
  | {
      readonly kind: 'person';
      readonly personId: string;
      readonly via: 'token';
      readonly tokenId: string;
      readonly territoryId: string;
      readonly organisationId: string | null;
    }
  | { readonly kind: 'system'; readonly reason: string };

export const anonymous: Actor = Object.freeze({ kind: 'anonymous' });

/** The command line and the demo loader act as the system, with the reason kept in the audit trail. */
/** A person signed in: how services see whoever acts from a session. */
export function personActor(personId: string): Actor {
  return { kind: 'person', personId, via: 'session' };
}

export function systemActor(reason: string): Actor {
  return Object.freeze({ kind: 'system', reason });
}

export function actorId(actor: Actor): string | null {
  if (actor.kind === 'person') return actor.personId;
  if (actor.kind === 'system') return `system:${actor.reason}`;
  return null;
}
