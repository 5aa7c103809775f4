import { createApp, createServices, type App, type Services } from '../../app.js';
import { loadConfig } from '../../config.js';
import type { DatabaseHandle } from '../../platform/db/connect.js';
import { systemActor, type Actor, personActor } from '../../platform/auth/actor.js';
import { defaultReferential } from './default-referential.js';
import type { CriterionStatus } from './scoring-model.js';

export const system = systemActor('test');

export const PUBLIC_URL = 'http://127.0.0.1:3021';

/** A clock the test moves by hand. */
export function manualClock(start: string) {
  let now = new Date(start);
  return {
    now: () => new Date(now.getTime()),
    set: (iso: string) => {
      now = new Date(iso);
    },
    advanceDays: (days: number) => {
      now = new Date(now.getTime() + days * 86_400_000);
    },
  };
}

/** The whole app over a test database, with a clock the test controls. */
export async function certificatesApp(database: DatabaseHandle, clock: () => Date): Promise<App> {
  return createApp(
    loadConfig({ cookieSecret: 'test-secret-test-secret-test-secret', logLevel: 'silent', webRoot: '/nonexistent', signInRateLimit: { max: 1000, timeWindow: '1 minute' }, publicUrl: PUBLIC_URL }),
    { database, migrate: false, clock },
  );
}

/**
 * The services alone, without the HTTP server: the workflow and credential tests do not need routes,
 * and building the whole server costs seconds on a busy machine.
 */
export function certificateServices(database: DatabaseHandle, clock: () => Date): { services: Services } {
  return { services: createServices(database, clock, { publicUrl: PUBLIC_URL, keySecret: () => 'test-key-secret-test-key-secret' }) };
}

export type WithServices = { readonly services: Services };

/**
 * A territory with a facilitator, two auditors (one of them staff of the recycling business), three
 * partners with a representative each, staff of the business, and a citizen.
 */
export async function certificateTerritory(app: WithServices, slug = 'amiens') {
  const territories = app.services.territories;
  await territories.createTerritory(system, { slug, level: 'epci', inseeCode: '248000531', currencyCode: 'GRAIN', currencyName: 'Le Grain' });
  const person = async (local: string, name: string, roles: string[] = []) => {
    const p = await territories.addPerson(system, slug, { email: `${local}@${slug}.test`, displayName: name });
    if (roles.length > 0) await territories.setRoles(system, slug, p.id, roles);
    return p.id;
  };
  const organisation = async (name: string, kind: string, siret: string) => (await territories.createOrganisation(system, slug, { name, kind, siret })).id;
  const organisations = {
    waste: await organisation('Service des déchets', 'public_body', '26031673209990'),
    recycling: await organisation('Picardie Recyclage <Matériaux> & "Co"', 'business', '47942222209999'),
    ressourcerie: await organisation('Ressourcerie', 'association', '73282932000074'),
  };
  const member = async (organisationId: string, local: string, role: 'representative' | 'staff') =>
    (await territories.addMember(system, slug, organisationId, { email: `${local}@${slug}.test`, role, displayName: local })).personId;
  const people = {
    facilitator: await person('claire', 'Claire', ['facilitator']),
    auditor: await person('nathalie', 'Nathalie', ['auditor']),
    conflictedAuditor: await person('paul', 'Paul', ['auditor']),
    wasteRep: await member(organisations.waste, 'marc', 'representative'),
    recyclingRep: await member(organisations.recycling, 'sophie', 'representative'),
    recyclingStaff: await member(organisations.recycling, 'hugo', 'staff'),
    ressourcerieRep: await member(organisations.ressourcerie, 'julien', 'representative'),
    citizen: await person('lucie', 'Lucie'),
  };
  await member(organisations.recycling, 'paul', 'staff');
  return { slug, organisations, people, as: (key: keyof typeof people): Actor => personActor(people[key]) };
}

export type CertificateTerritory = Awaited<ReturnType<typeof certificateTerritory>>;

const criteria = () => defaultReferential().areas.flatMap((a) => a.criteria);

/** Every criterion at one status, with a note as evidence; `except` overrides some. */
export function allAnswers(status: CriterionStatus, except: Record<string, CriterionStatus> = {}) {
  return Object.fromEntries(criteria().map((c) => [c.code, { status: except[c.code] ?? status, evidenceNote: `Pièces pour ${c.code}` }]));
}

export function allReviews(status: CriterionStatus, except: Record<string, CriterionStatus> = {}) {
  return Object.fromEntries(criteria().map((c) => [c.code, { status: except[c.code] ?? status, opinion: `Vérifié sur pièces (${c.code}).` }]));
}

/** Applies, answers, submits, reviews and decides: an issued certificate of the organisation. */
export async function issueCertificate(app: WithServices, t: CertificateTerritory, organisation: 'recycling' | 'waste' | 'ressourcerie', status: CriterionStatus = 'met', level?: string) {
  const rep = ({ recycling: 'recyclingRep', waste: 'wasteRep', ressourcerie: 'ressourcerieRep' } as const)[organisation];
  const { assessments } = app.services.certificates;
  const opened = await assessments.apply(t.as(rep), t.slug, t.organisations[organisation]);
  await assessments.answer(t.as(rep), t.slug, opened.id, allAnswers(status));
  await assessments.submit(t.as(rep), t.slug, opened.id);
  await assessments.review(t.as('auditor'), t.slug, opened.id, allReviews(status));
  const decided = await assessments.decide(t.as('auditor'), t.slug, opened.id, { decision: 'issue', ...(level ? { level } : {}) });
  return { assessment: decided, certificateId: decided.certificateId! };
}
