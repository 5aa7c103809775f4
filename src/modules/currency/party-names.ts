import type { Executor } from '../../platform/db/transaction.js';
import { peopleRepository } from '../../platform/auth/people.js';
import { ProblemError } from '../../platform/errors.js';
import type { TerritoriesService } from '../territories/service.js';
import type { Owner } from './model.js';

export interface PartyView {
  type: 'person' | 'organisation';
  id: string;
  /** A person's display name (never their email) or an organisation's name. */
  name: string;
}

/**
 * The names of the members shown on a page (listings, exchanges, payment requests), fetched once per
 * distinct member. Organisations are read through their module's service, never its tables.
 */
export async function nameParties(db: Executor, territories: TerritoriesService, slug: string, owners: readonly Owner[]): Promise<(owner: Owner) => PartyView> {
  const personIds = [...new Set(owners.filter((o) => o.type === 'person').map((o) => o.id))];
  const organisationIds = [...new Set(owners.filter((o) => o.type === 'organisation').map((o) => o.id))];
  const people = await peopleRepository.findByIds(db, personIds);
  const organisations = new Map<string, string>();
  for (const id of organisationIds) {
    try {
      organisations.set(id, (await territories.getOrganisation(slug, id)).name);
    } catch (error) {
      if (!(error instanceof ProblemError && error.status === 404)) throw error;
    }
  }
  return (owner) => ({
    type: owner.type === 'organisation' ? 'organisation' : 'person',
    id: owner.id,
    name: (owner.type === 'organisation' ? organisations.get(owner.id) : people.get(owner.id)?.displayName) ?? '',
  });
}
