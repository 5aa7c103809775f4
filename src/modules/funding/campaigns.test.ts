import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { describeEachDatabase } from '../../platform/db/test-database.js';
import { TestClient } from '../../platform/http/test-client.js';
import { anonymous } from '../../platform/auth/actor.js';
import type { App } from '../../app.js';
import { ledgerRepository } from '../currency/ledger-repository.js';
import { escrowOwner } from './campaigns.js';
import { citizen, createClockedTestApp, fundingTerritory, system } from './test-factories.js';

// Each test builds the whole app and a territory: slow on a busy machine, above the default limits.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

describeEachDatabase('crowdfunding campaigns and matchfunding', (ctx) => {
  let app: App;
  let advanceDays: (days: number) => void;
  let clock: () => Date;
  let t: Awaited<ReturnType<typeof fundingTerritory>>;
  let projectId: string;

  beforeEach(async () => {
    ({ app, advanceDays, clock } = await createClockedTestApp(ctx.handle));
    t = await fundingTerritory(app);
    projectId = (await app.services.funding.createProject(t.as('recyclingRep'), t.slug, t.taskForceId, { name: 'Isolation de la résidence Saint-Leu', holderOrganisationId: t.organisations.ressourcerie })).id;
  });
  afterEach(async () => app.close());

  const openCampaign = async (goal: bigint, title = 'Isolons Saint-Leu') => {
    const { fundingCampaigns } = app.services;
    const draft = await fundingCampaigns.create(t.as('recyclingRep'), t.slug, projectId, { title, goal, deadline: new Date(clock().getTime() + 30 * 86_400_000).toISOString() });
    return fundingCampaigns.update(t.as('recyclingRep'), t.slug, draft.id, { status: 'open' });
  };
  const withGrains = async (name: string, amount: bigint) => {
    const person = await citizen(app, t.slug, name);
    await app.services.currency.issue(system, t.slug, { key: `issue-${name}-0001`, to: { type: 'person', id: person.id }, amount });
    return person;
  };
  const grains = async (type: 'person' | 'organisation' | 'system', id: string) => {
    const accounts = await app.services.currency.myAccounts(system, t.slug, { type, id });
    const a = accounts.find((x) => x.unit === 'GRAIN');
    return a ? { balance: a.balance, pendingDebits: a.pendingDebits, pendingCredits: a.pendingCredits } : { balance: 0n, pendingDebits: 0n, pendingCredits: 0n };
  };

  it('succeeds at the deadline: matches within every cap, pays the held local currency to the project’s holder, adds the lines and the chronicle entry', async () => {
    const { fundingCampaigns: campaigns } = app.services;
    const pool = await campaigns.createPool(t.as('facilitator'), t.slug, { funderName: 'Fondation Picardie Solidaire', amount: 10_000n, capPerPledge: 3_000n, capPerProject: 8_000n });
    const campaign = await openCampaign(20_000n);
    const alice = await withGrains('Alice', 5_000n);
    const bob = await withGrains('Bob', 5_000n);
    const carol = await citizen(app, t.slug, 'Carol');

    const a1 = await campaigns.pledge(alice.actor, t.slug, campaign.id, { key: 'pledge-alice-1', currency: 'EUR', amount: 4_000n });
    const a2 = await campaigns.pledge(alice.actor, t.slug, campaign.id, { key: 'pledge-alice-2', currency: 'local', amount: 2_000n });
    const b1 = await campaigns.pledge(bob.actor, t.slug, campaign.id, { key: 'pledge-bob-001', currency: 'local', amount: 3_000n });
    const c1 = await campaigns.pledge(carol.actor, t.slug, campaign.id, { key: 'pledge-carol-1', currency: 'EUR', amount: 5_000n });
    const o1 = await campaigns.pledge(t.as('recyclingRep'), t.slug, campaign.id, { key: 'pledge-org-0001', currency: 'EUR', amount: 1_000n, pledger: { type: 'organisation', id: t.organisations.recycling } });
    // Cap per pledge (3,000), one match per person, cap per project (8,000 − 6,000), organisations unmatched.
    expect([a1, a2, b1, c1, o1].map((p) => p.matched)).toEqual([3_000n, 0n, 3_000n, 2_000n, 0n]);
    expect(await grains('person', alice.id)).toEqual({ balance: 5_000n, pendingDebits: 2_000n, pendingCredits: 0n });
    expect(await grains('system', escrowOwner(campaign.id).id)).toMatchObject({ balance: 0n, pendingCredits: 5_000n });
    // The escrow is the currency module's holding account, not a member account (no demurrage, no member listing).
    expect((await app.services.currency.myAccounts(system, t.slug, escrowOwner(campaign.id))).map((a) => a.kind)).toEqual(['escrow']);

    const page = (await new TestClient(app).get(`/api/v1/t/${t.slug}/funding/campaigns/${campaign.id}`)).json();
    expect(page).toMatchObject({ status: 'open', totals: { pledgedEuros: 10_000, pledgedLocal: 5_000, matched: 8_000, raised: 23_000, pledgerCount: 4 }, progressPercent: 115, acceptsLocalCurrency: true });
    expect(page.pledges.map((p: { pledgerName: string | null }) => p.pledgerName)).toEqual([null, null, null, null, 'Picardie Recyclage <Matériaux> & "Co"']);
    expect(page.pools).toEqual([expect.objectContaining({ poolId: pool.id, matched: 8_000 })]);

    expect(await campaigns.closeDueCampaigns(system)).toEqual([]);
    advanceDays(31);
    expect(await campaigns.closeDueCampaigns(system)).toEqual([expect.objectContaining({ campaignId: campaign.id, outcome: 'succeeded', raised: 23_000n })]);
    expect(await campaigns.closeDueCampaigns(system)).toEqual([]);

    expect(await grains('person', alice.id)).toEqual({ balance: 3_000n, pendingDebits: 0n, pendingCredits: 0n });
    expect(await grains('person', bob.id)).toEqual({ balance: 2_000n, pendingDebits: 0n, pendingCredits: 0n });
    expect(await grains('organisation', t.organisations.ressourcerie)).toMatchObject({ balance: 5_000n });
    expect(await grains('system', escrowOwner(campaign.id).id)).toEqual({ balance: 0n, pendingDebits: 0n, pendingCredits: 0n });
    expect((await campaigns.get(t.slug, campaign.id)).pledges.every((p) => p.status === 'confirmed')).toBe(true);

    const lines = await app.services.funding.lines(t.slug, { projectId });
    expect(lines.map((l) => [l.sourceKind, l.funderName, l.amount, l.status])).toEqual([
      ['crowdfunding', 'Contributeur·ices de la campagne « Isolons Saint-Leu »', 10_000n, 'granted'],
      ['local_currency', 'Contributeur·ices de la campagne « Isolons Saint-Leu »', 5_000n, 'received'],
      ['crowdfunding', 'Fondation Picardie Solidaire', 8_000n, 'granted'],
    ]);
    const chronicle = (await app.services.chronicle.list(t.slug, { limit: 1, kind: 'funding.campaign_succeeded' })).items;
    expect(chronicle[0]).toMatchObject({ title: 'Campagne réussie : Isolons Saint-Leu', taskForceId: t.taskForceId });
    await expect(campaigns.update(t.as('recyclingRep'), t.slug, campaign.id, { status: 'closed' })).resolves.toMatchObject({ status: 'closed' });
  });

  it('fails at the deadline and gives every local-currency pledge back: balances exactly as before, matches back in the pool', async () => {
    const { fundingCampaigns: campaigns, currency } = app.services;
    const pool = await campaigns.createPool(t.as('facilitator'), t.slug, { funderName: 'Fondation', amount: 10_000n });
    const campaign = await openCampaign(1_000_000n, 'Trop ambitieuse');
    const people = [await withGrains('Alice', 5_000n), await withGrains('Bob', 3_000n), await withGrains('Dan', 700n)];
    await currency.issue(system, t.slug, { key: 'issue-recycling-0001', to: { type: 'organisation', id: t.organisations.recycling }, amount: 9_000n });
    const owners = [...people.map((p) => ({ type: 'person' as const, id: p.id })), { type: 'organisation' as const, id: t.organisations.recycling }, { type: 'organisation' as const, id: t.organisations.ressourcerie }, escrowOwner(campaign.id)];
    const before = await Promise.all(owners.map((o) => grains(o.type, o.id)));

    for (const [i, p] of people.entries()) {
      await campaigns.pledge(p.actor, t.slug, campaign.id, { key: `failing-pledge-${i}`, currency: 'local', amount: [4_000n, 3_000n, 700n][i]! });
    }
    await campaigns.pledge(t.as('recyclingRep'), t.slug, campaign.id, { key: 'failing-pledge-org', currency: 'local', amount: 8_500n, pledger: { type: 'organisation', id: t.organisations.recycling } });
    await campaigns.pledge(people[0]!.actor, t.slug, campaign.id, { key: 'failing-pledge-eur', currency: 'EUR', amount: 50_000n });
    expect((await campaigns.pools(t.slug))[0]!.committed).toBe(7_700n);
    expect((await grains('person', people[0]!.id)).pendingDebits).toBe(4_000n);

    advanceDays(40);
    expect(await campaigns.closeDueCampaigns(system, { slug: t.slug })).toEqual([expect.objectContaining({ outcome: 'failed' })]);
    expect(await Promise.all(owners.map((o) => grains(o.type, o.id)))).toEqual(before);
    const territoryId = (await app.services.territories.requireTerritory(t.slug)).id;
    for (const total of (await ledgerRepository.balanceSumsByUnit(ctx.handle.db, territoryId)).values()) expect(total).toBe(0n);
    const proof = await currency.proofOfReserve(t.slug);
    expect(proof.reserve).toBe(proof.circulation);
    expect(await campaigns.pool(t.slug, pool.id)).toMatchObject({ committed: 0n, matches: [{ status: 'released' }, { status: 'released' }, { status: 'released' }] });
    const detail = await campaigns.get(t.slug, campaign.id);
    expect(detail).toMatchObject({ status: 'failed', totals: { raised: 0n, matched: 0n, released: 66_200n } });
    expect(detail.pledges.every((p) => p.status === 'released')).toBe(true);
    expect(await app.services.funding.lines(t.slug, { projectId })).toEqual([]);
    // A released match frees the person for the pool's next campaign.
    const next = await openCampaign(5_000n, 'Deuxième essai');
    expect((await campaigns.pledge(people[0]!.actor, t.slug, next.id, { key: 'second-try-pledge', currency: 'EUR', amount: 1_000n })).matched).toBe(1_000n);
  });

  it('refuses pledges it must refuse, and a refused pledge leaves no trace in the ledger', async () => {
    const { fundingCampaigns: campaigns } = app.services;
    const draft = await campaigns.create(t.as('recyclingRep'), t.slug, projectId, { title: 'Brouillon', goal: 1_000n, deadline: '2026-06-30T00:00:00.000Z' });
    const alice = await withGrains('Alice', 1_000n);
    const pledge = (actor: typeof alice.actor, body: Partial<Parameters<typeof campaigns.pledge>[3]>, id = draft.id) =>
      campaigns.pledge(actor, t.slug, id, { key: 'refused-pledge-1', currency: 'EUR', amount: 100n, ...body });
    await expect(pledge(alice.actor, {})).rejects.toMatchObject({ code: 'campaign_not_open', status: 409 });
    const campaign = await campaigns.update(t.as('facilitator'), t.slug, draft.id, { status: 'open' });
    await expect(campaigns.update(t.as('facilitator'), t.slug, draft.id, { goal: 5n })).rejects.toMatchObject({ code: 'campaign_not_draft' });
    await expect(pledge(anonymous, {})).rejects.toMatchObject({ status: 401 });
    await expect(pledge(alice.actor, { pledger: { type: 'person', id: t.people.citizen } })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(pledge(t.as('recyclingStaff'), { pledger: { type: 'organisation', id: t.organisations.recycling } })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(pledge(alice.actor, { amount: 0n })).rejects.toMatchObject({ errors: [{ field: 'amount' }] });
    await expect(pledge(alice.actor, { key: 'short' })).rejects.toMatchObject({ code: 'invalid_idempotency_key' });
    await expect(pledge(alice.actor, { currency: 'local', amount: 1_001n })).rejects.toMatchObject({ code: 'insufficient_funds', status: 422 });
    expect(await grains('person', alice.id)).toEqual({ balance: 1_000n, pendingDebits: 0n, pendingCredits: 0n });
    expect((await campaigns.get(t.slug, campaign.id)).pledges).toEqual([]);

    const first = await pledge(alice.actor, { currency: 'local', amount: 600n });
    expect(await pledge(alice.actor, { currency: 'local', amount: 600n })).toMatchObject({ id: first.id, amount: 600n });
    await expect(pledge(alice.actor, { currency: 'local', amount: 601n })).rejects.toMatchObject({ code: 'exists_with_different_fields' });
    expect(await grains('person', alice.id)).toMatchObject({ pendingDebits: 600n });

    const noHolder = (await app.services.funding.createProject(t.as('facilitator'), t.slug, t.taskForceId, { name: 'Sans porteur' })).id;
    const orphan = await campaigns.create(t.as('facilitator'), t.slug, noHolder, { title: 'Sans porteur', goal: 100n, deadline: '2026-06-30T00:00:00.000Z' });
    await campaigns.update(t.as('facilitator'), t.slug, orphan.id, { status: 'open' });
    await expect(campaigns.pledge(alice.actor, t.slug, orphan.id, { key: 'orphan-pledge-1', currency: 'local', amount: 10n })).rejects.toMatchObject({ code: 'local_currency_not_accepted' });
    for (const who of ['citizen', 'recyclingStaff', 'wasteRep'] as const) {
      await expect(campaigns.create(t.as(who), t.slug, projectId, { title: 'x', goal: 1n, deadline: '2026-06-30T00:00:00.000Z' }), who).rejects.toMatchObject({ code: 'forbidden' });
    }
    await expect(campaigns.createPool(t.as('citizen'), t.slug, { funderName: 'Moi', amount: 1n })).rejects.toMatchObject({ code: 'forbidden' });
    expect((await campaigns.createPool(t.as('wasteRep'), t.slug, { funderOrganisationId: t.organisations.waste, amount: 1_000n })).funderName).toBe('Service des déchets');
  });

  it('edits a draft before it opens: bad fields named and nothing changed; only its managers; an open campaign keeps its terms', async () => {
    const { fundingCampaigns: campaigns } = app.services;
    const inDays = (days: number) => new Date(clock().getTime() + days * 86_400_000).toISOString();
    const draft = await campaigns.create(t.as('recyclingRep'), t.slug, projectId, { title: 'Brouillon', goal: 1_000n, deadline: inDays(30) });
    const terms = { title: 'Isolons les combles', description: 'Douze maisons de la rue Saint-Leu', goal: 250_000n, deadline: inDays(60), allOrNothing: false, beneficiaryOrganisationId: t.organisations.recycling };
    expect(await campaigns.update(t.as('facilitator'), t.slug, draft.id, terms)).toMatchObject({ ...terms, status: 'draft' });

    await expect(campaigns.update(t.as('recyclingRep'), t.slug, draft.id, { title: ' ', goal: 0n, deadline: inDays(-1) })).rejects.toMatchObject({
      status: 422,
      errors: [{ field: 'title' }, { field: 'goal' }, { field: 'deadline', code: 'deadline_in_the_past' }],
    });
    await expect(campaigns.update(t.as('recyclingRep'), t.slug, draft.id, { beneficiaryOrganisationId: '01900000-0000-7000-8000-000000000000' })).rejects.toMatchObject({ errors: [{ field: 'beneficiaryOrganisationId' }] });
    for (const who of ['citizen', 'recyclingStaff', 'wasteRep', 'ressourcerieRep'] as const) {
      await expect(campaigns.update(t.as(who), t.slug, draft.id, { goal: 5n }), who).rejects.toMatchObject({ code: 'forbidden' });
    }
    await expect(campaigns.update(anonymous, t.slug, draft.id, { goal: 5n })).rejects.toMatchObject({ status: 401 });
    expect(await campaigns.get(t.slug, draft.id)).toMatchObject({ ...terms, status: 'draft' });

    await campaigns.update(t.as('recyclingRep'), t.slug, draft.id, { status: 'open' });
    await expect(campaigns.update(t.as('recyclingRep'), t.slug, draft.id, { title: 'Autre titre' })).rejects.toMatchObject({ status: 409, code: 'campaign_not_draft' });
    expect((await campaigns.get(t.slug, draft.id)).title).toBe('Isolons les combles');
  });

  it('takes a pledge over HTTP with an Idempotency-Key from a signed-in citizen', async () => {
    const campaign = await openCampaign(10_000n);
    await app.services.auth.createAccount(system, { email: 'eve@amiens.test', password: 'correct-horse-battery', displayName: 'Eve' });
    const client = new TestClient(app);
    expect((await client.post(`/api/v1/t/${t.slug}/funding/campaigns/${campaign.id}/pledges`, { currency: 'EUR', amount: 500 })).statusCode).toBe(401);
    await client.signIn('eve@amiens.test', 'correct-horse-battery');
    await client.post(`/api/v1/t/${t.slug}/join`);
    const noKey = await client.post(`/api/v1/t/${t.slug}/funding/campaigns/${campaign.id}/pledges`, { currency: 'EUR', amount: 500 });
    expect(noKey.json()).toMatchObject({ status: 422, code: 'idempotency_key_required' });
    const send = () => client.request('POST', `/api/v1/t/${t.slug}/funding/campaigns/${campaign.id}/pledges`, { currency: 'EUR', amount: 500 }, { 'idempotency-key': 'eve-pledge-0001' });
    const first = await send();
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ unit: 'EUR', amount: 500, status: 'pledged', campaignTitle: 'Isolons Saint-Leu' });
    expect((await send()).json().id).toBe(first.json().id);
    expect((await client.get(`/api/v1/t/${t.slug}/funding/my-pledges`)).json().items).toHaveLength(1);
    expect((await client.get(`/api/v1/t/${t.slug}/funding/campaigns/${campaign.id}`)).json().totals.raised).toBe(500);
  });

  it('never over-spends a pool under concurrent pledges', async () => {
    const { fundingCampaigns: campaigns } = app.services;
    await campaigns.createPool(t.as('facilitator'), t.slug, { funderName: 'Petit fonds', amount: 10_000n, capPerPledge: 3_000n });
    const campaign = await openCampaign(1_000_000n);
    const pledgers = [];
    for (let i = 0; i < 8; i += 1) pledgers.push(await citizen(app, t.slug, `Pledger${i}`));
    const results = await Promise.allSettled(pledgers.map((p, i) => campaigns.pledge(p.actor, t.slug, campaign.id, { key: `concurrent-pledge-${i}`, currency: 'EUR', amount: 3_000n })));
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const matched = results.map((r) => (r.status === 'fulfilled' ? r.value.matched : -1n));
    expect(matched.reduce((s, m) => s + m, 0n)).toBe(10_000n);
    expect([...matched].sort((a, b) => Number(b - a))).toEqual([3_000n, 3_000n, 3_000n, 1_000n, 0n, 0n, 0n, 0n]);
    expect((await campaigns.pools(t.slug))[0]!.committed).toBe(10_000n);
  });
});
