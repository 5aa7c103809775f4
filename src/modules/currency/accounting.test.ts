import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../../platform/db/test-database.js';
import { TestClient } from '../../platform/http/test-client.js';
import { personActor, systemActor } from '../../platform/auth/actor.js';
import { createApp, type App } from '../../app.js';
import { loadConfig } from '../../config.js';
import { ledgerRepository } from './ledger-repository.js';
import { systemAccountId, type Owner } from './model.js';
import { createAccountingServices, type AccountingServices } from './accounting.js';
import { decodeLatin9 } from './fec-model.js';
import { addDays, startOfBookDay } from './accounting-calendar.js';

const system = systemActor('test');
const PASSWORD = 'correct-horse-battery';
const ASSOCIATION_SIRET = '73282932000074';

/** The 18 fields of LPF art. A47 A-1, in their order, written out here rather than taken from the code under test. */
const SPEC_HEADER = 'JournalCode\tJournalLib\tEcritureNum\tEcritureDate\tCompteNum\tCompteLib\tCompAuxNum\tCompAuxLib\tPieceRef\tPieceDate\tEcritureLib\tDebit\tCredit\tEcritureLet\tDateLet\tValidDate\tMontantdevise\tIdevise';

type FecLine = Record<string, string>;
const cents = (amount: string) => {
  const [units, decimals] = amount.split(',') as [string, string];
  return BigInt(units) * 100n + BigInt(decimals);
};
const isRealDate = (d: string) => /^\d{8}$/.test(d) && new Date(`${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}T00:00:00Z`).toISOString().slice(0, 10).replaceAll('-', '') === d;

/** Checks a FEC against the format of LPF art. A47 A-1 and BOI-CF-IOR-60-40-20; returns its lines. */
function checkFec(text: string): FecLine[] {
  const records = text.split('\r\n');
  expect(records.pop()).toBe('');
  expect(records[0]).toBe(SPEC_HEADER);
  const names = SPEC_HEADER.split('\t');
  const lines = records.slice(1).map((r, i) => {
    const fields = r.split('\t');
    expect(fields, `line ${i + 2}`).toHaveLength(18);
    return Object.fromEntries(names.map((n, k) => [n, fields[k]!]));
  });
  const entries = new Map<string, FecLine[]>();
  let seenOther = false;
  let lastDate = '';
  const sequence = new Map<string, number>();
  for (const [i, l] of lines.entries()) {
    const where = `line ${i + 2}: ${records[i + 1]}`;
    for (const required of ['JournalCode', 'JournalLib', 'EcritureNum', 'EcritureDate', 'CompteNum', 'CompteLib', 'PieceRef', 'PieceDate', 'EcritureLib', 'Debit', 'Credit', 'ValidDate']) {
      expect(l[required], `${where} (${required})`).not.toBe('');
    }
    for (const date of ['EcritureDate', 'PieceDate', 'ValidDate']) expect(isRealDate(l[date]!), `${where} (${date})`).toBe(true);
    expect(l.CompteNum, where).toMatch(/^\d{3}/);
    expect(l.Debit, where).toMatch(/^\d+,\d{2}$/);
    expect(l.Credit, where).toMatch(/^\d+,\d{2}$/);
    for (const [a, b] of [['CompAuxNum', 'CompAuxLib'], ['EcritureLet', 'DateLet'], ['Montantdevise', 'Idevise']] as const) {
      expect(l[a] === '', `${where}: ${a} and ${b} go in pairs`).toBe(l[b] === '');
    }
    const number = l.EcritureNum!;
    if (!entries.has(number)) {
      // Entries are contiguous and numbered without a gap within each journal.
      const n = (sequence.get(l.JournalCode!) ?? 0) + 1;
      sequence.set(l.JournalCode!, n);
      expect(Number(number.slice(l.JournalCode!.length)), where).toBe(n);
      entries.set(number, []);
    } else {
      expect(entries.get(number)!.at(-1), `${where}: an entry's lines are contiguous`).toBe(lines[i - 1]);
    }
    entries.get(number)!.push(l);
    if (l.JournalCode === 'AN') expect(seenOther, `${where}: opening entries come first`).toBe(false);
    else {
      seenOther = true;
      expect(l.EcritureDate! >= lastDate, `${where}: chronological`).toBe(true);
      lastDate = l.EcritureDate!;
    }
  }
  for (const [number, entryLines] of entries) {
    const debit = entryLines.reduce((s, l) => s + cents(l.Debit!), 0n);
    const credit = entryLines.reduce((s, l) => s + cents(l.Credit!), 0n);
    expect(debit, `entry ${number} is balanced`).toBe(credit);
    expect(new Set(entryLines.map((l) => `${l.JournalCode} ${l.EcritureDate}`)).size, `entry ${number} has one journal and date`).toBe(1);
  }
  const totalDebit = lines.reduce((s, l) => s + cents(l.Debit!), 0n);
  const totalCredit = lines.reduce((s, l) => s + cents(l.Credit!), 0n);
  expect(totalDebit).toBe(totalCredit);
  return lines;
}

const net = (lines: FecLine[], compteNum: string, auxNum?: string) =>
  lines.filter((l) => l.CompteNum === compteNum && (auxNum === undefined || l.CompAuxNum === auxNum)).reduce((s, l) => s + cents(l.Debit!) - cents(l.Credit!), 0n);

describeEachDatabase('currency accounting: statements, FEC, demurrage', (ctx) => {
  let app: App;
  let accounting: AccountingServices;
  let now: Date;
  let operator: TestClient;
  let alice: { id: string };
  let bob: { id: string };
  let shopId: string;
  let collectiveId: string;
  let associationId: string;
  let territoryId: string;
  let keys = 0;

  const at = (iso: string) => {
    now = new Date(iso);
  };
  const asPerson = personActor;
  const person = (id: string): Owner => ({ type: 'person', id });
  const key = () => `key-${String((keys += 1)).padStart(6, '0')}`;
  const issue = (to: Owner, amount: bigint) => app.services.currency.issue(system, 'amiens', { key: key(), to, amount });
  const pay = (from: Owner, to: Owner, amount: bigint, unit?: string) =>
    app.services.currency.pay(system, 'amiens', { key: key(), from, to, amount, ...(unit ? { unit } : {}) });
  const accountOf = async (owner: Owner, unit = 'GRAIN') => (await app.services.currency.myAccounts(system, 'amiens', owner)).find((a) => a.unit === unit)!;
  const signedIn = async (email: string) => {
    const client = new TestClient(app);
    await client.signIn(email, PASSWORD);
    return client;
  };

  beforeEach(async () => {
    at('2024-03-01T09:00:00.000Z');
    app = await createApp(
      loadConfig({ cookieSecret: 'test-secret-test-secret-test-secret', logLevel: 'silent', webRoot: '/nonexistent', signInRateLimit: { max: 1000, timeWindow: '1 minute' } }),
      { database: ctx.handle, migrate: false, clock: () => now },
    );
    accounting = createAccountingServices(ctx.handle.db, app.services.territories, app.services.currency, () => now);
    const t = app.services.territories;
    territoryId = (await t.createTerritory(system, { slug: 'amiens', level: 'epci', inseeCode: '248000531', currencyCode: 'GRAIN', currencyName: 'Le Grain' })).id;
    for (const [email, name, roles] of [
      ['op@example.org', 'Opératrice', ['currency_operator']],
      ['audit@example.org', 'Auditeur', ['auditor']],
    ] as const) {
      const account = await app.services.auth.createAccount(system, { email, password: PASSWORD, displayName: name });
      await t.addPerson(system, 'amiens', { email, displayName: name });
      await t.setRoles(system, 'amiens', account.id, [...roles]);
    }
    const aliceAccount = await app.services.auth.createAccount(system, { email: 'alice@example.org', password: PASSWORD, displayName: 'Alice' });
    alice = await t.addPerson(system, 'amiens', { email: aliceAccount.email, displayName: 'Alice' });
    bob = await t.addPerson(system, 'amiens', { email: 'bob@example.org', displayName: 'Bob' });
    shopId = (await t.createOrganisation(system, 'amiens', { name: 'Épicerie du Marché', kind: 'business', siret: '44306184100047' })).id;
    collectiveId = (await t.createOrganisation(system, 'amiens', { name: 'Collectif Vélo', kind: 'citizen_collective' })).id;
    associationId = (await t.createOrganisation(system, 'amiens', { name: 'Le Grain, monnaie locale', kind: 'association', siret: ASSOCIATION_SIRET })).id;
    await t.addMember(system, 'amiens', shopId, { email: 'bob@example.org', role: 'representative' });
    operator = await signedIn('op@example.org');
  });
  afterEach(async () => app.close());

  // ── statements ─────────────────────────────────────────────────────────────────────────────────

  it("exports an account's statement as CSV, oldest first, with a running balance that ends at the balance", async () => {
    await issue(person(alice.id), 5_000n);
    at('2024-03-02T09:00:00.000Z');
    await app.services.currency.pay(asPerson(alice.id), 'amiens', { key: key(), from: person(alice.id), to: { type: 'organisation', id: shopId }, amount: 1_234n, memo: '=HYPERLINK("x"), "bio" veg' });
    const account = await accountOf(person(alice.id));
    const response = await (await signedIn('alice@example.org')).get(`/api/v1/t/amiens/accounts/${account.id}/statement.csv`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.headers['content-disposition']).toBe(`attachment; filename="statement-GRAIN-${account.id}.csv"`);
    const rows = parse(response.body, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r.date, r.kind, r.debit, r.credit, r.running_balance])).toEqual([
      ['2024-03-01T09:00:00.000Z', 'issuance', '', '50.00', '50.00'],
      ['2024-03-02T09:00:00.000Z', 'payment', '12.34', '', '37.66'],
    ]);
    expect(rows[0]!.counterparty_account).toBe(systemAccountId('issuance', 'GRAIN'));
    // A memo typed by someone else never opens as a spreadsheet formula.
    expect(rows[1]!.memo).toBe(`'=HYPERLINK("x"), "bio" veg`);
  });

  it('streams a big account page after page without losing or repeating a transfer', async () => {
    await issue(person(alice.id), 100_000n);
    const aliceAccount = (await accountOf(person(alice.id))).id;
    const fees = systemAccountId('fees', 'GRAIN');
    for (const day of ['2024-03-02', '2024-03-03']) {
      at(`${day}T10:00:00.000Z`);
      const transfers = Array.from({ length: 1_100 }, (_, i) => ({ id: `${day}-${String(i).padStart(5, '0')}`, debitAccountId: aliceAccount, creditAccountId: fees, amount: 3n, unit: 'GRAIN', kind: 'correction' }));
      expect((await app.services.currency.submitTransfers(system, 'amiens', transfers)).every((r) => r.status === 'ok')).toBe(true);
    }
    const csv = await accounting.statements.exportCsv(system, 'amiens', aliceAccount);
    let text = '';
    for await (const chunk of csv.chunks) text += chunk;
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(2_201);
    expect(new Set(rows.map((r) => r.id)).size).toBe(2_201);
    expect(rows.at(-1)!.running_balance).toBe('934.00');
    expect((await accountOf(person(alice.id))).balance).toBe(93_400n);
  });

  it('writes time-bank amounts as hours:minutes', async () => {
    await pay(person(alice.id), person(bob.id), 90n, 'HOUR');
    const account = await accountOf(person(alice.id), 'HOUR');
    const response = await operator.get(`/api/v1/t/amiens/accounts/${account.id}/statement.csv`);
    const rows = parse(response.body, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r.kind, r.debit, r.running_balance])).toEqual([['time_exchange', '1:30', '-1:30']]);
  });

  it('lets the owner, operators and auditors read a statement, and nobody else', async () => {
    await issue(person(alice.id), 100n);
    await issue(person(bob.id), 100n);
    const url = (owner: Owner) => accountOf(owner).then((a) => `/api/v1/t/amiens/accounts/${a.id}/statement.csv`);
    expect((await new TestClient(app).get(await url(person(alice.id)))).statusCode).toBe(401);
    const refused = await (await signedIn('alice@example.org')).get(await url(person(bob.id)));
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('forbidden');
    expect((await (await signedIn('audit@example.org')).get(await url(person(alice.id)))).statusCode).toBe(200);
    expect((await operator.get(await url(person(bob.id)))).statusCode).toBe(200);
    expect((await operator.get('/api/v1/t/amiens/accounts/no-such-account/statement.csv')).statusCode).toBe(404);
  });

  // ── FEC ────────────────────────────────────────────────────────────────────────────────────────

  /** Two years of a small currency: issuances, a payment, a reconversion with its fee, and a new-year's-eve issuance. */
  async function twoYears() {
    const shop: Owner = { type: 'organisation', id: shopId };
    at('2024-03-01T09:00:00.000Z');
    await issue(person(alice.id), 10_000n);
    await issue(shop, 20_000n);
    at('2024-06-15T12:00:00.000Z');
    await pay(person(alice.id), shop, 3_000n);
    at('2024-09-01T08:00:00.000Z');
    await app.services.currency.reconvert(system, 'amiens', { key: key(), from: shop, amount: 10_000n });
    // 00:30 on 1 January in Amiens: the books put it in 2025.
    at('2024-12-31T23:30:00.000Z');
    await issue(person(alice.id), 1_000n);
    at('2025-02-01T10:00:00.000Z');
    await issue(person(bob.id), 5_000n);
    await pay(person(bob.id), shop, 2_000n);
    at('2025-06-01T10:00:00.000Z');
  }

  const fecText = async (client: TestClient, query: string) => {
    const response = await client.get(`/api/v1/t/amiens/currency/fec?${query}`);
    return { response, text: decodeLatin9(response.rawPayload) };
  };

  it('exports a FEC in the format of LPF art. A47 A-1, opening balances first, named after the SIREN and closing day', async () => {
    await twoYears();
    const { response, text } = await fecText(await signedIn('op@example.org'), `year=2025&organisationId=${associationId}`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/plain; charset=iso-8859-15');
    expect(response.headers['content-disposition']).toBe('attachment; filename="732829320FEC20251231.txt"');
    const lines = checkFec(text);
    const opening = lines.filter((l) => l.JournalCode === 'AN');
    expect(opening.map((l) => [l.CompteNum, l.CompAuxLib, l.Debit, l.Credit])).toEqual([
      ['120000', '', '0,00', '5,00'],
      ['467100', 'Alice', '0,00', '70,00'],
      ['467100', 'Épicerie du Marché', '0,00', '130,00'],
      ['512100', '', '205,00', '0,00'],
    ]);
    expect(opening.every((l) => l.EcritureDate === '20250101' && l.EcritureNum === 'AN000001')).toBe(true);
    const entries = lines.filter((l) => l.JournalCode !== 'AN');
    expect(entries.map((l) => [l.JournalCode, l.EcritureNum, l.EcritureDate, l.CompteNum, l.CompAuxLib, l.Debit, l.Credit])).toEqual([
      ['EMI', 'EMI000001', '20250101', '512100', '', '10,00', '0,00'],
      ['EMI', 'EMI000001', '20250101', '467100', 'Alice', '0,00', '10,00'],
      ['EMI', 'EMI000002', '20250201', '512100', '', '50,00', '0,00'],
      ['EMI', 'EMI000002', '20250201', '467100', 'Bob', '0,00', '50,00'],
      ['PAI', 'PAI000001', '20250201', '467100', 'Bob', '20,00', '0,00'],
      ['PAI', 'PAI000001', '20250201', '467100', 'Épicerie du Marché', '0,00', '20,00'],
    ]);
    // The bank account of the books closes at the euro reserve the public proof shows.
    expect(net(lines, '512100')).toBe((await app.services.currency.proofOfReserve('amiens')).reserve);
  });

  it('books the first year without opening entries, a reconversion with its fee as income', async () => {
    await twoYears();
    const { text } = await fecText(await signedIn('audit@example.org'), 'year=2024&siren=732829320');
    const lines = checkFec(text);
    expect(lines.some((l) => l.JournalCode === 'AN')).toBe(false);
    expect(lines.filter((l) => l.JournalCode === 'RECO').map((l) => [l.CompteNum, l.Debit, l.Credit])).toEqual([
      ['467100', '100,00', '0,00'],
      ['512100', '0,00', '95,00'],
      ['706100', '0,00', '5,00'],
    ]);
    expect(new Set(lines.map((l) => l.JournalCode))).toEqual(new Set(['EMI', 'PAI', 'RECO']));
    expect(lines.some((l) => l.CompteNum === '580000')).toBe(false);
    expect(net(lines, '512100')).toBe(20_500n);
  });

  it('refuses the FEC to citizens, for a year not begun, and without a valid SIREN', async () => {
    const alicesClient = await signedIn('alice@example.org');
    expect((await fecText(alicesClient, 'year=2024&siren=732829320')).response.statusCode).toBe(403);
    expect((await fecText(await signedIn('audit@example.org'), 'year=2024&siren=732829320')).response.statusCode).toBe(200);
    const refusals = [
      ['year=2026&siren=732829320', 'invalid_year'],
      ['year=2024&siren=123456789', 'invalid_siren'],
      ['year=2024', 'siren_required'],
      [`year=2024&organisationId=${collectiveId}`, 'siret_missing'],
    ];
    for (const [query, code] of refusals) {
      const { response } = await fecText(operator, query!);
      expect(response.statusCode, query).toBe(422);
      expect(response.json().code, query).toBe(code);
    }
  });

  // ── demurrage ──────────────────────────────────────────────────────────────────────────────────

  const melt = (day: string) => accounting.demurrage.applyDemurrage(system, 'amiens', day);
  const enableDemurrage = (threshold = 0) =>
    app.services.currency.updateSettings(system, 'amiens', { demurrageRateBp: 600, demurrageGraceDays: 90, demurrageThreshold: threshold });

  it('melts an idle balance above the threshold into the demurrage fund, once per day', async () => {
    await enableDemurrage(10_000);
    at('2025-01-01T10:00:00.000Z');
    await issue(person(alice.id), 110_000n);
    at('2025-06-01T10:00:00.000Z');
    expect(await melt('2025-04-01')).toMatchObject({ charged: 0, total: 0n });
    const first = await melt('2025-04-02');
    expect(first).toMatchObject({ date: '2025-04-02', unit: 'GRAIN', accounts: 1, charged: 1, total: 16n, alreadyApplied: 0 });
    const again = await melt('2025-04-02');
    expect(again).toMatchObject({ charged: 0, total: 0n, alreadyApplied: 1 });
    expect((await accountOf(person(alice.id))).balance).toBe(110_000n - 16n);
    const fund = (await ledgerRepository.loadAccounts(ctx.handle.db, territoryId, [systemAccountId('demurrage_fund', 'GRAIN')], false)).get(systemAccountId('demurrage_fund', 'GRAIN'))!;
    expect(fund.creditsPosted).toBe(16n);
    // Demurrage is not activity: the next day melts too.
    expect(await melt('2025-04-03')).toMatchObject({ charged: 1, total: 16n });
  });

  it('spares an account that paid someone within the grace days, and charges the balance at the end of the day', async () => {
    await enableDemurrage();
    at('2025-01-01T10:00:00.000Z');
    await issue(person(alice.id), 100_000n);
    await issue(person(bob.id), 100_000n);
    at('2025-03-01T10:00:00.000Z');
    await pay(person(bob.id), person(alice.id), 1n);
    // Alice receives a lot after the day charged (2 April): it does not count for that day.
    at('2025-04-03T10:00:00.000Z');
    await issue(person(alice.id), 1_000_000n);
    at('2025-04-04T10:00:00.000Z');
    const report = await melt('2025-04-02');
    expect(report).toMatchObject({ accounts: 2, charged: 1 });
    // (100,000 + 1) × 600 / 3,650,000 = 16.4 → 16 cents, on the balance at the end of 2 April.
    expect(report.total).toBe(16n);
    expect((await accountOf(person(bob.id))).balance).toBe(99_999n);
  });

  it('refuses a day not over, a currency that does not melt, and anyone but the operator', async () => {
    at('2025-04-02T10:00:00.000Z');
    await expect(melt('2025-04-01')).rejects.toMatchObject({ status: 422, code: 'demurrage_not_enabled' });
    await enableDemurrage();
    await expect(melt('2025-04-02')).rejects.toMatchObject({ status: 422, code: 'day_not_over' });
    await expect(melt('2025-02-30')).rejects.toMatchObject({ status: 422, code: 'invalid_date' });
    await expect(accounting.demurrage.applyDemurrage(asPerson(alice.id), 'amiens', '2025-04-01')).rejects.toMatchObject({ status: 403 });
  });

  it('applies demurrage over HTTP for the operator', async () => {
    await enableDemurrage();
    at('2024-01-01T10:00:00.000Z');
    await issue(person(alice.id), 1_000_000n);
    at('2025-06-01T10:00:00.000Z');
    operator = await signedIn('op@example.org');
    const response = await operator.post('/api/v1/t/amiens/currency/demurrage', { date: '2025-05-31' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ date: '2025-05-31', unit: 'GRAIN', accounts: 1, charged: 1, total: 164, alreadyApplied: 0, refused: 0 });
    const fec = checkFec((await fecText(operator, 'year=2025&siren=732829320')).text);
    expect(fec.filter((l) => l.JournalCode === 'FON').map((l) => [l.CompteNum, l.Debit, l.Credit])).toEqual([
      ['467100', '1,64', '0,00'],
      ['758100', '0,00', '1,64'],
    ]);
  });

  it('conserves value, never empties an account below zero, and does nothing the second time, over random histories', async () => {
    const owners: Owner[] = [person(alice.id), person(bob.id), { type: 'organisation', id: shopId }];
    let day = '2025-01-01';
    const op = fc.oneof(
      fc.record({ kind: fc.constant('issue' as const), to: fc.constantFrom(...owners), amount: fc.bigInt({ min: 1n, max: 5_000_000n }) }),
      fc.record({ kind: fc.constant('pay' as const), from: fc.constantFrom(...owners), to: fc.constantFrom(...owners), amount: fc.bigInt({ min: 1n, max: 5_000_000n }) }),
      fc.record({ kind: fc.constant('wait' as const), days: fc.integer({ min: 1, max: 60 }) }),
    );
    const settings = fc.record({ demurrageRateBp: fc.integer({ min: 1, max: 2400 }), demurrageGraceDays: fc.integer({ min: 0, max: 30 }), demurrageThreshold: fc.integer({ min: 0, max: 1_000_000 }) });
    const snapshot = async () => (await ledgerRepository.listAccounts(ctx.handle.db, territoryId, {})).map((a) => `${a.id}:${a.creditsPosted - a.debitsPosted}`).sort();
    await fc.assert(
      fc.asyncProperty(settings, fc.array(op, { maxLength: 10 }), async (rule, ops) => {
        await app.services.currency.updateSettings(system, 'amiens', rule);
        for (const o of ops) {
          if (o.kind === 'wait') day = addDays(day, o.days);
          at(new Date(Date.parse(startOfBookDay(day)) + 12 * 3_600_000).toISOString());
          try {
            if (o.kind === 'issue') await issue(o.to, o.amount);
            if (o.kind === 'pay') await pay(o.from, o.to, o.amount);
          } catch (error) {
            expect((error as { status?: number }).status).toBeGreaterThanOrEqual(400);
          }
        }
        const charged = day;
        day = addDays(charged, 1);
        at(new Date(Date.parse(startOfBookDay(day)) + 1_000).toISOString());
        const fund = systemAccountId('demurrage_fund', 'GRAIN');
        const holdings = async () => {
          const accounts = await ledgerRepository.listAccounts(ctx.handle.db, territoryId, { unit: 'GRAIN' });
          const sum = (kept: (a: (typeof accounts)[number]) => boolean) => accounts.filter(kept).reduce((s, a) => s + a.creditsPosted - a.debitsPosted, 0n);
          return { members: sum((a) => a.kind === 'member'), fund: sum((a) => a.id === fund) };
        };
        const before = await holdings();
        const report = await melt(charged);
        const after = await holdings();
        expect(after.members).toBe(before.members - report.total);
        expect(after.fund).toBe(before.fund + report.total);
        for (const total of (await ledgerRepository.balanceSumsByUnit(ctx.handle.db, territoryId)).values()) expect(total).toBe(0n);
        for (const a of await ledgerRepository.listAccounts(ctx.handle.db, territoryId, { kind: 'member' })) {
          if (a.unit === 'GRAIN') expect(a.creditsPosted - a.debitsPosted).toBeGreaterThanOrEqual(0n);
        }
        const proof = await app.services.currency.proofOfReserve('amiens');
        expect(proof.reserve).toBe(proof.circulation);
        const state = await snapshot();
        expect(await melt(charged)).toMatchObject({ charged: 0, total: 0n, alreadyApplied: report.charged });
        expect(await snapshot()).toEqual(state);
      }),
      { numRuns: 10 },
    );
  });
});
