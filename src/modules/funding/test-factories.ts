import { createApp, type App } from '../../app.js';
import { loadConfig } from '../../config.js';
import type { createTestApp } from '../../platform/http/test-client.js';
import { pactTerritory, personActor, system } from '../pact/test-factories.js';

export { personActor, system };

/**
 * The pact's test territory plus a thermal-renovation task force: the recycling business leads it
 * (its representative Sophie is a lead, its staff Hugo a working member), Lucie the citizen is a member,
 * Marc (waste) only observes. Two budget lines: advisers (90,000 €) and training (18,000 €).
 */
export async function fundingTerritory(app: App, slug = 'amiens', territory?: Record<string, string>) {
  const t = territory ? await pactTerritory(app, slug, territory) : await pactTerritory(app, slug);
  const { taskForces } = app.services;
  const taskForce = await taskForces.create(t.as('facilitator'), t.slug, {
    name: 'Guichet unique de la rénovation thermique',
    mission: 'Un seul guichet pour rénover les logements',
    budgetLines: [
      { label: 'Conseillers du guichet', category: 'fonctionnement', plannedAmount: 9_000_000n },
      { label: 'Formation des artisans', category: 'formation', plannedAmount: 1_800_000n },
    ],
  });
  await taskForces.setMember(t.as('facilitator'), t.slug, taskForce.id, { memberType: 'organisation', memberId: t.organisations.recycling, role: 'lead' });
  await taskForces.setMember(t.as('facilitator'), t.slug, taskForce.id, { memberType: 'person', memberId: t.people.citizen, role: 'member' });
  await taskForces.setMember(t.as('facilitator'), t.slug, taskForce.id, { memberType: 'person', memberId: t.people.wasteRep, role: 'observer' });
  return { ...t, taskForceId: taskForce.id };
}

/** A person who joined the territory, with no role: a plain citizen who may pledge. */
export async function citizen(app: App, slug: string, name: string) {
  const person = await app.services.territories.addPerson(system, slug, { email: `${name.toLowerCase()}@${slug}.test`, displayName: name });
  return { id: person.id, actor: personActor(person.id) };
}

export const MINIMAL_PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

/** A multipart/form-data body with one file field, as a browser's form sends it. */
export function multipartBody(field: string, filename: string, contentType: string, bytes: Buffer): { body: Buffer; contentType: string } {
  const boundary = `----pacte21test${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { body: Buffer.concat([head, bytes, tail]), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** The whole app over a test database with a clock the test moves (campaign deadlines). */
export async function createClockedTestApp(database: Parameters<typeof createTestApp>[0], start = '2026-05-01T10:00:00.000Z') {
  let at = new Date(start);
  const clock = () => new Date(at.getTime());
  const app = await createApp(loadConfig({ cookieSecret: 'test-secret-test-secret-test-secret', logLevel: 'silent', webRoot: '/nonexistent', signInRateLimit: { max: 1000, timeWindow: '1 minute' } }), { database, migrate: false, clock });
  return { app, clock, advanceDays: (days: number) => (at = new Date(at.getTime() + days * 86_400_000)) };
}
