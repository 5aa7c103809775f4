import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { describeEachDatabase } from '../../platform/db/test-database.js';
import { createTestApp, TestClient } from '../../platform/http/test-client.js';
import { personActor, systemActor } from '../../platform/auth/actor.js';
import type { App } from '../../app.js';
import { convertedAmount, parseEuroAmount, parsePayrollCsv } from './salary-share-model.js';
import { EURO, systemAccountId } from './model.js';

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

  describe('progress', () => {
    const runs = () => `/api/v1/t/amiens/organisations/${employerId}/payroll/runs?period=2026-11`;
    const streamed = (client: TestClient, csv: string) => client.request('POST', runs(), csv, { accept: 'application/x-ndjson' });
    const linesOf = (body: string) => body.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);

    /** A transfer already in the ledger under the id the payroll would give the employee's issuance, with another amount. */
    async function clashWithIssuanceOf(personId: string) {
      await app.services.currency.issue(system, 'amiens', { key: `prefund-${personId}`, to: { type: 'person', id: personId }, amount: 100n });
      const [account] = await app.services.currency.myAccounts(system, 'amiens', { type: 'person', id: personId });
      const results = await app.services.currency.submitTransfers(system, 'amiens', [
        { id: `salary:${employerId}:2026-11:${personId}`, debitAccountId: systemAccountId('issuance', 'GRAIN'), creditAccountId: account!.id, amount: 1n, unit: 'GRAIN', kind: 'issuance', linked: true },
        { id: `clash-${personId}/euro`, debitAccountId: systemAccountId('euro_world', EURO), creditAccountId: systemAccountId('euro_reserve', EURO), amount: 1n, unit: EURO, kind: 'issuance' },
      ]);
      expect(results.every((r) => r.status === 'ok')).toBe(true);
    }

    it('streams the conversion as NDJSON: progress never going back and ending at the total, then the report the JSON answer gives', async () => {
      await app.services.salaryShare.consent(person(people.alice), 'amiens', employerId, 1000);
      await app.services.salaryShare.consent(person(people.bob), 'amiens', employerId, 500);
      const response = await streamed(employer, payroll);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toContain('application/x-ndjson');
      const lines = linesOf(response.body);
      const progress = lines.filter((l) => l.type === 'progress') as { done: number; total: number }[];
      expect(progress.length).toBeGreaterThanOrEqual(2);
      expect(progress[0]).toEqual({ type: 'progress', done: 0, total: 2 });
      for (let i = 1; i < progress.length; i++) expect(progress[i]!.done).toBeGreaterThanOrEqual(progress[i - 1]!.done);
      expect(progress.at(-1)).toEqual({ type: 'progress', done: 2, total: 2 });
      expect(lines.slice(0, progress.length).every((l) => l.type === 'progress')).toBe(true);
      expect(lines).toHaveLength(progress.length + 1);
      const result = lines.at(-1) as { type: string; status: number; report: Record<string, unknown> };
      expect(result).toMatchObject({ type: 'result', status: 201, report: { status: 'committed', employees: 2, totalConverted: 29000 } });
      expect(await app.services.currency.proofOfReserve('amiens')).toMatchObject({ reserve: 29000n, circulation: 29000n });

      // The same payroll again, as JSON: 200 with the very report the stream ended with.
      const json = await employer.request('POST', runs(), payroll);
      expect(json.statusCode).toBe(200);
      expect(json.headers['content-type']).toContain('application/json');
      expect(json.json()).toEqual(result.report);

      // And streamed again: the result line alone says 200, already converted.
      const replay = linesOf((await streamed(employer, payroll)).body);
      expect(replay.at(-1)).toEqual({ type: 'result', status: 200, report: result.report });
      expect(replay.filter((l) => l.type === 'result')).toHaveLength(1);
      expect((await app.services.currency.proofOfReserve('amiens')).reserve).toBe(29000n);
    });

    it('refuses before streaming with an ordinary problem: a different payroll (409), someone not the representative (403), a bad file (422)', async () => {
      await app.services.salaryShare.consent(person(people.alice), 'amiens', employerId, 1000);
      expect((await streamed(employer, payroll)).statusCode).toBe(200);

      const different = await streamed(employer, payroll.replace('2000,00', '2100,00'));
      expect(different.statusCode).toBe(409);
      expect(different.headers['content-type']).toContain('application/problem+json');
      expect(different.json()).toMatchObject({ status: 409, code: 'payroll_period_already_run' });

      const staff = await app.services.auth.createAccount(system, { email: 'staff@example.org', password: PASSWORD, displayName: 'Staff' });
      await app.services.territories.addMember(system, 'amiens', employerId, { email: staff.email, role: 'staff' });
      const colleague = new TestClient(app);
      await colleague.signIn(staff.email, PASSWORD);
      const forbidden = await streamed(colleague, payroll);
      expect(forbidden.statusCode).toBe(403);
      expect(forbidden.headers['content-type']).toContain('application/problem+json');
      expect(forbidden.json()).toMatchObject({ status: 403, code: 'forbidden' });

      const invalid = await employer.request('POST', `/api/v1/t/amiens/organisations/${employerId}/payroll/runs?period=2026-12`, payroll.replace('bob@example.org', 'stranger@example.org'), { accept: 'application/x-ndjson' });
      expect(invalid.statusCode).toBe(422);
      expect(invalid.json()).toMatchObject({ code: 'invalid_csv', errors: [{ row: 2, code: 'not_an_employee' }] });
    });

    it('ends the stream with a problem line when the ledger refuses midway, and converts nothing', async () => {
      await app.services.salaryShare.consent(person(people.alice), 'amiens', employerId, 1000);
      await clashWithIssuanceOf(people.alice);
      const response = await streamed(employer, payroll);
      expect(response.statusCode).toBe(200);
      const lines = linesOf(response.body);
      expect(lines[0]).toEqual({ type: 'progress', done: 0, total: 1 });
      expect(lines.at(-1)).toEqual({
        type: 'problem',
        problem: expect.objectContaining({ status: 422, code: 'exists_with_different_fields', title: 'Unprocessable Content', type: 'https://pacte21.org/problems/exists-with-different-fields', detail: expect.stringContaining('nothing was converted') }),
      });
      expect(lines.some((l) => l.type === 'result')).toBe(false);
      expect(await app.services.salaryShare.listRuns(system, 'amiens', employerId)).toEqual([]);
      expect((await app.services.currency.proofOfReserve('amiens')).reserve).toBe(101n);
    });

    it('posts a payroll chunk by chunk in one transaction, telling progress after each', async () => {
      await app.services.salaryShare.consent(person(people.alice), 'amiens', employerId, 1000);
      await app.services.salaryShare.consent(person(people.bob), 'amiens', employerId, 500);
      await app.services.salaryShare.consent(person(people.chloe), 'amiens', employerId, 200);
      // Alice already has an account; Bob's and Chloé's are opened by the chunks that credit them.
      await app.services.currency.issue(system, 'amiens', { key: 'prefund-alice', to: { type: 'person', id: people.alice }, amount: 100n });
      const steps: [number, number][] = [];
      const { report } = await app.services.salaryShare.runPayroll(person(people.rep), 'amiens', employerId, '2026-11', parsePayrollCsv(payroll), (done, total) => void steps.push([done, total]), { chunkSize: 1 });
      expect(steps).toEqual([[0, 3], [1, 3], [2, 3], [3, 3]]);
      expect(report).toMatchObject({ employees: 3, totalConverted: 20000 + 9000 + 5000 });
      const balances = await Promise.all([people.alice, people.bob, people.chloe].map(async (id) => (await app.services.currency.myAccounts(system, 'amiens', { type: 'person', id })).map((a) => a.balance)));
      expect(balances).toEqual([[20100n], [9000n], [5000n]]);
      expect(await app.services.currency.proofOfReserve('amiens')).toMatchObject({ reserve: 34100n, circulation: 34100n });
    });

    it('counts the line of a frozen account as done from the start, and converts the others chunk by chunk', async () => {
      for (const [id, bp] of [[people.alice, 1000], [people.bob, 500], [people.chloe, 200]] as const) await app.services.salaryShare.consent(person(id), 'amiens', employerId, bp);
      await app.services.currency.issue(system, 'amiens', { key: 'prefund-bob', to: { type: 'person', id: people.bob }, amount: 100n });
      const [bob] = await app.services.currency.myAccounts(system, 'amiens', { type: 'person', id: people.bob });
      await app.services.currency.setAccountStatus(system, 'amiens', bob!.id, 'frozen');
      const steps: [number, number][] = [];
      const { report } = await app.services.salaryShare.runPayroll(person(people.rep), 'amiens', employerId, '2026-11', parsePayrollCsv(payroll), (done, total) => void steps.push([done, total]), { chunkSize: 1 });
      expect(steps).toEqual([[0, 3], [2, 3], [3, 3]]);
      expect(report).toMatchObject({ employees: 2, totalConverted: 25000, notConverted: [{ email: 'bob@example.org', reason: 'account_frozen' }] });
      expect(await app.services.currency.proofOfReserve('amiens')).toMatchObject({ reserve: 25100n, circulation: 25100n });
    });

    it('leaves nothing when a later chunk fails: the chunks before it are undone with it', async () => {
      await app.services.salaryShare.consent(person(people.alice), 'amiens', employerId, 1000);
      await app.services.salaryShare.consent(person(people.bob), 'amiens', employerId, 500);
      await clashWithIssuanceOf(people.bob);
      const steps: number[] = [];
      await expect(
        app.services.salaryShare.runPayroll(person(people.rep), 'amiens', employerId, '2026-11', parsePayrollCsv(payroll), (done) => void steps.push(done), { chunkSize: 1 }),
      ).rejects.toMatchObject({ status: 422, code: 'exists_with_different_fields' });
      expect(steps).toEqual([0, 1]);
      expect(await app.services.currency.myAccounts(system, 'amiens', { type: 'person', id: people.alice })).toEqual([]);
      expect(await app.services.currency.proofOfReserve('amiens')).toMatchObject({ reserve: 101n, circulation: 101n });
      expect(await app.services.salaryShare.listRuns(system, 'amiens', employerId)).toEqual([]);
    });
  });
});
