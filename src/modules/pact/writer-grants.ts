import type { Actor } from '../../platform/auth/actor.js';
import { unauthenticated } from '../../platform/errors.js';
import type { Grants } from '../territories/model.js';
import type { TerritoriesService } from '../territories/service.js';

/** What a writer may do; nobody signed in is asked to sign in (401) rather than told no (403). */
export async function writerGrants(territories: TerritoriesService, actor: Actor, territoryId: string): Promise<Grants> {
  if (actor.kind === 'anonymous') throw unauthenticated();
  return territories.grantsFor(actor, territoryId);
}
