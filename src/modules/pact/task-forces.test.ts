import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../../platform/db/test-database.js';
import { createTestApp, TestClient } from '../../platform/http/test-client.js';
import type { App } from '../../app.js';
import { pactTerritory } from './test-factories.js';

describeEachDatabase('pact: task forces, commitments and the chronicle', (ctx) => {
  let app: App;
  let t: Awaited<ReturnType<typeof pactTerritory>>;
  let taskForceId: string;

  beforeEach(async () => {
    app = await createTestApp(ctx.handle);
    t = await pactTerritory(app);
    const { pact, taskForces } = app.services;
    await pact.createPact(t.as('facilitator'), t.slug, { title: 'Pacte 21', horizonStartYear: 2026 });
    await pact.sign(t.as('recyclingRep'), t.slug, t.organisations.recycling);
    await pact.sign(t.as('ressourcerieRep'), t.slug, t.organisations.ressourcerie);
    taskForceId = (
      await taskForces.create(t.as('facilitator'), t.slug, {
        name: 'Écologie industrielle',
        mission: 'Boucler les flux de matières',
        environmentalCriteria: [{ statement: 'Déchets détournés', threshold: 500, unit: 't/an', indicatorCode: 'waste_diverted' }],
        governance: { method: 'two_thirds', quorumPercent: 60 },
        budgetLines: [{ label: 'Étude des flux', category: 'études', plannedAmount: 1_500_000n }, { label: 'Animation', category: 'animation', plannedAmount: 800_000n }],
      })
    ).id;
    await taskForces.setMember(t.as('facilitator'), t.slug, taskForceId, { memberType: 'person', memberId: t.people.citizen, role: 'lead' });
    await taskForces.setMember(t.as('facilitator'), t.slug, taskForceId, { memberType: 'person', memberId: t.people.wasteRep, role: 'observer' });
  });
  afterEach(async () => app.close());

  it('creates a task force (facilitator only) with its criteria, governance and budget plan', async () => {
    await expect(app.services.taskForces.create(t.as('recyclingRep'), t.slug, { name: 'x', mission: 'y' })).rejects.toMatchObject({ code: 'forbidden' });
    const response = await new TestClient(app).get(`/api/v1/t/${t.slug}/task-forces/${taskForceId}`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      status: 'proposed',
      governance: { method: 'two_thirds', quorumPercent: 60 },
      environmentalCriteria: [{ statement: 'Déchets détournés', threshold: 500, unit: 't/an' }],
      plannedBudget: 2_300_000,
    });
    // Both joined at the same instant: listed by date, then by id, so their order here is not fixed.
    const members = (response.json().members as { memberId: string; role: string }[]).map(({ memberId, role }) => ({ memberId, role }));
    expect(members).toHaveLength(2);
    expect(members).toEqual(expect.arrayContaining([{ memberId: t.people.citizen, role: 'lead' }, { memberId: t.people.wasteRep, role: 'observer' }]));
  });

  it('moves proposed → active → closed by a lead, refuses going back and refuses a plain observer', async () => {
    const { taskForces } = app.services;
    await expect(taskForces.update(t.as('wasteRep'), t.slug, taskForceId, { status: 'active' })).rejects.toMatchObject({ code: 'forbidden' });
    expect((await taskForces.update(t.as('citizen'), t.slug, taskForceId, { status: 'active', mission: 'Boucler les flux' })).status).toBe('active');
    await expect(taskForces.update(t.as('citizen'), t.slug, taskForceId, { status: 'proposed' })).rejects.toMatchObject({ code: 'invalid_transition', status: 409 });
    expect((await taskForces.update(t.as('citizen'), t.slug, taskForceId, { status: 'closed' })).status).toBe('closed');
    const kinds = (await app.services.chronicle.list(t.slug, { limit: 50, taskForceId })).items.map((e) => e.kind);
    expect(kinds).toEqual(['task_force.status_changed', 'task_force.status_changed', 'task_force.created']);
  });

  it('lets the owner’s representative and staff, the task force lead and a facilitator update a commitment; not others', async () => {
    const { commitments } = app.services;
    const made = await commitments.make(t.as('recyclingRep'), t.slug, {
      ownerOrganisationId: t.organisations.recycling,
      taskForceId,
      statement: 'Recycler 500 t de gravats par an',
      target: { indicatorCode: 'waste_diverted', value: 500, unit: 't', deadline: '2028-12-31' },
      weight: 2,
    });
    for (const who of ['ressourcerieRep', 'wasteRep'] as const) {
      await expect(commitments.update(t.as(who), t.slug, made.id, { progress: 5 }), who).rejects.toMatchObject({ code: 'forbidden' });
    }
    let progress = 0;
    for (const who of ['recyclingRep', 'recyclingStaff', 'citizen', 'facilitator'] as const) {
      progress += 10;
      expect((await commitments.update(t.as(who), t.slug, made.id, { progress, note: who })).progress, who).toBe(progress);
    }
    const detail = await commitments.get(t.slug, made.id);
    expect(detail).toMatchObject({ status: 'in_progress', progress: 40, late: false });
    expect(detail.updates.map((u) => [u.progress, u.note])).toEqual([[10, 'recyclingRep'], [20, 'recyclingStaff'], [30, 'citizen'], [40, 'facilitator']]);
  });

  it('accepts commitments only from signatories, and refuses a staff member making one', async () => {
    const { commitments } = app.services;
    const input = { statement: 'Composter', milestoneDate: '2027-01-01' };
    await expect(commitments.make(t.as('wasteRep'), t.slug, { ...input, ownerOrganisationId: t.organisations.waste })).rejects.toMatchObject({ code: 'not_a_signatory' });
    await expect(commitments.make(t.as('recyclingStaff'), t.slug, { ...input, ownerOrganisationId: t.organisations.recycling })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(commitments.make(t.as('recyclingRep'), t.slug, { statement: 'x', ownerOrganisationId: t.organisations.recycling })).rejects.toMatchObject({ code: 'target_or_milestone' });
    expect((await commitments.list(t.slug)).length).toBe(0);
  });

  it('computes late from the deadline and rolls progress up by weight, leaving abandoned ones out', async () => {
    const { commitments } = app.services;
    const make = (weight: number, milestoneDate: string, owner = t.organisations.recycling) =>
      commitments.make(t.as('facilitator'), t.slug, { ownerOrganisationId: owner, taskForceId, statement: `Jalon ${weight}`, milestoneDate, weight });
    const past = await make(1, '2020-01-01');
    const big = await make(3, '2099-01-01');
    const dropped = await make(5, '2099-01-01', t.organisations.ressourcerie);
    await commitments.update(t.as('facilitator'), t.slug, big.id, { progress: 60 });
    await commitments.update(t.as('facilitator'), t.slug, dropped.id, { status: 'abandoned', note: 'Financement perdu' });

    const client = new TestClient(app);
    const late = (await client.get(`/api/v1/t/${t.slug}/commitments?late=true`)).json().items;
    expect(late.map((c: { id: string }) => c.id)).toEqual([past.id]);
    const taskForce = (await client.get(`/api/v1/t/${t.slug}/task-forces/${taskForceId}`)).json();
    expect(taskForce.progress).toBe(45); // (1 × 0 + 3 × 60) / 4
    expect(taskForce.commitmentCounts).toEqual({ planned: 1, in_progress: 1, done: 0, abandoned: 1, late: 1 });
    expect((await client.get(`/api/v1/t/${t.slug}/pact`)).json().progress).toBe(45);
    const kinds = (await app.services.chronicle.list(t.slug, { limit: 3, organisationId: t.organisations.ressourcerie })).items.map((e) => e.kind);
    expect(kinds).toEqual(['commitment.abandoned', 'commitment.made', 'pact.signed']);
  });

  it('publishes the chronicle as a well-formed Atom feed, one entry per event, titles escaped', async () => {
    await app.services.taskForces.create(t.as('facilitator'), t.slug, { name: `<script>alert("x")</script> & l'atelier`, mission: 'Tester' });
    const client = new TestClient(app);
    const count = (await client.get(`/api/v1/t/${t.slug}/chronicle?limit=200`)).json().items.length;
    const response = await client.get(`/api/v1/t/${t.slug}/chronicle.atom`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('application/atom+xml');
    const xml = response.body;
    expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">')).toBe(true);
    expect(xml.match(/<entry>/g)).toHaveLength(count);
    expect(xml).not.toContain('<script>');
    expect(xml).toContain('Nouvelle Task Force : &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; l&apos;atelier');
    expect(xml).toMatch(/<id>urn:uuid:[0-9a-f-]{36}<\/id>/);
    expect(isWellFormed(xml)).toBe(true);
    const page1 = (await client.get(`/api/v1/t/${t.slug}/chronicle?limit=2`)).json();
    const page2 = (await client.get(`/api/v1/t/${t.slug}/chronicle?limit=2&cursor=${page1.nextCursor}`)).json();
    expect([...page1.items, ...page2.items].map((e: { id: string }) => e.id)).toEqual(
      (await client.get(`/api/v1/t/${t.slug}/chronicle?limit=4`)).json().items.map((e: { id: string }) => e.id),
    );
  });
});

/** No XML parser ships with Node: a minimal check that tags nest, attributes are quoted and every `&` starts an entity. */
function isWellFormed(xml: string): boolean {
  const body = xml.replace(/^<\?xml[^?]*\?>/, '');
  const stack: string[] = [];
  for (const token of body.match(/<[^>]*>|[^<]+/g) ?? []) {
    if (!token.startsWith('<')) {
      if (/&(?!(amp|lt|gt|quot|apos);)/.test(token) || token.includes('>')) return false;
      continue;
    }
    const tag = /^<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<&]*(?:&(?:amp|lt|gt|quot|apos);[^"<&]*)*")*)\s*(\/?)>$/.exec(token);
    if (!tag) return false;
    const [, closing, name, , selfClosing] = tag;
    if (closing) {
      if (stack.pop() !== name) return false;
    } else if (!selfClosing) stack.push(name!);
  }
  return stack.length === 0;
}
