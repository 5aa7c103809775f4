import { expect, it, vi } from 'vitest';
import { createServices, type Services } from '../app.js';
import { describeEachDatabase } from '../platform/db/test-database.js';
import { systemActor } from '../platform/auth/actor.js';
import { isValidSiret, ORGANISATION_KINDS, ORGANISATION_ROLES, TERRITORY_ROLES, validateOrganisation } from '../modules/territories/model.js';
import { officialReference } from '../modules/territories/reference.js';
import type { OrganisationView } from '../modules/territories/service.js';
import { DEMO_PASSWORD, DEMO_TERRITORY_SLUG, loadDemo } from './seed.js';

// Each test loads the whole demo (every module's history): far above the default limit on a busy machine.
vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });

const system = systemActor('test');
const AMIENS = { latitude: 49.894, longitude: 2.296 };

async function allOrganisations(services: Services): Promise<OrganisationView[]> {
  return (await services.territories.listOrganisations(DEMO_TERRITORY_SLUG, { limit: 1000 })).items;
}

function kilometresBetween(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
  const rad = Math.PI / 180;
  const x = (b.longitude - a.longitude) * rad * Math.cos(((a.latitude + b.latitude) / 2) * rad);
  const y = (b.latitude - a.latitude) * rad;
  return Math.hypot(x, y) * 6371;
}

describeEachDatabase('demo territory', (ctx) => {
  it('loads at least 30 organisations of every kind, each with a valid SIRET, NAF code and member commune', async () => {
    const services = createServices(ctx.handle);
    await loadDemo(ctx.handle);

    const organisations = await allOrganisations(services);
    expect(organisations.length).toBeGreaterThanOrEqual(30);
    expect(new Set(organisations.map((o) => o.kind))).toEqual(new Set(ORGANISATION_KINDS));
    const memberCommunes = new Set((await services.territories.communes(DEMO_TERRITORY_SLUG)).map((c) => c.code));
    expect(memberCommunes.size).toBe(39);
    for (const o of organisations) {
      expect(validateOrganisation(o, officialReference), o.name).toMatchObject({ ok: true });
      expect(memberCommunes.has(o.communeInsee!), `${o.name} is in a member commune`).toBe(true);
      expect(kilometresBetween(AMIENS, { latitude: o.latitude!, longitude: o.longitude! }), `${o.name} is near Amiens`).toBeLessThan(15);
      if (o.kind === 'citizen_collective') {
        expect(o.siret, `${o.name} is not registered`).toBeNull();
      } else {
        expect(isValidSiret(o.siret!) && isValidSiret(`00000${o.siret!.slice(0, 9)}`), `${o.name}: SIRET and its SIREN pass Luhn`).toBe(true);
        expect(o.nafLabel, `${o.name} has an official NAF activity`).not.toBeNull();
      }
    }
    expect(new Set(organisations.map((o) => o.siret).filter(Boolean)).size).toBe(organisations.filter((o) => o.siret).length);
  });

  it('gives every territory and organisation role to demo accounts that sign in with the demo password', async () => {
    const services = createServices(ctx.handle);
    const { accounts } = await loadDemo(ctx.handle);

    const people = await services.territories.listPeople(system, DEMO_TERRITORY_SLUG);
    expect(new Set(people.flatMap((p) => p.roles))).toEqual(new Set(TERRITORY_ROLES));
    const members = (await Promise.all((await allOrganisations(services)).map((o) => services.territories.listMembers(system, DEMO_TERRITORY_SLUG, o.id)))).flat();
    expect(new Set(members.map((m) => m.role))).toEqual(new Set(ORGANISATION_ROLES));
    const citizens = people.filter((p) => p.roles.length === 0 && !members.some((m) => m.personId === p.id));
    expect(citizens.length).toBeGreaterThanOrEqual(3);

    expect(accounts.map((a) => a.email).sort()).toEqual(people.map((p) => p.email).sort());
    expect(accounts.every((a) => a.email.endsWith('@amiens-metropole.demo'))).toBe(true);
    // One holder of each role signs in (a password check costs as much as hashing it).
    const holders = [
      ...TERRITORY_ROLES.map((role) => people.find((p) => p.roles.includes(role))!),
      ...ORGANISATION_ROLES.map((role) => people.find((p) => p.id === members.find((m) => m.role === role)!.personId)!),
      citizens[0]!,
    ];
    for (const holder of holders) {
      expect((await services.auth.signIn({ email: holder.email, password: DEMO_PASSWORD })).person.id).toBe(holder.id);
    }
  });

  it('shows a running currency: months of history, reserve equal to circulation, salary shares converted', async () => {
    const now = new Date('2026-12-01T09:00:00Z');
    await loadDemo(ctx.handle, now);
    const services = createServices(ctx.handle);
    const proof = await services.currency.proofOfReserve(DEMO_TERRITORY_SLUG);
    expect(proof.circulation).toBeGreaterThan(100_000n);
    expect(proof.reserve).toBe(proof.circulation);
    expect(proof.series.length).toBeGreaterThanOrEqual(8);
    expect(proof.series[0]!.day < '2026-08-15').toBe(true);
    const bakery = (await allOrganisations(services)).find((o) => o.name.startsWith('Fournil'))!;
    const runs = await services.salaryShare.listRuns(system, DEMO_TERRITORY_SLUG, bakery.id);
    expect(runs.map((r) => r.employees)).toEqual([2, 2, 2, 2]);
  });

  it('does nothing when the demo territory is already loaded', async () => {
    const services = createServices(ctx.handle);
    expect((await loadDemo(ctx.handle)).created).toBe(true);
    const organisations = await allOrganisations(services);
    const events = await services.territories.auditTrail(system, DEMO_TERRITORY_SLUG, 1000);

    expect(await loadDemo(ctx.handle)).toEqual({ created: false, accounts: [] });
    expect(await allOrganisations(services)).toEqual(organisations);
    expect(await services.territories.auditTrail(system, DEMO_TERRITORY_SLUG, 1000)).toEqual(events);
  });
});
