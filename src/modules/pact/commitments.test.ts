import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../../platform/db/test-database.js';
import { createApp, type App } from '../../app.js';
import { loadConfig } from '../../config.js';
import { clientAs, signedPact, system } from './test-factories.js';

const testConfig = (lateSweepMinutes = 0) =>
  loadConfig({ cookieSecret: 'test-secret-test-secret-test-secret', logLevel: 'silent', webRoot: '/nonexistent', lateSweepMinutes, signInRateLimit: { max: 1000, timeWindow: '1 minute' } });

describeEachDatabase('pact: editing commitments, late ones, task force members', (ctx) => {
  let app: App;
  let now: Date;
  let t: Awaited<ReturnType<typeof signedPact>>;
  const A = () => `/api/v1/t/${t.slug}`;
  const at = (iso: string) => {
    now = new Date(iso);
  };

  beforeEach(async () => {
    at('2027-03-01T10:00:00.000Z');
    app = await createApp(testConfig(), { database: ctx.handle, migrate: false, clock: () => now });
    t = await signedPact(app);
  });
  afterEach(async () => app.close());

  const make = (statement: string, due: string) =>
    app.services.commitments.make(t.as('recyclingRep'), t.slug, { ownerOrganisationId: t.organisations.recycling, taskForceId: t.taskForceId, statement, milestoneDate: due });

  it("lets the owner's members and the facilitators edit an open commitment, with every field at fault and nothing changed on bad input", async () => {
    const made = await make('Recycler 500 t', '2028-01-01');
    const path = `${A()}/commitments/${made.id}`;
    const hugo = await clientAs(app, t.slug, t.people.recyclingStaff);
    const julien = await clientAs(app, t.slug, t.people.ressourcerieRep);

    expect((await julien.patch(path, { statement: 'Volé' })).statusCode).toBe(403);
    const bad = await hugo.patch(path, { weight: 0, milestoneDate: 'bientôt' });
    expect(bad.statusCode).toBe(422);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['milestoneDate', 'weight']);
    expect((await hugo.get(path)).json()).toMatchObject({ statement: 'Recycler 500 t', weight: 1, milestoneDate: '2028-01-01' });

    const edited = await hugo.patch(path, { statement: 'Recycler 600 t de gravats', weight: 3 });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({ statement: 'Recycler 600 t de gravats', weight: 3, milestoneDate: '2028-01-01', status: 'planned' });
    const target = { indicatorCode: 'waste_diverted', value: 600, unit: 't', deadline: '2028-06-30' };
    expect((await hugo.patch(path, { target })).json()).toMatchObject({ target, milestoneDate: null });
    expect((await hugo.patch(path, { taskForceId: 'nowhere' })).statusCode).toBe(404);
    const facilitator = await clientAs(app, t.slug, t.people.facilitator);
    expect((await facilitator.patch(path, { taskForceId: null })).json()).toMatchObject({ taskForceId: null });

    await app.services.commitments.update(t.as('recyclingRep'), t.slug, made.id, { status: 'done' });
    const closed = await hugo.patch(path, { weight: 2 });
    expect(closed.statusCode).toBe(422);
    expect(closed.json().code).toBe('commitment_closed');
    const trail = await app.services.territories.auditTrail(system, t.slug, 100);
    expect(trail.filter((e) => e.action === 'commitment.edited')).toHaveLength(3);
  });

  it('announces a commitment late once however often the sweep runs, in the chronicle and to its followers, and again if it misses a new deadline', async () => {
    const { commitments, chronicle, notifications } = app.services;
    const late = await make('Ouvrir la plateforme de réemploi', '2027-03-10');
    const kept = await make('Cartographier les flux', '2027-03-05');
    await commitments.update(t.as('recyclingRep'), t.slug, kept.id, { status: 'done' });
    await notifications.follow(t.as('ressourcerieRep'), t.slug, { type: 'commitment', id: late.id });
    expect(await commitments.recordLate(system, t.slug)).toEqual([]);

    at('2027-03-15T08:00:00.000Z');
    await expect(commitments.recordLate(t.as('recyclingRep'), t.slug)).rejects.toMatchObject({ code: 'forbidden' });
    expect((await commitments.recordLate(t.as('facilitator'), t.slug)).map((c) => [c.id, c.late])).toEqual([[late.id, true]]);
    expect(await commitments.recordLate(system, t.slug)).toEqual([]);
    expect(await commitments.recordLateEverywhere(system)).toEqual([{ territory: t.slug, announced: 0 }]);
    const entries = (await chronicle.list(t.slug, { limit: 10, kind: 'commitment.late' })).items;
    expect(entries).toMatchObject([
      { title: 'Engagement en retard : Ouvrir la plateforme de réemploi', organisationId: t.organisations.recycling, taskForceId: t.taskForceId, linkPath: `/commitments/${late.id}` },
    ]);
    expect(entries[0]!.body).toContain('2027-03-10');
    expect((await notifications.list(t.as('ressourcerieRep'), t.slug, { limit: 10 })).items.map((n) => n.kind)).toEqual(['commitment.late']);

    await commitments.edit(t.as('recyclingRep'), t.slug, late.id, { milestoneDate: '2027-04-01' });
    expect((await commitments.get(t.slug, late.id)).late).toBe(false);
    expect(await commitments.recordLate(system, t.slug)).toEqual([]);
    at('2027-04-02T08:00:00.000Z');
    expect(await commitments.recordLateEverywhere(system)).toEqual([{ territory: t.slug, announced: 1 }]);
    expect((await chronicle.list(t.slug, { limit: 10, kind: 'commitment.late' })).items).toHaveLength(2);
  });

  it('sweeps late commitments when a server starts, and stops its timer on close', async () => {
    await make('Former deux apprentis', '2027-02-01');
    const server = await createApp(testConfig(60), { database: ctx.handle, migrate: false, clock: () => now });
    await server.close();
    expect((await app.services.chronicle.list(t.slug, { limit: 10, kind: 'commitment.late' })).items).toHaveLength(1);
  }, 120_000); // a second app on a busy machine

  it('names task force members, changes roles and removes members (leads, facilitators), keeping a lead', async () => {
    const base = `${A()}/task-forces/${t.taskForceId}/members`;
    const facilitator = await clientAs(app, t.slug, t.people.facilitator);
    const lucie = await clientAs(app, t.slug, t.people.citizen);
    const marc = await clientAs(app, t.slug, t.people.wasteRep);
    expect((await facilitator.post(base, { memberType: 'organisation', memberId: t.organisations.recycling, role: 'member' })).json()).toMatchObject({
      name: 'Picardie Recyclage <Matériaux> & "Co"',
      role: 'member',
    });
    expect((await lucie.get(base)).json().items.map((m: { name: string; role: string }) => [m.name, m.role]).sort()).toEqual([
      ['Lucie', 'lead'],
      ['Picardie Recyclage <Matériaux> & "Co"', 'member'],
    ]);
    expect((await lucie.get(`${A()}/task-forces/${t.taskForceId}`)).json().members).toContainEqual(expect.objectContaining({ memberType: 'person', name: 'Lucie' }));

    const lucieAsMember = `${base}/person/${t.people.citizen}`;
    const recyclingAsMember = `${base}/organisation/${t.organisations.recycling}`;
    expect((await marc.patch(recyclingAsMember, { role: 'lead' })).statusCode).toBe(403);
    const lastLead = await lucie.patch(lucieAsMember, { role: 'member' });
    expect([lastLead.statusCode, lastLead.json().code]).toEqual([409, 'last_lead']);
    expect((await lucie.delete(lucieAsMember)).json().code).toBe('last_lead');
    expect((await lucie.patch(recyclingAsMember, { role: 'lead' })).json()).toMatchObject({ role: 'lead', name: 'Picardie Recyclage <Matériaux> & "Co"' });
    expect((await lucie.patch(lucieAsMember, { role: 'observer' })).json()).toMatchObject({ role: 'observer', name: 'Lucie' });
    expect((await marc.delete(lucieAsMember)).statusCode).toBe(403);
    expect((await facilitator.delete(lucieAsMember)).statusCode).toBe(204);
    expect((await facilitator.delete(lucieAsMember)).statusCode).toBe(404);
    expect((await lucie.get(base)).json().items.map((m: { memberId: string }) => m.memberId)).toEqual([t.organisations.recycling]);
    const trail = await app.services.territories.auditTrail(system, t.slug, 100);
    expect(trail.filter((e) => e.action.startsWith('task_force.member_')).map((e) => e.action)).toEqual(
      expect.arrayContaining(['task_force.member_removed', 'task_force.member_role_changed']),
    );
  });
});
