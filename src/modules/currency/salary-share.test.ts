import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { describeEachDatabase } from '../../platform/db/test-database.js';
import { createTestApp, TestClient } from '../../platform/http/test-client.js';
import { personActor, systemActor } from '../../platform/auth/actor.js';
import type { App } from '../../app.js';
import { convertedAmount, parseEuroAmount, parsePayrollCsv } from './salary-share-model.js';

const system = systemActor('test');
const PASSWORD = 'correct-horse-battery';

describe('salary share rules', () => {
  it('reads euro amounts written the French or the English way, and refuses guesses', () => {
    expect(parseEuroAmount('2150,00')).toBe(215000n);
    expect(parseEuroAmount('2 150.5')).toBe(215050n);
    expect(parseEuroAmount('2150')).toBe(215000n);
    expect(parseEuroAmount('2,150.00')).toBeUndefined();
    expect(parseEuroAmount('-3')).toBeUndefined();
  });

  it('never converts more than the consented share of the net salary', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10_000_000n }), fc.integer({ min: 1, max: 1000 }), (net, bp) => {
        const converted = convertedAmount(net, bp);
        expect(converted * 10_000n).toBeLessThanOrEqual(net * BigInt(bp));
        expect((converted + 1n) * 10_000n).toBeGreaterThan(net * BigInt(bp));
      }),
    );
  });

  it('rejects a payroll file without its columns, naming them', () => {
    expect(() => parsePayrollCsv('email,salary\na@b.fr,10\n')).toThrow(expect.objectContaining({ code: 'invalid_csv', errors: expect.arrayContaining([expect.objectContaining({ field: 'employee_email' })]) }));
  });
});

describeEachDatabase('salary share', (ctx) => {
  let app: App;
  let employer: TestClient;
  let employerId: string;
  let people: Record<'rep' | 'alice' | 'bob' | 'chloe', string>;
  const person = personActor;

  beforeEach(async () => {
    app = await createTestApp(ctx.handle);
    const t = app.services.territories;
    await t.createTerritory(system, { slug: 'amiens', level: 'epci', inseeCode: '248000531', currencyCode: 'GRAIN', currencyName: 'Le Grain' });
    employerId = (await t.createOrganisation(system, 'amiens', { name: 'Boulangerie Coopérative', kind: 'cooperative', siret: '73282932000074' })).id;
    const rep = await app.services.auth.createAccount(system, { email: 'rep@example.org', password: PASSWORD, displayName: 'Rep' });
    await t.addMember(system, 'amiens', employerId, { email: rep.email, role: 'representative' });
    const alice = await t.addMember(system, 'amiens', employerId, { email: 'alice@example.org', role: 'staff', displayName: 'Alice' });
    const bob = await t.addMember(system, 'amiens', employerId, { email: 'bob@example.org', role: 'staff', displayName: 'Bob' });
    const chloe = await t.addMember(system, 'amiens', employerId, { email: 'chloe@example.org', role: 'staff', displayName: 'Chloé' });
    people = { rep: rep.id, alice: alice.personId, bob: bob.personId, chloe: chloe.personId };
    employer = new TestClient(app);
    await employer.signIn(rep.email, PASSWORD);
  });
  afterEach(async () => app.close());

  const payroll = 'employee_email;net_salary\nalice@example.org;2000,00\nbob@example.org;1800,00\nchloe@example.org;2500,00\n';

  it('rejects a salary share above the Pact cap with salary_share_above_cap', async () => {
    await expect(app.services.salaryShare.consent(person(people.alice), 'amiens', employerId, 1001)).rejects.toMatchObject({ status: 422, code: 'salary_share_above_cap', errors: [{ field: 'shareBp' }] });
    expect((await app.services.salaryShare.myConsents(person(people.alice), 'amiens')).consents).toEqual([]);
  });

  it('keeps every consent with its dates when an employee changes or revokes it', async () => {
    await app.services.salaryShare.consent(person(people.alice), 'amiens', employerId, 500);
    await app.services.salaryShare.consent(person(people.alice), 'amiens', employerId, 1000);
    expect((await app.services.salaryShare.myConsents(person(people.alice), 'amiens')).consents.map((c) => c.shareBp)).toEqual([1000]);
    await app.services.salaryShare.revoke(person(people.alice), 'amiens', employerId);
    const history = await ctx.handle.db.selectFrom('salary_share_consents').select(['share_bp', 'ended_at']).orderBy('consented_at').execute();
    expect(history.map((h) => [Number(h.share_bp), h.ended_at !== null])).toEqual([
      [500, true],
      [1000, true],
    ]);
  });

  it('previews, then converts a payroll once: opted-in employees receive local currency and the reserve grows', async () => {
    await app.services.salaryShare.consent(person(people.alice), 'amiens', employerId, 1000);
    await app.services.salaryShare.consent(person(people.bob), 'amiens', employerId, 500);
    const preview = await employer.request('POST', `/api/v1/t/amiens/organisations/${employerId}/payroll/preview?period=2026-11`, payroll);
    expect(preview.statusCode).toBe(200);
    expect(preview.json()).toMatchObject({ status: 'preview', employees: 2, totalNet: 630000, totalConverted: 29000, notConverted: [{ email: 'chloe@example.org', reason: 'not_opted_in' }] });
    expect((await app.services.currency.proofOfReserve('amiens')).reserve).toBe(0n);

    const run = await employer.request('POST', `/api/v1/t/amiens/organisations/${employerId}/payroll/runs?period=2026-11`, payroll);
    expect(run.statusCode).toBe(201);
    expect(run.json()).toMatchObject({ status: 'committed', employees: 2, totalConverted: 29000 });
    const alice = await app.services.currency.myAccounts(person(people.alice), 'amiens', { type: 'person', id: people.alice });
    expect(alice.map((a) => [a.unit, a.balance])).toEqual([['GRAIN', 20000n]]);
    expect(await app.services.currency.proofOfReserve('amiens')).toMatchObject({ reserve: 29000n, circulation: 29000n });

    const again = await employer.request('POST', `/api/v1/t/amiens/organisations/${employerId}/payroll/runs?period=2026-11`, payroll);
    expect(again.statusCode).toBe(200);
    expect(again.json().runId).toBe(run.json().runId);
    // The stored report is compact; read back, it is the report the employer saw, line for line.
    expect(again.json()).toEqual(run.json());
    expect((await employer.get(`/api/v1/t/amiens/organisations/${employerId}/payroll/runs/2026-11`)).json()).toEqual(run.json());
    const { lines: _lines, notConverted: _notConverted, ...summary } = run.json();
    expect((await employer.get(`/api/v1/t/amiens/organisations/${employerId}/payroll/runs`)).json()).toEqual({ items: [summary] });
    expect((await app.services.currency.proofOfReserve('amiens')).reserve).toBe(29000n);

    const different = await employer.request('POST', `/api/v1/t/amiens/organisations/${employerId}/payroll/runs?period=2026-11`, payroll.replace('2000,00', '2100,00'));
    expect(different.statusCode).toBe(409);
    expect(different.json().code).toBe('payroll_period_already_run');
  });

  it('refuses a payroll with unknown or repeated employees, row by row, and converts nothing', async () => {
    await app.services.salaryShare.consent(person(people.alice), 'amiens', employerId, 1000);
    const bad = 'employee_email,net_salary\nalice@example.org,2000\nstranger@example.org,1500\nalice@example.org,2000\nbob@example.org,abc\n';
    const response = await employer.request('POST', `/api/v1/t/amiens/organisations/${employerId}/payroll/runs?period=2026-11`, bad);
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toEqual([expect.objectContaining({ row: 4, field: 'net_salary', code: 'invalid_amount' })]);
    const unknown = await employer.request('POST', `/api/v1/t/amiens/organisations/${employerId}/payroll/runs?period=2026-11`, bad.replace('bob@example.org,abc\n', ''));
    expect(unknown.json().errors.map((e: { row: number; code: string }) => [e.row, e.code])).toEqual([
      [2, 'not_an_employee'],
      [3, 'duplicate_employee'],
    ]);
    expect((await app.services.currency.proofOfReserve('amiens')).reserve).toBe(0n);
    expect((await app.services.salaryShare.listRuns(system, 'amiens', employerId))).toEqual([]);
  });

  it('lets only the representative submit the payroll', async () => {
    const staff = person(people.alice);
    await expect(app.services.salaryShare.runPayroll(staff, 'amiens', employerId, '2026-11', parsePayrollCsv(payroll))).rejects.toMatchObject({ status: 403 });
  });

  it('converts the same payroll once when two submissions race', async () => {
    await app.services.salaryShare.consent(person(people.alice), 'amiens', employerId, 1000);
    const lines = parsePayrollCsv(payroll);
    const outcomes = await Promise.all([1, 2, 3].map(() => app.services.salaryShare.runPayroll(person(people.rep), 'amiens', employerId, '2026-12', lines)));
    expect(outcomes.filter((o) => !o.replayed)).toHaveLength(1);
    expect(new Set(outcomes.map((o) => o.report.runId)).size).toBe(1);
    expect((await app.services.currency.proofOfReserve('amiens')).reserve).toBe(20000n);
  });
});
