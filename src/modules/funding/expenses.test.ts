import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it, vi } from 'vitest';
import { describeEachDatabase } from '../../platform/db/test-database.js';
import { createTestApp, TestClient } from '../../platform/http/test-client.js';
import type { App } from '../../app.js';
import { toCsv, OPEN_DATA_COLUMNS } from './open-data.js';
import { fundingTerritory, MINIMAL_PDF, multipartBody, system } from './test-factories.js';

// Each test builds the whole app and a territory: slow on a busy machine, above the default limits.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

let storage: string;
beforeAll(() => {
  storage = fs.mkdtempSync(path.join(os.tmpdir(), 'pacte21-receipts-'));
  process.env.PACTE21_STORAGE_DIR = storage;
});
afterAll(() => {
  delete process.env.PACTE21_STORAGE_DIR;
  fs.rmSync(storage, { recursive: true, force: true });
});

describeEachDatabase('budget execution: expenses, receipts, approvals, planned vs actual', (ctx) => {
  let app: App;
  let t: Awaited<ReturnType<typeof fundingTerritory>>;

  beforeEach(async () => {
    app = await createTestApp(ctx.handle);
    t = await fundingTerritory(app);
  });
  afterEach(async () => app.close());

  const draft = (who: Parameters<typeof t.as>[0], amount: bigint, extra: object = {}) =>
    app.services.fundingExpenses.create(t.as(who), t.slug, t.taskForceId, { budgetLinePosition: 0, payee: 'Bureau d’études Thermia', description: 'Audit énergétique', amount, incurredOn: '2026-04-02', ...extra });
  const withReceipt = (who: Parameters<typeof t.as>[0], id: string) => app.services.fundingExpenses.attachReceipt(t.as(who), t.slug, id, { name: 'facture.pdf', bytes: MINIMAL_PDF });

  it('takes an expense from draft to paid: receipt kept under its SHA-256, two distinct approvers, nobody approving their own', async () => {
    const { fundingExpenses: expenses } = app.services;
    await expect(expenses.setApprovalRule(t.as('recyclingRep'), t.slug, t.taskForceId, 2)).rejects.toMatchObject({ code: 'forbidden' });
    await expenses.setApprovalRule(t.as('facilitator'), t.slug, t.taskForceId, 2);
    const expense = await draft('recyclingStaff', 450_000n);
    await expect(expenses.submit(t.as('recyclingStaff'), t.slug, expense.id)).rejects.toMatchObject({ code: 'receipt_required' });

    // The receipt goes through HTTP as a browser's form sends it.
    await app.services.auth.createAccount(system, { email: 'hugo@amiens.test', password: 'correct-horse-battery', displayName: 'Hugo' });
    const hugo = new TestClient(app);
    await hugo.signIn('hugo@amiens.test', 'correct-horse-battery');
    const upload = (bytes: Buffer, name = 'facture.pdf') => {
      const { body, contentType } = multipartBody('file', name, 'application/pdf', bytes);
      return hugo.request('POST', `/api/v1/t/${t.slug}/funding/expenses/${expense.id}/receipt`, body, { 'content-type': contentType });
    };
    const refused = await upload(Buffer.from('<html><script>alert(1)</script>'), 'facture.pdf');
    expect(refused.json()).toMatchObject({ status: 422, code: 'unsupported_receipt' });
    const uploaded = await upload(MINIMAL_PDF, '../../etc/facture mars.pdf');
    expect(uploaded.statusCode).toBe(200);
    const sha256 = createHash('sha256').update(MINIMAL_PDF).digest('hex');
    expect(uploaded.json().receipt).toEqual({ sha256, name: 'facture mars.pdf', mediaType: 'application/pdf', size: MINIMAL_PDF.length });
    expect(fs.readFileSync(path.join(storage, 'receipts', sha256.slice(0, 2), sha256)).equals(MINIMAL_PDF)).toBe(true);

    await expenses.submit(t.as('recyclingStaff'), t.slug, expense.id);
    await expect(expenses.decide(t.as('citizen'), t.slug, expense.id, { decision: 'approve' })).rejects.toMatchObject({ code: 'forbidden' });
    expect((await expenses.decide(t.as('recyclingRep'), t.slug, expense.id, { decision: 'approve' })).status).toBe('submitted');
    await expect(expenses.decide(t.as('recyclingRep'), t.slug, expense.id, { decision: 'approve' })).rejects.toMatchObject({ code: 'already_decided' });
    await expect(expenses.pay(t.as('facilitator'), t.slug, expense.id)).rejects.toMatchObject({ code: 'expense_not_approved' });
    const approved = await expenses.decide(t.as('facilitator'), t.slug, expense.id, { decision: 'approve', note: 'Conforme au devis' });
    expect(approved).toMatchObject({
      status: 'approved',
      approversRequired: 2,
      submittedByName: 'Hugo',
      approvals: [{ decision: 'approve', approverName: 'sophie' }, { decision: 'approve', approverName: 'Claire', note: 'Conforme au devis' }],
    });
    expect(await expenses.pay(t.as('recyclingRep'), t.slug, expense.id)).toMatchObject({ status: 'paid', paidByName: 'sophie' });
    // The public sees who approved, by name, never by email.
    const published = (await new TestClient(app).get(`/api/v1/t/${t.slug}/funding/expenses/${expense.id}`)).json();
    expect(published).toMatchObject({ submittedByName: 'Hugo', paidByName: 'sophie', approvals: [{ approverId: t.people.recyclingRep, approverName: 'sophie' }, { approverId: t.people.facilitator, approverName: 'Claire' }] });
    expect(JSON.stringify(published)).not.toContain('@amiens.test');

    // A lead's own expense needs someone else's approval.
    const own = await draft('recyclingRep', 10_000n);
    await withReceipt('recyclingRep', own.id);
    await expenses.submit(t.as('recyclingRep'), t.slug, own.id);
    await expect(expenses.decide(t.as('recyclingRep'), t.slug, own.id, { decision: 'approve' })).rejects.toMatchObject({ code: 'own_expense', status: 403 });
    await expect(expenses.decide(t.as('facilitator'), t.slug, own.id, { decision: 'reject' })).rejects.toMatchObject({ errors: [{ field: 'note' }] });
    expect(await expenses.decide(t.as('facilitator'), t.slug, own.id, { decision: 'reject', note: 'Hors budget' })).toMatchObject({ status: 'rejected' });
    await expect(expenses.decide(t.as('citizen'), t.slug, own.id, { decision: 'approve' })).rejects.toMatchObject({ code: 'forbidden' });

    // Receipts: the working members, facilitators and auditors see them; a passer-by does not.
    const file = await new TestClient(app).get(`/api/v1/t/${t.slug}/funding/expenses/${expense.id}/receipt`);
    expect(file.statusCode).toBe(401);
    const mine = await hugo.get(`/api/v1/t/${t.slug}/funding/expenses/${expense.id}/receipt`);
    expect(mine.headers['x-content-sha256']).toBe(sha256);
    expect(mine.rawPayload.equals(MINIMAL_PDF)).toBe(true);
    await expect(expenses.receipt(t.as('ressourcerieRep'), t.slug, expense.id)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(expenses.receipt(t.as('wasteRep'), t.slug, expense.id)).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('shows planned vs actual per budget line and per funder, and the open data, to anyone', async () => {
    const { funding, fundingExpenses: expenses } = app.services;
    const region = await funding.addLine(t.as('facilitator'), t.slug, t.taskForceId, { sourceKind: 'subsidy', funderOrganisationId: t.organisations.waste, amount: 5_000_000n, status: 'granted' });
    const paidOne = await draft('citizen', 1_000_000n, { fundingLineId: region.id });
    const approvedOne = await draft('citizen', 500_000n, { budgetLinePosition: 1 });
    const draftOnly = await draft('citizen', 99_000n);
    for (const e of [paidOne, approvedOne]) {
      await withReceipt('citizen', e.id);
      await expenses.submit(t.as('citizen'), t.slug, e.id);
      await expenses.decide(t.as('recyclingRep'), t.slug, e.id, { decision: 'approve' });
    }
    await expenses.pay(t.as('facilitator'), t.slug, paidOne.id);

    const client = new TestClient(app);
    const execution = (await client.get(`/api/v1/t/${t.slug}/funding/task-forces/${t.taskForceId}/execution`)).json();
    expect(execution.byBudgetLine).toEqual([
      { position: 0, label: 'Conseillers du guichet', category: 'fonctionnement', planned: 9_000_000, committed: 1_000_000, paid: 1_000_000, remaining: 8_000_000, committedPercent: 11.1 },
      { position: 1, label: 'Formation des artisans', category: 'formation', planned: 1_800_000, committed: 500_000, paid: 0, remaining: 1_300_000, committedPercent: 27.8 },
    ]);
    expect(execution.byFunder).toEqual([
      expect.objectContaining({ funderName: 'Service des déchets', planned: 5_000_000, secured: 5_000_000, committed: 1_000_000, paid: 1_000_000 }),
      expect.objectContaining({ funderKey: null, committed: 500_000, paid: 0 }),
    ]);
    expect(execution.counts).toMatchObject({ drafted: 1, approved: 1, paid: 1 });
    const list = (await client.get(`/api/v1/t/${t.slug}/funding/task-forces/${t.taskForceId}/expenses`)).json().items;
    expect(list.map((e: { id: string; status: string }) => [e.id, e.status])).toEqual(expect.arrayContaining([[draftOnly.id, 'drafted'], [paidOne.id, 'paid']]));

    const dataset = (await client.get(`/api/v1/t/${t.slug}/funding/open-data.json`)).json();
    expect(dataset.tables['funding-lines']).toEqual([expect.objectContaining({ id: region.id, amount_cents: 5_000_000, source_kind: 'subsidy', funder_name: 'Service des déchets' })]);
    expect(dataset.tables.expenses).toHaveLength(3);
    const row = (dimension: string, label: string) => dataset.tables.execution.find((r: { dimension: string; label: string }) => r.dimension === dimension && r.label === label);
    expect(row('budget_line', 'Conseillers du guichet')).toMatchObject({ task_force_id: t.taskForceId, planned_cents: 9_000_000, committed_cents: 1_000_000, paid_cents: 1_000_000, remaining_cents: 8_000_000, committed_percent: 11.1, secured_cents: null });
    expect(row('budget_line', 'Formation des artisans')).toMatchObject({ planned_cents: 1_800_000, committed_cents: 500_000, paid_cents: 0 });
    expect(row('funder', 'Service des déchets')).toMatchObject({ funder_organisation_id: t.organisations.waste, planned_cents: 5_000_000, secured_cents: 5_000_000, committed_cents: 1_000_000, paid_cents: 1_000_000, remaining_cents: 4_000_000 });
    expect(row('no_funder', '')).toMatchObject({ planned_cents: null, committed_cents: 500_000, remaining_cents: null });
    expect(dataset.tables.execution).toHaveLength(4);
    const executionCsv = (await client.get(`/api/v1/t/${t.slug}/funding/open-data/execution.csv`)).body.split('\r\n');
    expect(executionCsv[0]).toBe(OPEN_DATA_COLUMNS.execution.join(','));
    expect(executionCsv).toContain(`${t.taskForceId},Guichet unique de la rénovation thermique,funder,Service des déchets,${t.organisations.waste},5000000,5000000,1000000,1000000,4000000,20`);
    const csv = (await client.get(`/api/v1/t/${t.slug}/funding/open-data/expenses.csv`)).body;
    expect(csv.split('\r\n')[0]).toBe(OPEN_DATA_COLUMNS.expenses.join(','));
    expect(csv).toContain('Bureau d’études Thermia');
    expect((await client.get(`/api/v1/t/${t.slug}/funding/open-data/secrets.csv`)).statusCode).toBe(422);
    expect(toCsv([{ a: 'x,"y"', b: null }], ['a', 'b'])).toBe('a,b\r\n"x,""y""",\r\n');
  });

  it('lets whoever drafted an expense edit it until it is submitted; bad fields named, nothing changed', async () => {
    const { funding, fundingExpenses: expenses } = app.services;
    const region = await funding.addLine(t.as('facilitator'), t.slug, t.taskForceId, { sourceKind: 'subsidy', funderName: 'Région Hauts-de-France', amount: 500_000n });
    const expense = await draft('citizen', 100n);
    const changes = { payee: 'Imprimerie du Beffroi', description: 'Affiches de la réunion publique', amount: 15_000n, incurredOn: '2026-04-10', budgetLinePosition: 1, fundingLineId: region.id };
    expect(await expenses.update(t.as('citizen'), t.slug, expense.id, changes)).toMatchObject({ ...changes, budgetLineLabel: 'Formation des artisans', status: 'drafted' });
    expect((await expenses.update(t.as('citizen'), t.slug, expense.id, { fundingLineId: null })).fundingLineId).toBeNull();

    await expect(expenses.update(t.as('citizen'), t.slug, expense.id, { payee: ' ', amount: 0n, incurredOn: '10/04/2026', budgetLinePosition: 7, fundingLineId: 'nope' })).rejects.toMatchObject({
      status: 422,
      errors: [{ field: 'payee' }, { field: 'amount' }, { field: 'incurredOn' }, { field: 'budgetLinePosition' }, { field: 'fundingLineId' }],
    });
    for (const who of ['facilitator', 'recyclingRep', 'recyclingStaff', 'wasteRep'] as const) {
      await expect(expenses.update(t.as(who), t.slug, expense.id, { amount: 1n }), who).rejects.toMatchObject({ code: 'forbidden' });
    }
    expect(await expenses.get(t.slug, expense.id)).toMatchObject({ ...changes, fundingLineId: null });

    await withReceipt('citizen', expense.id);
    await expenses.submit(t.as('citizen'), t.slug, expense.id);
    await expect(expenses.update(t.as('citizen'), t.slug, expense.id, { amount: 1n })).rejects.toMatchObject({ status: 409, code: 'expense_not_drafted' });
    expect((await expenses.get(t.slug, expense.id)).amount).toBe(15_000n);
  });

  it('refuses bad expenses with every field at fault and changes nothing; other territories see nothing', async () => {
    const { fundingExpenses: expenses } = app.services;
    await expect(
      expenses.create(t.as('citizen'), t.slug, t.taskForceId, { budgetLinePosition: 9, payee: '', description: ' ', amount: -5n, incurredOn: '02/04/2026', fundingLineId: 'nope' }),
    ).rejects.toMatchObject({ status: 422, errors: [{ field: 'payee' }, { field: 'description' }, { field: 'amount' }, { field: 'incurredOn' }, { field: 'budgetLinePosition' }, { field: 'fundingLineId' }] });
    for (const who of ['wasteRep', 'ressourcerieRep'] as const) await expect(draft(who, 100n), who).rejects.toMatchObject({ code: 'forbidden' });
    expect(await expenses.list(t.slug, t.taskForceId)).toEqual([]);
    const expense = await draft('citizen', 100n);
    await expect(expenses.update(t.as('recyclingStaff'), t.slug, expense.id, { amount: 1n })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(expenses.attachReceipt(t.as('citizen'), t.slug, expense.id, { name: 'vide.pdf', bytes: Buffer.alloc(0) })).rejects.toMatchObject({ errors: [{ code: 'empty_file' }] });
    expect((await expenses.get(t.slug, expense.id)).receipt).toBeNull();
    await fundingTerritory(app, 'amiens-ville', { slug: 'amiens-ville', level: 'commune', inseeCode: '80021', currencyCode: 'PICA', currencyName: 'La Pica' });
    await expect(expenses.get('amiens-ville', expense.id)).rejects.toMatchObject({ status: 404 });
    expect((await new TestClient(app).get(`/api/v1/t/amiens-ville/funding/expenses/${expense.id}`)).statusCode).toBe(404);
  });
});
