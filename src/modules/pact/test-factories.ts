import type { App } from '../../app.js';
import { systemActor, type Actor } from '../../platform/auth/actor.js';

export const system = systemActor('test');
export const personActor = (personId: string): Actor => ({ kind: 'person', personId, via: 'session' });

export const AMIENS = { slug: 'amiens', level: 'epci', inseeCode: '248000531', currencyCode: 'GRAIN', currencyName: 'Le Grain' };

/**
 * A territory with a facilitator and three partners (a public body, a business, an association),
 * each with a representative and the business with a member of staff; people have no password, the
 * tests act through services as them.
 */
export async function pactTerritory(app: App, slug = AMIENS.slug, territory: Record<string, string> = AMIENS) {
  const t = app.services.territories;
  await t.createTerritory(system, { ...(territory as typeof AMIENS), slug });
  const facilitator = await t.addPerson(system, slug, { email: `claire@${slug}.test`, displayName: 'Claire' });
  await t.setRoles(system, slug, facilitator.id, ['facilitator']);
  const org = async (name: string, kind: string, siret: string | null) => (await t.createOrganisation(system, slug, { name, kind, siret })).id;
  const organisations = {
    waste: await org('Service des déchets', 'public_body', '26031673209990'),
    recycling: await org('Picardie Recyclage <Matériaux> & "Co"', 'business', '47942222209999'),
    ressourcerie: await org('Ressourcerie', 'association', '73282932000074'),
  };
  const member = async (organisationId: string, local: string, role: 'representative' | 'staff') =>
    (await t.addMember(system, slug, organisationId, { email: `${local}@${slug}.test`, role, displayName: local })).personId;
  const people = {
    facilitator: facilitator.id,
    wasteRep: await member(organisations.waste, 'marc', 'representative'),
    recyclingRep: await member(organisations.recycling, 'sophie', 'representative'),
    recyclingStaff: await member(organisations.recycling, 'hugo', 'staff'),
    ressourcerieRep: await member(organisations.ressourcerie, 'julien', 'representative'),
    citizen: (await t.addPerson(system, slug, { email: `lucie@${slug}.test`, displayName: 'Lucie' })).id,
  };
  return { slug, organisations, people, as: (key: keyof typeof people) => personActor(people[key]) };
}
