import type { App } from '../../app.js';
import { personActor, systemActor } from '../../platform/auth/actor.js';
import { TestClient } from '../../platform/http/test-client.js';

export const system = systemActor('test');
export { personActor };

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

/** A client over HTTP acting as one of the territory's people, through an API token (they have no password). */
export async function clientAs(app: App, slug: string, personId: string): Promise<TestClient> {
  const client = new TestClient(app);
  client.bearer = (await app.services.auth.issueApiToken(personActor(personId), slug, { name: 'test', organisationId: null })).token;
  return client;
}

/**
 * The territory with its Pact signed by the business and the association, and one task force
 * (industrial ecology, consent) led by Lucie, the citizen.
 */
export async function signedPact(app: App, slug = AMIENS.slug, territory: Record<string, string> = AMIENS) {
  const t = await pactTerritory(app, slug, territory);
  const { pact, taskForces } = app.services;
  await pact.createPact(t.as('facilitator'), t.slug, { title: 'Pacte 21', horizonStartYear: 2026 });
  await pact.sign(t.as('recyclingRep'), t.slug, t.organisations.recycling);
  await pact.sign(t.as('ressourcerieRep'), t.slug, t.organisations.ressourcerie);
  const taskForceId = (await taskForces.create(t.as('facilitator'), t.slug, { name: 'Écologie industrielle', mission: 'Boucler les flux' })).id;
  await taskForces.setMember(t.as('facilitator'), t.slug, taskForceId, { memberType: 'person', memberId: t.people.citizen, role: 'lead' });
  return { ...t, taskForceId };
}
