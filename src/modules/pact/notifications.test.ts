import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../../platform/db/test-database.js';
import { createTestApp, TestClient } from '../../platform/http/test-client.js';
import type { App } from '../../app.js';
import { clientAs, signedPact, system } from './test-factories.js';

interface NotificationJson {
  id: string;
  kind: string;
  title: string;
  linkPath: string;
  targetType: string;
  readAt: string | null;
}

describeEachDatabase('pact: follow and notify', (ctx) => {
  let app: App;
  let t: Awaited<ReturnType<typeof signedPact>>;
  let commitmentId: string;
  const A = () => `/api/v1/t/${t.slug}`;

  beforeEach(async () => {
    app = await createTestApp(ctx.handle, { lateSweepMinutes: 0 });
    t = await signedPact(app);
    commitmentId = (
      await app.services.commitments.make(t.as('recyclingRep'), t.slug, {
        ownerOrganisationId: t.organisations.recycling,
        taskForceId: t.taskForceId,
        statement: 'Recycler 500 t de gravats',
        milestoneDate: '2030-01-01',
      })
    ).id;
  });
  afterEach(async () => app.close());

  it('tells the followers of a commitment and of its task force about each change, except whoever made it', async () => {
    const julien = await clientAs(app, t.slug, t.people.ressourcerieRep);
    const marc = await clientAs(app, t.slug, t.people.wasteRep);
    const hugo = await clientAs(app, t.slug, t.people.recyclingStaff);
    const sophie = await clientAs(app, t.slug, t.people.recyclingRep);

    expect((await new TestClient(app).put(`${A()}/commitments/${commitmentId}/follow`)).statusCode).toBe(401);
    expect((await julien.get(`${A()}/commitments/${commitmentId}/follow`)).json()).toEqual({ following: false, followers: 0 });
    expect((await julien.put(`${A()}/commitments/${commitmentId}/follow`)).json()).toEqual({ following: true, followers: 1 });
    expect((await julien.put(`${A()}/commitments/${commitmentId}/follow`)).json()).toEqual({ following: true, followers: 1 });
    await hugo.put(`${A()}/commitments/${commitmentId}/follow`);
    await sophie.put(`${A()}/commitments/${commitmentId}/follow`);
    expect((await marc.put(`${A()}/task-forces/${t.taskForceId}/follow`)).json()).toEqual({ following: true, followers: 1 });
    expect((await marc.put(`${A()}/task-forces/unknown/follow`)).statusCode).toBe(404);
    expect((await hugo.get(`${A()}/follows`)).json().items).toMatchObject([{ targetType: 'commitment', targetId: commitmentId }]);

    expect((await sophie.post(`${A()}/commitments/${commitmentId}/updates`, { progress: 30, note: 'Premier chantier' })).statusCode).toBe(201);
    expect((await sophie.post(`${A()}/commitments/${commitmentId}/updates`, { progress: 50 })).statusCode).toBe(201);
    expect((await julien.delete(`${A()}/commitments/${commitmentId}/follow`)).json()).toEqual({ following: false, followers: 2 });
    expect((await hugo.post(`${A()}/commitments/${commitmentId}/updates`, { status: 'done' })).statusCode).toBe(201);

    const list = async (client: TestClient, query = '') => (await client.get(`${A()}/notifications${query}`)).json();
    const kindsOf = (body: { items: NotificationJson[] }) => body.items.map((n) => n.kind);
    // Progress on a planned commitment starts it: a change of status, then of progress alone.
    expect(kindsOf(await list(julien))).toEqual(['commitment.updated', 'commitment.status_changed']);
    expect(kindsOf(await list(hugo))).toEqual(['commitment.updated', 'commitment.status_changed']);
    expect(kindsOf(await list(sophie))).toEqual(['commitment.status_changed']);
    const marcs = await list(marc);
    expect(marcs).toMatchObject({ unreadCount: 3, nextCursor: null });
    expect(marcs.items).toMatchObject([
      { kind: 'commitment.status_changed', title: 'Engagement tenu : Recycler 500 t de gravats', linkPath: `/commitments/${commitmentId}`, targetType: 'commitment', readAt: null },
      { kind: 'commitment.updated', title: 'Engagement à 50 % : Recycler 500 t de gravats' },
      { kind: 'commitment.status_changed', title: 'Engagement en cours : Recycler 500 t de gravats', body: 'Premier chantier' },
    ]);

    const first = await list(marc, '?limit=2');
    const second = await list(marc, `?limit=2&cursor=${first.nextCursor}`);
    expect(second.nextCursor).toBeNull();
    expect([...first.items, ...second.items].map((n: NotificationJson) => n.id)).toEqual(marcs.items.map((n: NotificationJson) => n.id));
    const read = (await marc.post(`${A()}/notifications/${marcs.items[1].id}/read`)).json();
    expect(read.readAt).not.toBeNull();
    expect(await list(marc, '?unread=true')).toMatchObject({ unreadCount: 2, items: [{ id: marcs.items[0].id }, { id: marcs.items[2].id }] });
    expect((await marc.post(`${A()}/notifications/read-all`)).json()).toEqual({ marked: 2, unreadCount: 0 });
    expect((await list(marc)).unreadCount).toBe(0);
  });

  it('keeps each person’s notifications to themselves, in their territory', async () => {
    const julien = await clientAs(app, t.slug, t.people.ressourcerieRep);
    const marc = await clientAs(app, t.slug, t.people.wasteRep);
    await julien.put(`${A()}/commitments/${commitmentId}/follow`);
    await marc.put(`${A()}/commitments/${commitmentId}/follow`);
    await app.services.commitments.update(t.as('recyclingRep'), t.slug, commitmentId, { progress: 10 });
    const marcsNotification = (await marc.get(`${A()}/notifications`)).json().items[0] as NotificationJson;
    const juliensNotification = (await julien.get(`${A()}/notifications`)).json().items[0] as NotificationJson;
    expect(marcsNotification.id).not.toBe(juliensNotification.id);

    // Another person cannot mark it read, nor read it, nor learn it exists.
    const marked = await julien.post(`${A()}/notifications/${marcsNotification.id}/read`);
    expect(marked.statusCode).toBe(404);
    expect(marked.headers['content-type']).toContain('application/problem+json');
    expect((await julien.post(`${A()}/notifications/read-all`)).json()).toEqual({ marked: 1, unreadCount: 0 });
    expect((await marc.get(`${A()}/notifications`)).json()).toMatchObject({ unreadCount: 1, items: [{ id: marcsNotification.id, readAt: null }] });
    expect((await new TestClient(app).get(`${A()}/notifications`)).statusCode).toBe(401);

    // The same person in another territory sees none of these there, and a token of one territory reads nothing of another.
    const other = await signedPact(app, 'amiens-ville', { slug: 'amiens-ville', level: 'commune', inseeCode: '80021', currencyCode: 'PICA', currencyName: 'La Pica' });
    await app.services.territories.addPerson(system, other.slug, { email: 'marc@amiens.test', displayName: 'marc' });
    const marcThere = await clientAs(app, other.slug, t.people.wasteRep);
    expect((await marcThere.get(`/api/v1/t/${other.slug}/notifications`)).json()).toEqual({ items: [], nextCursor: null, unreadCount: 0 });
    expect((await marcThere.post(`/api/v1/t/${t.slug}/notifications/read-all`)).statusCode).toBe(403);
    expect((await marc.get(`/api/v1/t/${other.slug}/notifications`)).statusCode).toBe(403);
    expect((await marc.get(`${A()}/notifications`)).json().unreadCount).toBe(1);
  });

  it('tells the followers of a task force when its status changes and when it takes a decision', async () => {
    const { notifications, taskForces, decisions } = app.services;
    await notifications.follow(t.as('wasteRep'), t.slug, { type: 'task_force', id: t.taskForceId });
    await notifications.follow(t.as('citizen'), t.slug, { type: 'task_force', id: t.taskForceId });
    await expect(notifications.follow(system, t.slug, { type: 'task_force', id: t.taskForceId })).rejects.toMatchObject({ status: 403 });
    await taskForces.update(t.as('facilitator'), t.slug, t.taskForceId, { status: 'active' });
    const decision = await decisions.open(t.as('citizen'), t.slug, t.taskForceId, { title: 'Une benne par zone', text: 'Installer des bennes', closesAt: new Date(Date.now() + 86_400_000).toISOString() });
    await decisions.vote(t.as('citizen'), t.slug, t.taskForceId, decision.id, { choice: 'consent' });
    await decisions.close(t.as('citizen'), t.slug, t.taskForceId, decision.id);

    const marcs = await notifications.list(t.as('wasteRep'), t.slug, { limit: 10 });
    expect(marcs.items.map((n) => [n.kind, n.targetType, n.linkPath])).toEqual([
      ['decision.taken', 'task_force', `/task-forces/${t.taskForceId}`],
      ['task_force.status_changed', 'task_force', `/task-forces/${t.taskForceId}`],
    ]);
    expect(marcs.items[0]!.title).toBe('Décision adoptée (Écologie industrielle) : Une benne par zone');
    // Lucie closed the decision herself: she is told only of the status change the facilitator made.
    expect((await notifications.list(t.as('citizen'), t.slug, { limit: 10 })).items.map((n) => n.kind)).toEqual(['task_force.status_changed']);
  });
});
