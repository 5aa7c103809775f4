import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { describeEachDatabase } from '../../platform/db/test-database.js';
import { createTestApp, TestClient } from '../../platform/http/test-client.js';
import type { App } from '../../app.js';
import type { DecisionMethod, Governance } from './model.js';
import { outcomeOf, quorumReached, tallyOf, type VoteChoice } from './decisions-model.js';
import { DecisionsService } from './decisions.js';
import { pactTerritory, system } from './test-factories.js';

const PASSWORD = 'correct-horse-battery';
const rule = (method: DecisionMethod, quorumPercent = 0): Governance => ({ method, quorumPercent });
const votes = (counts: Partial<Record<VoteChoice, number>>): VoteChoice[] => Object.entries(counts).flatMap(([c, n]) => Array<VoteChoice>(n).fill(c as VoteChoice));

describe('decision outcomes', () => {
  it('consent: adopted unless anyone objects; abstentions do not block', () => {
    expect(outcomeOf(rule('consent'), tallyOf(votes({ consent: 9, abstain: 3 }), 12))).toBe('adopted');
    expect(outcomeOf(rule('consent'), tallyOf(votes({ consent: 11, objection: 1 }), 12))).toBe('rejected');
  });

  it('majority: more for than against; a tie is rejected; abstentions do not count', () => {
    expect(outcomeOf(rule('majority'), tallyOf(votes({ for: 3, against: 2, abstain: 5 }), 10))).toBe('adopted');
    expect(outcomeOf(rule('majority'), tallyOf(votes({ for: 3, against: 3 }), 6))).toBe('rejected');
    expect(outcomeOf(rule('majority'), tallyOf(votes({ abstain: 4 }), 4))).toBe('rejected');
  });

  it('two-thirds: for ≥ 2/3 of the votes for or against, exactly at the boundary', () => {
    expect(outcomeOf(rule('two_thirds'), tallyOf(votes({ for: 2, against: 1 }), 3))).toBe('adopted');
    expect(outcomeOf(rule('two_thirds'), tallyOf(votes({ for: 4, against: 2, abstain: 10 }), 16))).toBe('adopted');
    expect(outcomeOf(rule('two_thirds'), tallyOf(votes({ for: 3, against: 2 }), 5))).toBe('rejected');
    expect(outcomeOf(rule('two_thirds'), tallyOf(votes({ for: 199, against: 101 }), 300))).toBe('rejected');
    expect(outcomeOf(rule('two_thirds'), tallyOf(votes({ abstain: 3 }), 3))).toBe('rejected');
  });

  it('quorum: votes cast, abstentions included, against the voting members; below it nothing is decided', () => {
    expect(outcomeOf(rule('consent', 50), tallyOf(votes({ consent: 2 }), 5))).toBe('no_quorum');
    expect(outcomeOf(rule('consent', 50), tallyOf(votes({ consent: 2, abstain: 1 }), 6))).toBe('adopted');
    expect(outcomeOf(rule('majority', 60), tallyOf(votes({ for: 2, abstain: 1 }), 5))).toBe('adopted');
    expect(outcomeOf(rule('majority', 60), tallyOf(votes({ for: 2, abstain: 0 }), 5))).toBe('no_quorum');
    expect(quorumReached({ cast: 1, votingMembers: 3 }, 34)).toBe(false);
    expect(quorumReached({ cast: 1, votingMembers: 3 }, 33)).toBe(true);
  });

  const majorityVotes = fc.array(fc.constantFrom<VoteChoice>('for', 'against', 'abstain'), { maxLength: 40 });
  const consentVotes = fc.array(fc.constantFrom<VoteChoice>('consent', 'objection', 'abstain'), { maxLength: 40 });

  it('never turns adopted into rejected under majority by adding a "for" vote', () => {
    fc.assert(
      fc.property(majorityVotes, fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 20 }), (cast, quorum, absent) => {
        const members = cast.length + 1 + absent;
        const before = outcomeOf(rule('majority', quorum), tallyOf(cast, members));
        const after = outcomeOf(rule('majority', quorum), tallyOf([...cast, 'for'], members));
        if (before === 'adopted') expect(after).toBe('adopted');
        if (after === 'rejected') expect(before).not.toBe('adopted');
      }),
    );
  });

  it('always blocks consent with one objection, whatever the other votes', () => {
    fc.assert(
      fc.property(consentVotes, fc.integer({ min: 0, max: 100 }), fc.nat({ max: 40 }), (cast, quorum, position) => {
        const withObjection = [...cast];
        withObjection.splice(position % (cast.length + 1), 0, 'objection');
        expect(outcomeOf(rule('consent', quorum), tallyOf(withObjection, withObjection.length))).not.toBe('adopted');
      }),
    );
  });
});

describeEachDatabase('pact: decisions in a task force', (ctx) => {
  let app: App;
  let t: Awaited<ReturnType<typeof pactTerritory>>;
  let taskForceId: string;
  const inAWeek = () => new Date(Date.now() + 7 * 86_400_000).toISOString();

  beforeEach(async () => {
    app = await createTestApp(ctx.handle);
    t = await pactTerritory(app);
    const { taskForces } = app.services;
    taskForceId = (await taskForces.create(t.as('facilitator'), t.slug, { name: 'Écologie industrielle', mission: 'Boucler les flux', governance: rule('consent', 50) })).id;
    // Voting members: Picardie Recyclage (lead, through Sophie), the Ressourcerie (member, through Julien), Lucie (member). Marc observes.
    const member = (memberType: 'organisation' | 'person', memberId: string, role: 'lead' | 'member' | 'observer') =>
      taskForces.setMember(t.as('facilitator'), t.slug, taskForceId, { memberType, memberId, role });
    await member('organisation', t.organisations.recycling, 'lead');
    await member('organisation', t.organisations.ressourcerie, 'member');
    await member('person', t.people.citizen, 'member');
    await member('person', t.people.wasteRep, 'observer');
  });
  afterEach(async () => app.close());

  const open = (governance?: Governance) => async () => {
    if (governance) await app.services.taskForces.update(t.as('facilitator'), t.slug, taskForceId, { governance });
    return app.services.decisions.open(t.as('recyclingRep'), t.slug, taskForceId, { title: 'Mutualiser les bennes', text: 'Une benne commune par zone.', closesAt: inAWeek(), reviewDate: '2030-01-01' });
  };

  it('lets only a lead open a decision, with the fixed options of the rule', async () => {
    const { decisions } = app.services;
    const input = { title: 'Mutualiser les bennes', text: 'Une benne commune par zone.', closesAt: inAWeek() };
    for (const who of ['facilitator', 'recyclingStaff', 'ressourcerieRep', 'citizen', 'wasteRep'] as const) {
      await expect(decisions.open(t.as(who), t.slug, taskForceId, input), who).rejects.toMatchObject({ code: 'forbidden' });
    }
    await expect(decisions.open(t.as('recyclingRep'), t.slug, taskForceId, { ...input, closesAt: '2020-01-01T00:00:00Z' })).rejects.toMatchObject({ code: 'closing_in_past', status: 422 });
    await expect(decisions.open(t.as('recyclingRep'), t.slug, taskForceId, { ...input, reviewDate: '2020-01-01' })).rejects.toMatchObject({ code: 'review_before_closing' });
    const opened = await decisions.open(t.as('recyclingRep'), t.slug, taskForceId, input);
    expect(opened).toMatchObject({ status: 'open', options: ['consent', 'objection', 'abstain'], governance: { method: 'consent', quorumPercent: 50 }, openedBy: t.people.recyclingRep, tally: null, outcome: null });
    await app.services.taskForces.update(t.as('facilitator'), t.slug, taskForceId, { governance: rule('majority', 10) });
    expect((await decisions.open(t.as('recyclingRep'), t.slug, taskForceId, input)).options).toEqual(['for', 'against', 'abstain']);
    expect((await decisions.get(t.slug, taskForceId, opened.id)).governance.method).toBe('consent');
  });

  it('lets leads and members vote, organisations through their representative; not observers, staff or outsiders', async () => {
    const { decisions } = app.services;
    const decision = await open(rule('majority'))();
    const vote = (who: Parameters<typeof t.as>[0], choice: VoteChoice, organisationId?: string) =>
      decisions.vote(t.as(who), t.slug, taskForceId, decision.id, { choice, ...(organisationId ? { organisationId } : {}) });
    await expect(vote('wasteRep', 'for'), 'observer').rejects.toMatchObject({ code: 'forbidden' });
    await expect(vote('facilitator', 'for'), 'facilitator').rejects.toMatchObject({ code: 'forbidden' });
    await expect(vote('ressourcerieRep', 'for'), 'representative without saying for whom').rejects.toMatchObject({ code: 'forbidden' });
    await expect(vote('recyclingStaff', 'for', t.organisations.recycling), 'staff').rejects.toMatchObject({ code: 'forbidden' });
    await expect(vote('wasteRep', 'for', t.organisations.waste), 'organisation not a member').rejects.toMatchObject({ code: 'forbidden' });
    await expect(vote('recyclingRep', 'for', t.organisations.ressourcerie), 'someone else’s organisation').rejects.toMatchObject({ code: 'forbidden' });
    await expect(vote('citizen', 'consent'), 'not an option of the rule').rejects.toMatchObject({ code: 'invalid_choice', status: 422 });

    await vote('recyclingRep', 'for', t.organisations.recycling);
    await vote('ressourcerieRep', 'against', t.organisations.ressourcerie);
    await vote('citizen', 'for');
    const changed = await vote('citizen', 'abstain');
    expect(changed.votes.map((v) => [v.memberType, v.memberId, v.choice, v.castBy])).toEqual([
      ['organisation', t.organisations.recycling, 'for', t.people.recyclingRep],
      ['organisation', t.organisations.ressourcerie, 'against', t.people.ressourcerieRep],
      ['person', t.people.citizen, 'abstain', t.people.citizen],
    ]);
    expect(changed.tally).toBeNull();
    const anonymous = await new TestClient(app).post(`/api/v1/t/${t.slug}/task-forces/${taskForceId}/decisions/${decision.id}/votes`, { choice: 'for' });
    expect(anonymous.statusCode).toBe(401);
  });

  it('records each rule’s outcome with its tally through the API, and tells it in the chronicle', async () => {
    const accounts = { recyclingRep: 'sophie', ressourcerieRep: 'julien', citizen: 'lucie' } as const;
    const clients = {} as Record<keyof typeof accounts, TestClient>;
    for (const [who, local] of Object.entries(accounts) as [keyof typeof accounts, string][]) {
      await app.services.auth.createAccount(system, { email: `${local}@${t.slug}.test`, password: PASSWORD, displayName: local });
      clients[who] = new TestClient(app);
      expect((await clients[who].signIn(`${local}@${t.slug}.test`, PASSWORD)).statusCode).toBe(200);
    }
    const D = `/api/v1/t/${t.slug}/task-forces/${taskForceId}/decisions`;
    const run = async (governance: Governance, ballots: { recycling?: VoteChoice; ressourcerie?: VoteChoice; citizen?: VoteChoice }) => {
      await app.services.taskForces.update(t.as('facilitator'), t.slug, taskForceId, { governance });
      const opened = await clients.recyclingRep.post(D, { title: `Vote ${governance.method}`, text: 'Proposition', closesAt: inAWeek() });
      expect(opened.statusCode).toBe(201);
      const id = opened.json().id as string;
      const cast = async (client: TestClient, choice: VoteChoice | undefined, organisationId?: string) => {
        if (!choice) return;
        const reason = choice === 'objection' ? { reason: 'Une benne commune éloigne les petits apporteurs.' } : {};
        const response = await client.post(`${D}/${id}/votes`, { choice, ...reason, ...(organisationId ? { organisationId } : {}) });
        expect(response.statusCode, response.body).toBe(200);
      };
      await cast(clients.recyclingRep, ballots.recycling, t.organisations.recycling);
      await cast(clients.ressourcerieRep, ballots.ressourcerie, t.organisations.ressourcerie);
      await cast(clients.citizen, ballots.citizen);
      const closed = await clients.recyclingRep.post(`${D}/${id}/close`);
      expect(closed.statusCode, closed.body).toBe(200);
      const read = (await new TestClient(app).get(`${D}/${id}`)).json();
      expect(read).toMatchObject({ status: 'closed', outcome: closed.json().outcome, tally: closed.json().tally, closedBy: t.people.recyclingRep });
      return read as { outcome: string; tally: Record<string, number>; votes: unknown[] };
    };

    const blocked = await run(rule('consent', 50), { recycling: 'consent', ressourcerie: 'objection', citizen: 'consent' });
    expect(blocked.outcome).toBe('rejected');
    expect(blocked.tally).toEqual({ consent: 2, objection: 1, for: 0, against: 0, abstain: 0, cast: 3, votingMembers: 3 });
    expect(blocked.votes).toHaveLength(3);
    expect((await run(rule('consent', 50), { recycling: 'consent', citizen: 'abstain' })).outcome).toBe('adopted');
    expect((await run(rule('consent', 100), { recycling: 'consent', citizen: 'abstain' })).outcome).toBe('no_quorum');
    expect((await run(rule('majority', 50), { recycling: 'for', ressourcerie: 'against', citizen: 'abstain' })).outcome).toBe('rejected');
    expect((await run(rule('majority', 50), { recycling: 'for', citizen: 'abstain' })).outcome).toBe('adopted');
    expect((await run(rule('two_thirds', 0), { recycling: 'for', ressourcerie: 'against', citizen: 'for' })).outcome).toBe('adopted');
    expect((await run(rule('two_thirds', 0), { recycling: 'for', ressourcerie: 'against' })).outcome).toBe('rejected');

    const list = (await new TestClient(app).get(D)).json().items as { outcome: string; status: string }[];
    expect(list.map((d) => d.outcome)).toEqual(['rejected', 'adopted', 'adopted', 'rejected', 'no_quorum', 'adopted', 'rejected']);
    const entries = (await app.services.chronicle.list(t.slug, { limit: 50, kind: 'decision.taken' })).items;
    expect(entries).toHaveLength(7);
    expect(entries[6]).toMatchObject({ taskForceId, linkPath: `/task-forces/${taskForceId}`, title: 'Décision rejetée (Écologie industrielle) : Vote consent' });
    expect(entries[6]!.body).toContain('2 consentement, 1 objection, 0 abstention');
  });

  it('keeps the reason given with a vote, and refuses an objection without one, changing nothing', async () => {
    const decision = await open(rule('consent'))();
    const D = `/api/v1/t/${t.slug}/task-forces/${taskForceId}/decisions/${decision.id}`;
    const client = new TestClient(app);
    await app.services.auth.createAccount(system, { email: `lucie@${t.slug}.test`, password: PASSWORD, displayName: 'Lucie' });
    expect((await client.signIn(`lucie@${t.slug}.test`, PASSWORD)).statusCode).toBe(200);
    for (const reason of [undefined, null, '   ']) {
      const refused = await client.post(`${D}/votes`, { choice: 'objection', ...(reason !== undefined ? { reason } : {}) });
      expect(refused.statusCode, String(reason)).toBe(422);
      expect(refused.json().errors).toEqual([expect.objectContaining({ field: 'reason', code: 'objection_reason_required' })]);
    }
    const tooLong = await client.post(`${D}/votes`, { choice: 'consent', reason: 'x'.repeat(2001) });
    expect([tooLong.statusCode, tooLong.json().errors?.[0]?.field]).toEqual([422, 'reason']);
    expect((await new TestClient(app).get(D)).json().votes).toEqual([]);

    const objected = await client.post(`${D}/votes`, { choice: 'objection', reason: '  La benne commune éloigne les petits apporteurs.  ' });
    expect(objected.statusCode, objected.body).toBe(200);
    const consented = await app.services.decisions.vote(t.as('recyclingRep'), t.slug, taskForceId, decision.id, { choice: 'consent', organisationId: t.organisations.recycling });
    expect(consented.votes.map((v) => [v.memberId, v.choice, v.reason]).sort()).toEqual([
      [t.people.citizen, 'objection', 'La benne commune éloigne les petits apporteurs.'],
      [t.organisations.recycling, 'consent', null],
    ].sort());
    const changed = await client.post(`${D}/votes`, { choice: 'consent' });
    expect(changed.json().votes.find((v: { memberId: string }) => v.memberId === t.people.citizen)).toMatchObject({ choice: 'consent', reason: null });
    const publicRead = (await new TestClient(app).get(D)).json();
    expect(publicRead.votes).toHaveLength(2);
  });

  it('refuses votes after the closing (409), closes once, and lets anyone signed in close after the closing date', async () => {
    const { decisions } = app.services;
    const first = await open(rule('consent', 0))();
    await expect(decisions.close(t.as('citizen'), t.slug, taskForceId, first.id), 'a member before the date').rejects.toMatchObject({ code: 'forbidden' });
    await decisions.vote(t.as('citizen'), t.slug, taskForceId, first.id, { choice: 'consent' });
    expect((await decisions.close(t.as('recyclingRep'), t.slug, taskForceId, first.id)).outcome).toBe('adopted');
    await expect(decisions.vote(t.as('citizen'), t.slug, taskForceId, first.id, { choice: 'objection' })).rejects.toMatchObject({ code: 'voting_closed', status: 409 });
    await expect(decisions.close(t.as('recyclingRep'), t.slug, taskForceId, first.id)).rejects.toMatchObject({ code: 'decision_closed', status: 409 });

    const second = await open(rule('consent', 50))();
    await decisions.vote(t.as('citizen'), t.slug, taskForceId, second.id, { choice: 'consent' });
    const later = new DecisionsService(ctx.handle.db, app.services.territories, app.services.chronicle, app.services.notifications, () => new Date(Date.now() + 8 * 86_400_000));
    await expect(later.vote(t.as('ressourcerieRep'), t.slug, taskForceId, second.id, { choice: 'objection', organisationId: t.organisations.ressourcerie })).rejects.toMatchObject({ code: 'voting_closed' });
    const closed = await later.close(t.as('wasteRep'), t.slug, taskForceId, second.id);
    expect(closed).toMatchObject({ status: 'closed', closedBy: t.people.wasteRep, outcome: 'no_quorum', tally: { consent: 1, cast: 1, votingMembers: 3 } });

    const third = await open()();
    await decisions.close(t.as('recyclingRep'), t.slug, taskForceId, third.id);
    const client = new TestClient(app);
    await app.services.auth.createAccount(system, { email: `lucie@${t.slug}.test`, password: PASSWORD, displayName: 'Lucie' });
    await client.signIn(`lucie@${t.slug}.test`, PASSWORD);
    const refused = await client.post(`/api/v1/t/${t.slug}/task-forces/${taskForceId}/decisions/${third.id}/votes`, { choice: 'consent' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('voting_closed');
  });

  it('keeps decisions to their territory and task force', async () => {
    const decision = await open()();
    const b = await pactTerritory(app, 'amiens-ville', { slug: 'amiens-ville', level: 'commune', inseeCode: '80021', currencyCode: 'PICA', currencyName: 'La Pica' });
    const otherTaskForce = await app.services.taskForces.create(b.as('facilitator'), b.slug, { name: 'Mobilité', mission: 'Rouler' });
    await app.services.taskForces.setMember(b.as('facilitator'), b.slug, otherTaskForce.id, { memberType: 'person', memberId: b.people.citizen, role: 'lead' });
    const reader = new TestClient(app);
    expect((await reader.get(`/api/v1/t/${b.slug}/task-forces/${taskForceId}/decisions`)).statusCode).toBe(404);
    expect((await reader.get(`/api/v1/t/${b.slug}/task-forces/${otherTaskForce.id}/decisions/${decision.id}`)).statusCode).toBe(404);
    expect((await reader.get(`/api/v1/t/${t.slug}/task-forces/${taskForceId}/decisions/${decision.id}`)).statusCode).toBe(200);
    const { decisions } = app.services;
    // B's lead of B's task force cannot open, vote in or close A's decisions, through either territory.
    await expect(decisions.open(b.as('citizen'), t.slug, taskForceId, { title: 'x', text: 'y', closesAt: inAWeek() })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(decisions.vote(b.as('citizen'), t.slug, taskForceId, decision.id, { choice: 'consent' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(decisions.vote(b.as('citizen'), b.slug, otherTaskForce.id, decision.id, { choice: 'consent' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(decisions.close(b.as('citizen'), b.slug, otherTaskForce.id, decision.id)).rejects.toMatchObject({ code: 'not_found' });
    expect(await decisions.get(t.slug, taskForceId, decision.id)).toMatchObject({ status: 'open', votes: [] });
    expect(await decisions.list(b.slug, otherTaskForce.id)).toEqual([]);
  });
});
