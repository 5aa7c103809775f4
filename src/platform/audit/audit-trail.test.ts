import { afterEach, beforeEach, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { describeEachDatabase } from '../db/test-database.js';
import { inTransaction } from '../db/transaction.js';
import { createTestApp, TestClient } from '../http/test-client.js';
import { systemActor } from '../auth/actor.js';
import { appendAuditEvent, PLATFORM_CHAIN, verifyAuditChains } from './audit-trail.js';
import type { App } from '../../app.js';

const system = systemActor('test');
const PASSWORD = 'correct-horse-battery';
const T = '/api/v1/t/amiens';

describeEachDatabase('audit trail', (ctx) => {
  let app: App;
  let facilitator: TestClient;
  let facilitatorId: string;
  let territoryId: string;

  beforeEach(async () => {
    app = await createTestApp(ctx.handle);
    territoryId = (await app.services.territories.createTerritory(system, { slug: 'amiens', level: 'epci', inseeCode: '248000531', currencyCode: 'GRAIN', currencyName: 'Le Grain' })).id;
    facilitator = new TestClient(app);
    const signUp = await facilitator.post('/api/v1/auth/sign-up', { email: 'claire@example.org', password: PASSWORD, displayName: 'Claire' });
    facilitatorId = signUp.json().person.id;
    await app.services.territories.addPerson(system, 'amiens', { email: 'claire@example.org', displayName: 'Claire' });
    await app.services.territories.setRoles(system, 'amiens', facilitatorId, ['facilitator']);
  });
  afterEach(async () => app.close());

  const events = async (chain: string) =>
    ctx.handle.db.selectFrom('audit_events').select(['seq', 'action', 'actor']).where('territory_id', '=', chain).orderBy('seq').execute();
  const actionsSince = async (chain: string, count: number) => (await events(chain)).slice(count).map((e) => e.action);

  it('appends exactly one event per change, by the person who made it, in the territory chain', async () => {
    const steps: [() => Promise<LightMyRequestResponse>, number, string[]][] = [];
    let organisationId = '';
    let memberId = '';
    let tokenId = '';
    const step = (call: () => Promise<LightMyRequestResponse>, status: number, actions: string[]) => steps.push([call, status, actions]);
    step(() => facilitator.post(`${T}/organisations`, { name: 'Ressourcerie', kind: 'association', siret: '73282932000074' }), 201, ['organisation.created']);
    step(() => facilitator.patch(`${T}/organisations/${organisationId}`, { address: '12 rue des Jacobins' }), 200, ['organisation.updated']);
    step(() => facilitator.post(`${T}/organisations/import`, 'name,kind\nCollectif A,citizen_collective\nCollectif B,citizen_collective\n'), 201, ['organisation.imported', 'organisation.imported']);
    step(() => facilitator.post(`${T}/organisations/${organisationId}/members`, { email: 'remi@example.org', role: 'representative' }), 201, ['membership.started']);
    step(() => facilitator.delete(`${T}/organisations/${organisationId}/members/${memberId}`), 204, ['membership.ended']);
    step(() => facilitator.post(`${T}/people`, { email: 'denis@example.org', displayName: 'Denis' }), 201, ['person.added']);
    step(() => facilitator.put(`${T}/people/${memberId}/roles`, { roles: ['auditor'] }), 200, ['person.roles_set']);
    step(() => facilitator.patch(T, { currencyName: 'Le Grain picard' }), 200, ['territory.updated']);
    step(() => facilitator.post(`${T}/api-tokens`, { name: 'Script' }), 201, ['api_token.issued']);
    step(() => facilitator.delete(`${T}/api-tokens/${tokenId}`), 204, ['api_token.revoked']);

    for (const [call, status, actions] of steps) {
      const before = (await events(territoryId)).length;
      const response = await call();
      expect(response.statusCode, actions[0]).toBe(status);
      if (actions[0] === 'organisation.created') organisationId = response.json().id;
      if (actions[0] === 'membership.started') memberId = response.json().personId;
      if (actions[0] === 'api_token.issued') tokenId = response.json().id;
      expect(await actionsSince(territoryId, before)).toEqual(actions);
    }
    expect(new Set((await events(territoryId)).slice(3).map((e) => e.actor))).toEqual(new Set([facilitatorId]));
    const chains = await verifyAuditChains(ctx.handle.db);
    expect(chains).toHaveLength(2);
    expect(chains).toEqual(
      expect.arrayContaining([
        { territoryId: PLATFORM_CHAIN, eventsChecked: 3, firstBrokenSeq: null, reason: null },
        { territoryId, eventsChecked: 14, firstBrokenSeq: null, reason: null },
      ]),
    );
  });

  it('appends nothing when a call fails', async () => {
    const organisation = (await facilitator.post(`${T}/organisations`, { name: 'Ressourcerie', kind: 'association', siret: '73282932000074' })).json();
    const citizen = new TestClient(app);
    const before = { territory: (await events(territoryId)).length, platform: (await events(PLATFORM_CHAIN)).length };
    const failures: [string, () => Promise<LightMyRequestResponse>, number][] = [
      ['invalid organisation', () => facilitator.post(`${T}/organisations`, { name: 'X', kind: 'business', siret: '1' }), 422],
      ['taken SIRET', () => facilitator.post(`${T}/organisations`, { name: 'X', kind: 'business', siret: '73282932000074' }), 409],
      ['invalid patch', () => facilitator.patch(`${T}/organisations/${organisation.id}`, { nafCode: '99.99Z' }), 422],
      ['bad CSV', () => facilitator.post(`${T}/organisations/import`, 'name,kind\nA,citizen_collective\nB,company\n'), 422],
      ['roles not an object', () => facilitator.put(`${T}/people/${facilitatorId}/roles`, []), 422],
      ['last facilitator', () => facilitator.put(`${T}/people/${facilitatorId}/roles`, { roles: [] }), 409],
      ['anonymous change', () => citizen.post(`${T}/organisations`, { name: 'X', kind: 'citizen_collective' }), 403],
      ['duplicate email', () => citizen.post('/api/v1/auth/sign-up', { email: 'claire@example.org', password: PASSWORD, displayName: 'X' }), 409],
      ['bad CSRF', () => facilitator.request('POST', `${T}/people`, { email: 'x@example.org', displayName: 'X' }, { 'x-csrf-token': 'wrong' }), 403],
    ];
    for (const [what, call, status] of failures) expect((await call()).statusCode, what).toBe(status);
    expect((await events(territoryId)).length).toBe(before.territory);
    expect((await events(PLATFORM_CHAIN)).length).toBe(before.platform);
  });

  it('keeps no event of a transaction that rolls back, and the chain stays intact', async () => {
    const before = await events(territoryId);
    await expect(
      inTransaction(ctx.handle.db, async (trx) => {
        await appendAuditEvent(trx, system, { territoryId, action: 'test.rolled_back', targetType: 'test', targetId: 'x', change: {} });
        throw new Error('the write after the event failed');
      }),
    ).rejects.toThrow('the write after the event failed');
    expect(await events(territoryId)).toEqual(before);
    await app.services.territories.createOrganisation(system, 'amiens', { name: 'Collectif', kind: 'citizen_collective' });
    expect((await verifyAuditChains(ctx.handle.db, territoryId))[0]).toMatchObject({ eventsChecked: before.length + 1, firstBrokenSeq: null });
  });

  it('shows the trail newest first and pages back with beforeSeq', async () => {
    for (const name of ['A', 'B', 'C']) await app.services.territories.createOrganisation(system, 'amiens', { name, kind: 'citizen_collective' });
    const first = (await facilitator.get(`${T}/audit-events?limit=2`)).json().items;
    expect(first.map((e: { seq: number }) => e.seq)).toEqual([6, 5]);
    expect(first[0]).toMatchObject({ action: 'organisation.created', actor: 'system:test', change: expect.objectContaining({ name: 'C' }), hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const next = (await facilitator.get(`${T}/audit-events?limit=2&beforeSeq=5`)).json().items;
    expect(next.map((e: { seq: number }) => e.seq)).toEqual([4, 3]);
  });

  it('detects an event whose content was changed afterwards', async () => {
    await app.services.territories.createOrganisation(system, 'amiens', { name: 'A', kind: 'citizen_collective' });
    expect((await verifyAuditChains(ctx.handle.db, territoryId))[0]!.firstBrokenSeq).toBeNull();
    await ctx.handle.db.updateTable('audit_events').set({ change: '{"displayName":"Mallory"}' }).where('territory_id', '=', territoryId).where('seq', '=', 2n).execute();
    expect(await verifyAuditChains(ctx.handle.db, territoryId)).toEqual([
      { territoryId, eventsChecked: 1, firstBrokenSeq: 2, reason: expect.stringContaining('changed') },
    ]);
    const all = await verifyAuditChains(ctx.handle.db);
    expect(all.find((r) => r.territoryId === PLATFORM_CHAIN)?.firstBrokenSeq).toBeNull();
  });

  it('detects a removed last event and a removed event in the middle', async () => {
    for (const name of ['A', 'B']) await app.services.territories.createOrganisation(system, 'amiens', { name, kind: 'citizen_collective' });
    const last = (await events(territoryId)).length;
    await ctx.handle.db.deleteFrom('audit_events').where('territory_id', '=', territoryId).where('seq', '=', BigInt(last)).execute();
    expect((await verifyAuditChains(ctx.handle.db, territoryId))[0]).toMatchObject({ firstBrokenSeq: last, eventsChecked: last - 1 });

    await ctx.handle.db.deleteFrom('audit_events').where('territory_id', '=', territoryId).where('seq', '=', 2n).execute();
    expect((await verifyAuditChains(ctx.handle.db, territoryId))[0]).toMatchObject({ firstBrokenSeq: 2, eventsChecked: 1, reason: expect.stringContaining('missing') });
  });

  it('keeps one gapless chain when changes are made at the same time', async () => {
    await Promise.all(
      Array.from({ length: 12 }, (_, i) => app.services.territories.createOrganisation(system, 'amiens', { name: `Collectif ${i}`, kind: 'citizen_collective' })),
    );
    const seqs = (await events(territoryId)).map((e) => Number(e.seq));
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    expect((await verifyAuditChains(ctx.handle.db, territoryId))[0]).toMatchObject({ eventsChecked: seqs.length, firstBrokenSeq: null });
  });

  it('starts a new chain safely when its first events are appended at the same time', async () => {
    const chain = 'new-chain';
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        inTransaction(ctx.handle.db, (trx) => appendAuditEvent(trx, system, { territoryId: chain, action: 'test.appended', targetType: 'test', targetId: String(i), change: {} })),
      ),
    );
    expect((await verifyAuditChains(ctx.handle.db, chain))[0]).toEqual({ territoryId: chain, eventsChecked: 10, firstBrokenSeq: null, reason: null });
  });
});
