import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, bookDay, daysBetween, isCalendarDay, startOfBookDay } from './accounting-calendar.js';
import type { StoredTransfer } from './ledger-model.js';
import { decodeLatin9, encodeLatin9, entryLines, fecAmount, fecFileName, fecRecord, groupOperations, isValidSiren, openingLines, operationKey, type FecAccount } from './fec-model.js';
import { systemAccountId } from './model.js';

const account = (id: string, unit: string, kind: string, ownerName: string | null = null): FecAccount => ({ id, unit, kind, ownerType: kind === 'member' ? 'person' : 'system', ownerId: id, ownerName });
const accounts = [
  account(systemAccountId('euro_world', 'EUR'), 'EUR', 'euro_world'),
  account(systemAccountId('euro_reserve', 'EUR'), 'EUR', 'euro_reserve'),
  account(systemAccountId('issuance', 'GRAIN'), 'GRAIN', 'issuance'),
  account(systemAccountId('fees', 'GRAIN'), 'GRAIN', 'fees'),
  account(systemAccountId('demurrage_fund', 'GRAIN'), 'GRAIN', 'demurrage_fund'),
  account('alice', 'GRAIN', 'member', 'Alice'),
  account('shop', 'GRAIN', 'member', 'Épicerie'),
];
const byId = new Map(accounts.map((a) => [a.id, a]));
const accountOf = (id: string) => byId.get(id);

function transfer(id: string, from: string, to: string, amount: bigint, unit: string, kind: string): StoredTransfer {
  return { id, debitAccountId: from, creditAccountId: to, amount, unit, kind, memo: null, phase: 'single', pendingId: null, timeoutSeconds: 0, createdAt: '2025-03-01T10:00:00.000Z' };
}

const summary = (lines: ReturnType<typeof entryLines>) => lines.map((l) => `${l.account.compteNum}${l.account.auxNum ? `/${l.account.auxNum}` : ''} D${l.debit} C${l.credit}`);

describe('FEC entries from ledger transfers', () => {
  it('books an issuance as reserve debited and the holder credited, the transit account cancelling out', () => {
    const lines = entryLines(
      [
        transfer('k/euro', systemAccountId('euro_world', 'EUR'), systemAccountId('euro_reserve', 'EUR'), 5000n, 'EUR', 'issuance'),
        transfer('k/currency', systemAccountId('issuance', 'GRAIN'), 'alice', 5000n, 'GRAIN', 'issuance'),
      ],
      accountOf,
    );
    expect(summary(lines)).toEqual(['512100 D5000 C0', '467100/alice D0 C5000']);
    expect(lines[1]!.account.auxLib).toBe('Alice');
  });

  it('books a reconversion as the holder debited, the reserve paying out the euros and the fee as income', () => {
    const lines = entryLines(
      [
        transfer('r/currency', 'shop', systemAccountId('issuance', 'GRAIN'), 1900n, 'GRAIN', 'reconversion'),
        transfer('r/fee', 'shop', systemAccountId('fees', 'GRAIN'), 100n, 'GRAIN', 'reconversion_fee'),
        transfer('r/euro', systemAccountId('euro_reserve', 'EUR'), systemAccountId('euro_world', 'EUR'), 1900n, 'EUR', 'reconversion'),
      ],
      accountOf,
    );
    expect(summary(lines)).toEqual(['467100/shop D2000 C0', '706100 D0 C100', '512100 D0 C1900']);
  });

  it('keeps the time bank out of the books', () => {
    expect(entryLines([transfer('t', 'alice', 'shop', 90n, 'HOUR', 'time_exchange')], accountOf)).toEqual([]);
  });

  it('balances every entry, whatever transfers it groups', () => {
    const ids = accounts.map((a) => a.id).concat(['unknown-account']);
    fc.assert(
      fc.property(
        fc.array(fc.record({ from: fc.constantFrom(...ids), to: fc.constantFrom(...ids), amount: fc.bigInt({ min: 1n, max: 10n ** 9n }), unit: fc.constantFrom('EUR', 'GRAIN') }), { maxLength: 12 }),
        (items) => {
          const lines = entryLines(items.map((t, i) => transfer(`x/${i}`, t.from, t.to, t.amount, t.unit, 'payment')), accountOf);
          const debit = lines.reduce((s, l) => s + l.debit, 0n);
          const credit = lines.reduce((s, l) => s + l.credit, 0n);
          expect(debit).toBe(credit);
          for (const l of lines) expect((l.debit === 0n) !== (l.credit === 0n)).toBe(true);
        },
      ),
    );
  });

  it('groups the transfers of one operation and names the journal after its kind', () => {
    const groups = groupOperations([
      transfer('k/euro', 'a', 'b', 1n, 'EUR', 'issuance'),
      transfer('pay-000001', 'a', 'b', 1n, 'GRAIN', 'payment'),
      transfer('k/currency', 'a', 'b', 1n, 'GRAIN', 'issuance'),
      transfer('salary:org:2025-03:euro', 'a', 'b', 1n, 'EUR', 'salary_share'),
      transfer('salary:org:2025-03:person', 'a', 'b', 1n, 'GRAIN', 'salary_share'),
      transfer('b1', 'a', 'b', 1n, 'GRAIN', 'correction'),
    ]);
    expect(groups.map((g) => `${g.journal.code} ${g.key} ${g.transfers.length}`)).toEqual(['EMI k 2', 'PAI pay-000001 1', 'SAL salary:org:2025-03 2', 'OD b1 1']);
    expect(operationKey('demurrage/2025-04-02/acc')).toBe('demurrage/2025-04-02');
  });
});

describe('FEC opening entry', () => {
  it('carries balance-sheet accounts over and turns past income into report à nouveau and last year’s result', () => {
    const atYearStart = new Map<string, bigint>([
      [systemAccountId('euro_world', 'EUR'), -20_500n],
      [systemAccountId('euro_reserve', 'EUR'), 20_500n],
      [systemAccountId('issuance', 'GRAIN'), -20_500n],
      ['alice', 7_000n],
      ['shop', 13_000n],
      [systemAccountId('fees', 'GRAIN'), 400n],
      [systemAccountId('demurrage_fund', 'GRAIN'), 100n],
    ]);
    const atPreviousYearStart = new Map<string, bigint>([[systemAccountId('fees', 'GRAIN'), 300n]]);
    const lines = openingLines(accounts, atYearStart, atPreviousYearStart);
    expect(summary(lines)).toEqual(['110000 D0 C300', '120000 D0 C200', '467100/alice D0 C7000', '467100/shop D0 C13000', '512100 D20500 C0']);
  });
});

describe('FEC format', () => {
  it('writes amounts with a decimal comma and no thousands separator', () => {
    expect(fecAmount(0n)).toBe('0,00');
    expect(fecAmount(5n)).toBe('0,05');
    expect(fecAmount(123456789n)).toBe('1234567,89');
    expect(() => fecAmount(-1n)).toThrow();
  });

  it('keeps tabs and line breaks out of fields, and refuses a record without its 18 fields', () => {
    expect(fecRecord(Array.from({ length: 18 }, (_, i) => (i === 10 ? 'a\tb\r\nc' : String(i))))).toBe('0\t1\t2\t3\t4\t5\t6\t7\t8\t9\ta b c\t11\t12\t13\t14\t15\t16\t17\r\n');
    expect(() => fecRecord(['a'])).toThrow();
  });

  it('names the file SirenFECAAAAMMJJ.txt and checks the SIREN key', () => {
    expect(fecFileName('732829320', '2025-12-31')).toBe('732829320FEC20251231.txt');
    expect(isValidSiren('732829320')).toBe(true);
    expect(isValidSiren('356000000')).toBe(true);
    expect(isValidSiren('123456789')).toBe(false);
    expect(isValidSiren('73282932')).toBe(false);
  });

  it('encodes in ISO 8859-15, keeping French letters and the euro sign', () => {
    const bytes = encodeLatin9('Épicerie Œuvre 5 € – l’été ŝ 😀');
    expect(bytes.includes(0xa4)).toBe(true);
    expect(decodeLatin9(bytes)).toBe("Épicerie Œuvre 5 € - l'été s ?");
  });
});

describe('the books’ calendar (Europe/Paris)', () => {
  it('puts a transfer made at 00:30 on 1 January in Paris in the new year', () => {
    expect(bookDay('2024-12-31T23:30:00.000Z')).toBe('2025-01-01');
    expect(bookDay('2025-06-30T22:30:00.000Z')).toBe('2025-07-01');
    expect(startOfBookDay('2025-01-01')).toBe('2024-12-31T23:00:00.000Z');
    expect(startOfBookDay('2025-07-01')).toBe('2025-06-30T22:00:00.000Z');
    // The day after the spring change still starts at midnight, on the new offset.
    expect(startOfBookDay('2025-03-31')).toBe('2025-03-30T22:00:00.000Z');
  });

  it('counts days and checks them', () => {
    expect(addDays('2024-02-28', 2)).toBe('2024-03-01');
    expect(daysBetween('2025-01-01', '2025-04-02')).toBe(91);
    expect(isCalendarDay('2025-02-29')).toBe(false);
    expect(isCalendarDay('2024-02-29')).toBe(true);
  });
});
