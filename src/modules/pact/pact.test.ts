import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { describeEachDatabase } from '../../platform/db/test-database.js';
import { createTestApp, TestClient } from '../../platform/http/test-client.js';
import type { App } from '../../app.js';
import { pactTerritory, system } from './test-factories.js';

const PASSWORD = 'correct-horse-battery';

describeEachDatabase('pact: signatures and vision', (ctx) => {
  let app: App;
  let t: Awaited<ReturnType<typeof pactTerritory>>;

  beforeEach(async () => {
    app = await createTestApp(ctx.handle);
    t = await pactTerritory(app);
    await app.services.pact.createPact(t.as('facilitator'), t.slug, { title: 'Pacte 21 de l’Amiénois', horizonStartYear: 2026 });
  });
  afterEach(async () => app.close());

  it('lets only the current representative sign; the first signature makes the Pact signed', async () => {
    const { pact } = app.services;
    await expect(pact.sign(t.as('recyclingStaff'), t.slug, t.organisations.recycling)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(pact.sign(t.as('facilitator'), t.slug, t.organisations.recycling)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(pact.sign(t.as('wasteRep'), t.slug, t.organisations.recycling)).rejects.toMatchObject({ code: 'forbidden' });
    expect((await pact.overview(t.slug)).status).toBe('draft');

    const signature = await pact.sign(t.as('recyclingRep'), t.slug, t.organisations.recycling);
    expect(signature).toMatchObject({ organisationId: t.organisations.recycling, representativeId: t.people.recyclingRep, organisationKind: 'business' });
    await expect(pact.sign(t.as('recyclingRep'), t.slug, t.organisations.recycling)).rejects.toMatchObject({ code: 'already_signed' });
    const overview = await pact.overview(t.slug);
    expect(overview).toMatchObject({ status: 'signed', horizonStartYear: 2026, horizonEndYear: 2031 });
  });

  it('refuses a representative whose membership has ended', async () => {
    await app.services.territories.endMembership(system, t.slug, t.organisations.waste, t.people.wasteRep);
    await expect(app.services.pact.sign(t.as('wasteRep'), t.slug, t.organisations.waste)).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('shows the balance of signatories by kind of actor on the public page', async () => {
    await app.services.pact.sign(t.as('wasteRep'), t.slug, t.organisations.waste);
    await app.services.pact.sign(t.as('recyclingRep'), t.slug, t.organisations.recycling);
    await app.services.pact.sign(t.as('ressourcerieRep'), t.slug, t.organisations.ressourcerie);
    const reader = new TestClient(app);
    const response = await reader.get(`/api/v1/t/${t.slug}/pact/signatures`);
    expect(response.statusCode).toBe(200);
    expect(response.json().balance).toEqual({ public: 1, private: 1, civil_society: 1 });
    expect(response.json().items.map((s: { organisationKind: string }) => s.organisationKind)).toEqual(['public_body', 'business', 'association']);
    expect((await reader.get(`/api/v1/t/${t.slug}/pact`)).json()).toMatchObject({ status: 'signed', balance: { public: 1, private: 1, civil_society: 1 }, progress: null });
  });

  it('signs over HTTP as a signed-in representative, and answers 403 to a citizen', async () => {
    await app.services.auth.createAccount(system, { email: 'anne@amiens.test', password: PASSWORD, displayName: 'Anne' });
    await app.services.territories.addMember(system, t.slug, t.organisations.ressourcerie, { email: 'anne@amiens.test', role: 'representative' });
    const anne = new TestClient(app);
    expect((await anne.signIn('anne@amiens.test', PASSWORD)).statusCode).toBe(200);
    expect((await anne.post(`/api/v1/t/${t.slug}/pact/signatures`, { organisationId: t.organisations.waste })).statusCode).toBe(403);
    const signed = await anne.post(`/api/v1/t/${t.slug}/pact/signatures`, { organisationId: t.organisations.ressourcerie });
    expect(signed.statusCode).toBe(201);
    expect(signed.json()).toMatchObject({ organisationKind: 'association' });
    expect((await new TestClient(app).post(`/api/v1/t/${t.slug}/pact/signatures`, { organisationId: t.organisations.waste })).statusCode).toBe(401);
  });

  it('records the signature, its audit event and its chronicle entry together: a failure after the entry leaves none', async () => {
    const record = app.services.chronicle.record.bind(app.services.chronicle);
    const spy = vi.spyOn(app.services.chronicle, 'record').mockImplementation(async (trx, territoryId, entry) => {
      await record(trx, territoryId, entry);
      throw new Error('disk full');
    });
    await expect(app.services.pact.sign(t.as('wasteRep'), t.slug, t.organisations.waste)).rejects.toThrow('disk full');
    spy.mockRestore();
    expect((await app.services.chronicle.list(t.slug, { limit: 10 })).items).toEqual([]);
    expect((await app.services.pact.listSignatures(t.slug)).items).toEqual([]);
    expect((await app.services.pact.overview(t.slug)).status).toBe('draft');
    const trail = await app.services.territories.auditTrail(system, t.slug, 50);
    expect(trail.some((e) => e.action === 'pact.signed')).toBe(false);

    await app.services.pact.sign(t.as('wasteRep'), t.slug, t.organisations.waste);
    const entries = (await app.services.chronicle.list(t.slug, { limit: 10 })).items;
    expect(entries).toMatchObject([{ kind: 'pact.signed', organisationId: t.organisations.waste, linkPath: '/pact' }]);
  });

  it('publishes versions without overwriting, and shows the diff between two', async () => {
    const { pact } = app.services;
    await expect(pact.publishVision(t.as('wasteRep'), t.slug, { statement: 'x', objectives: [] })).rejects.toMatchObject({ code: 'forbidden' });
    const v1 = await pact.publishVision(t.as('facilitator'), t.slug, {
      statement: 'Une économie territoriale durable',
      objectives: [
        { title: 'Déchets ménagers', indicatorCode: 'dma_kg_hab', baseline: 560, targetValue: 450, unit: 'kg/hab', targetYear: 2031 },
        { title: 'Circuits courts', indicatorCode: null, baseline: null, targetValue: 30, unit: '%', targetYear: 2031 },
      ],
    });
    const [waste, food] = v1.objectives;
    const v2 = await pact.publishVision(t.as('facilitator'), t.slug, {
      statement: 'Une économie territoriale durable et solidaire',
      objectives: [
        { ...waste!, targetValue: 420 },
        { title: 'Logements rénovés', indicatorCode: null, baseline: 0, targetValue: 2000, unit: 'logements', targetYear: 2031 },
      ],
    });
    expect(v2.version).toBe(2);

    const client = new TestClient(app);
    const base = `/api/v1/t/${t.slug}/pact/vision`;
    expect((await client.get(base)).json()).toMatchObject({ version: 2, statement: 'Une économie territoriale durable et solidaire' });
    expect((await client.get(`${base}/versions`)).json().items.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect((await client.get(`${base}/versions/1`)).json().objectives.map((o: { targetValue: number }) => o.targetValue)).toEqual([450, 30]);
    const diff = (await client.get(`${base}/versions/1/diff/2`)).json();
    expect(diff).toMatchObject({ from: 1, to: 2, statementChanged: true });
    expect(diff.added.map((o: { title: string }) => o.title)).toEqual(['Logements rénovés']);
    expect(diff.removed.map((o: { id: string }) => o.id)).toEqual([food!.id]);
    expect(diff.changed).toEqual([{ id: waste!.id, title: 'Déchets ménagers', fields: [{ field: 'targetValue', before: 450, after: 420 }] }]);
    expect((await client.get(`${base}/versions/1/diff/9`)).statusCode).toBe(404);
    expect((await app.services.chronicle.list(t.slug, { limit: 10, kind: 'vision.published' })).items).toHaveLength(2);
  });
});

describeEachDatabase('pact: tenancy', (ctx) => {
  let app: App;

  beforeEach(async () => {
    app = await createTestApp(ctx.handle);
  });
  afterEach(async () => app.close());

  it("lets a facilitator of territory B change nothing of A's Pact, vision, task forces or chronicle", async () => {
    const a = await pactTerritory(app);
    await pactTerritory(app, 'amiens-ville', { slug: 'amiens-ville', level: 'commune', inseeCode: '80021', currencyCode: 'PICA', currencyName: 'La Pica' });
    await app.services.pact.createPact(a.as('facilitator'), a.slug, { title: 'Pacte A', horizonStartYear: 2026 });
    const taskForce = await app.services.taskForces.create(a.as('facilitator'), a.slug, { name: 'Circuits courts', mission: 'Nourrir' });

    await app.services.auth.createAccount(system, { email: 'victor@example.org', password: PASSWORD, displayName: 'Victor' });
    const victorId = (await app.services.territories.addPerson(system, 'amiens-ville', { email: 'victor@example.org', displayName: 'Victor' })).id;
    await app.services.territories.setRoles(system, 'amiens-ville', victorId, ['facilitator']);
    const victor = new TestClient(app);
    expect((await victor.signIn('victor@example.org', PASSWORD)).statusCode).toBe(200);

    const before = { pact: await app.services.pact.overview(a.slug), chronicle: await app.services.chronicle.list(a.slug, { limit: 50 }) };
    const A = `/api/v1/t/${a.slug}`;
    for (const [action, response] of [
      ['patch pact', await victor.patch(`${A}/pact`, { title: 'Volé' })],
      ['publish vision', await victor.post(`${A}/pact/vision`, { statement: 'x', objectives: [] })],
      ['create task force', await victor.post(`${A}/task-forces`, { name: 'x', mission: 'y' })],
      ['edit task force', await victor.patch(`${A}/task-forces/${taskForce.id}`, { status: 'active' })],
      ['sign', await victor.post(`${A}/pact/signatures`, { organisationId: a.organisations.waste })],
    ] as const) {
      expect(response.statusCode, action).toBe(403);
    }
    expect((await victor.get(`/api/v1/t/amiens-ville/task-forces/${taskForce.id}`)).statusCode).toBe(404);
    expect(await app.services.pact.overview(a.slug)).toEqual(before.pact);
    expect(await app.services.chronicle.list(a.slug, { limit: 50 })).toEqual(before.chronicle);
  });
});
