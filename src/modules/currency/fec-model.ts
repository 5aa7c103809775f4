/**
 * The Fichier des Écritures Comptables (FEC) of the association that issues the local currency, as
 * the tax administration asks for it (LPF art. L47 A and A47 A-1; BOI-CF-IOR-60-40-20): one flat
 * file per fiscal year, 18 fields per line in a fixed order, a header line with their names, the
 * opening balances first, then every entry in the order it was validated. Pure: no I/O.
 */
import type { StoredTransfer } from './ledger-model.js';
import { EURO, HOUR } from './model.js';
import { compactDay } from './accounting-calendar.js';

export const FEC_COLUMNS = [
  'JournalCode', 'JournalLib', 'EcritureNum', 'EcritureDate', 'CompteNum', 'CompteLib', 'CompAuxNum', 'CompAuxLib', 'PieceRef',
  'PieceDate', 'EcritureLib', 'Debit', 'Credit', 'EcritureLet', 'DateLet', 'ValidDate', 'Montantdevise', 'Idevise',
] as const;

export interface BookAccount {
  readonly compteNum: string;
  readonly compteLib: string;
}

/**
 * Where the currency's ledger lands in the association's books (Plan comptable général, règlement
 * ANC 2014-03, and the associations' chart, règlement ANC 2018-06):
 * - 512 Banques: the euro reserve is money in the bank, the guarantee fund that backs the currency
 *   1:1 (loi ESS 2014, art. 16).
 * - 467 Autres comptes débiteurs ou créditeurs: what the association owes the holders of the local
 *   currency. They are neither its suppliers (40) nor its customers (41); each holder is an
 *   auxiliary account (CompAuxNum), so that the sub-ledger of 467 is the list of wallets.
 * - 706 Prestations de services: the reconversion fee pays for a service the association renders.
 * - 758 Produits divers de gestion courante: demurrage is income from running the currency, not a sale.
 * - 58 Virements internes: a transit account, zero at every instant, between the euro side and the
 *   currency side of an issuance or a reconversion (its balance is circulation − reserve).
 * - 471 Compte d'attente: any ledger account this table does not know yet, for the accountant to
 *   classify; nothing is left out of the file.
 * - 110/119 Report à nouveau and 120/129 Résultat: the income of past years, in the opening entries
 *   (the general assembly then allocates last year's result).
 */
export const BOOK_ACCOUNTS = {
  reserve: { compteNum: '512100', compteLib: 'Banque - fonds de garantie de la monnaie locale' },
  circulation: { compteNum: '467100', compteLib: 'Monnaie locale en circulation' },
  fees: { compteNum: '706100', compteLib: 'Commissions de reconversion' },
  demurrage: { compteNum: '758100', compteLib: 'Fonte de la monnaie locale' },
  transit: { compteNum: '580000', compteLib: 'Virements internes - émission et reconversion' },
  suspense: { compteNum: '471000', compteLib: "Compte d'attente" },
  retainedSurplus: { compteNum: '110000', compteLib: 'Report à nouveau (solde créditeur)' },
  retainedDeficit: { compteNum: '119000', compteLib: 'Report à nouveau (solde débiteur)' },
  surplus: { compteNum: '120000', compteLib: "Résultat de l'exercice (excédent)" },
  deficit: { compteNum: '129000', compteLib: "Résultat de l'exercice (déficit)" },
} as const satisfies Record<string, BookAccount>;

/** Ledger account kinds (system kinds and `member`) → book account. */
const BOOK_ACCOUNT_OF_KIND: Readonly<Record<string, keyof typeof BOOK_ACCOUNTS>> = {
  euro_reserve: 'reserve',
  euro_world: 'transit',
  issuance: 'transit',
  member: 'circulation',
  fees: 'fees',
  demurrage_fund: 'demurrage',
  // Currency held in escrow is still owed to its holders: it stays in circulation.
  escrow: 'circulation',
};

export interface Journal {
  readonly code: string;
  readonly label: string;
  /** What one of its entries is, for EcritureLib. */
  readonly entryLabel: string;
}

/** One journal per kind of operation, so an auditor can total issuances or reconversions at a glance. */
export const JOURNALS = {
  opening: { code: 'AN', label: 'À nouveaux', entryLabel: 'Soldes reportés' },
  issuance: { code: 'EMI', label: 'Émissions de monnaie locale', entryLabel: 'Émission de monnaie locale' },
  reconversion: { code: 'RECO', label: 'Reconversions en euros', entryLabel: 'Reconversion en euros' },
  payment: { code: 'PAI', label: 'Paiements entre membres', entryLabel: 'Paiement entre membres' },
  salary: { code: 'SAL', label: 'Part des salaires en monnaie locale', entryLabel: 'Part de salaire en monnaie locale' },
  demurrage: { code: 'FON', label: 'Fonte de la monnaie locale', entryLabel: 'Fonte' },
  other: { code: 'OD', label: 'Opérations diverses', entryLabel: 'Opération diverse' },
} as const satisfies Record<string, Journal>;

const JOURNAL_OF_KIND: Readonly<Record<string, keyof typeof JOURNALS>> = {
  issuance: 'issuance',
  reconversion: 'reconversion',
  reconversion_fee: 'reconversion',
  payment: 'payment',
  salary_share: 'salary',
  demurrage: 'demurrage',
};

export function journalOf(transferKind: string): Journal {
  return JOURNALS[JOURNAL_OF_KIND[transferKind] ?? 'other'];
}

/** A ledger account as the FEC needs it: its kind and, for a member, its holder's name. */
export interface FecAccount {
  readonly id: string;
  readonly unit: string;
  readonly kind: string;
  readonly ownerType: string;
  readonly ownerId: string;
  readonly ownerName: string | null;
}

/** A line's account: the general account, and for a member the auxiliary account of the holder. */
export interface LineAccount extends BookAccount {
  readonly auxNum: string;
  readonly auxLib: string;
}

/**
 * Each unit is a closed double-entry ledger; its sign in the books depends on whose money it is.
 * Euros are the association's own (assets): a ledger credit to the reserve is a debit in the books.
 * The local currency is what the association owes, or has earned (liabilities, income): a ledger
 * credit is a credit. Hours of the time bank are mutual credit between members, not the
 * association's, and stay out of its books.
 */
export function bookSideOf(unit: string): 'assets' | 'liabilities' | null {
  if (unit === HOUR) return null;
  return unit === EURO ? 'assets' : 'liabilities';
}

export function lineAccountOf(account: FecAccount): LineAccount {
  const book = BOOK_ACCOUNTS[BOOK_ACCOUNT_OF_KIND[account.kind] ?? 'suspense'];
  if (account.kind !== 'member') return { ...book, auxNum: '', auxLib: '' };
  return { ...book, auxNum: account.id, auxLib: account.ownerName ?? `${account.ownerType} ${account.ownerId}` };
}

export interface EntryLine {
  readonly account: LineAccount;
  readonly debit: bigint;
  readonly credit: bigint;
}

/** Sums signed amounts (debit − credit) per line account, dropping the lines that net to zero. */
class LineNetter {
  private readonly lines = new Map<string, { account: LineAccount; net: bigint }>();

  add(account: LineAccount, debitMinusCredit: bigint): void {
    const key = `${account.compteNum}\u0000${account.auxNum}`;
    const line = this.lines.get(key);
    if (line) line.net += debitMinusCredit;
    else this.lines.set(key, { account, net: debitMinusCredit });
  }

  result(): EntryLine[] {
    return [...this.lines.values()]
      .filter((l) => l.net !== 0n)
      .map((l) => ({ account: l.account, debit: l.net > 0n ? l.net : 0n, credit: l.net < 0n ? -l.net : 0n }));
  }
}

/**
 * The lines of one accounting entry from the transfers of one operation. Every transfer gives one
 * debit and one credit of the same amount, so an entry is balanced whatever transfers it groups;
 * grouping an operation's transfers lets the transit account cancel out.
 */
export function entryLines(transfers: readonly StoredTransfer[], accountOf: (id: string) => FecAccount | undefined): EntryLine[] {
  const netter = new LineNetter();
  const unknown = (id: string, unit: string): FecAccount => ({ id, unit, kind: 'unknown', ownerType: 'system', ownerId: id, ownerName: null });
  for (const t of transfers) {
    const side = bookSideOf(t.unit);
    if (!side) continue;
    const from = lineAccountOf(accountOf(t.debitAccountId) ?? unknown(t.debitAccountId, t.unit));
    const to = lineAccountOf(accountOf(t.creditAccountId) ?? unknown(t.creditAccountId, t.unit));
    const sign = side === 'liabilities' ? 1n : -1n;
    netter.add(from, sign * t.amount);
    netter.add(to, -sign * t.amount);
  }
  // Debits first, as a journal is read; otherwise in the order the transfers came.
  return netter.result().sort((x, y) => Number(y.debit > 0n) - Number(x.debit > 0n));
}

/**
 * The opening entry ("à nouveaux") from ledger balances (credits − debits) at the start of the year
 * and of the previous year. Balance-sheet accounts carry over; income accounts do not: what they
 * earned before last year is carried as report à nouveau, last year's as last year's result.
 */
export function openingLines(
  accounts: readonly FecAccount[],
  balanceAtYearStart: ReadonlyMap<string, bigint>,
  balanceAtPreviousYearStart: ReadonlyMap<string, bigint>,
): EntryLine[] {
  const netter = new LineNetter();
  let earlierResult = 0n;
  let lastYearResult = 0n;
  for (const a of accounts) {
    const side = bookSideOf(a.unit);
    if (!side) continue;
    const sign = side === 'assets' ? 1n : -1n;
    const atStart = sign * (balanceAtYearStart.get(a.id) ?? 0n);
    const line = lineAccountOf(a);
    if (/^[67]/.test(line.compteNum)) {
      const atPreviousStart = sign * (balanceAtPreviousYearStart.get(a.id) ?? 0n);
      earlierResult += atPreviousStart;
      lastYearResult += atStart - atPreviousStart;
    } else {
      netter.add(line, atStart);
    }
  }
  const result = (net: bigint, surplus: BookAccount, deficit: BookAccount) => netter.add({ ...(net < 0n ? surplus : deficit), auxNum: '', auxLib: '' }, net);
  result(earlierResult, BOOK_ACCOUNTS.retainedSurplus, BOOK_ACCOUNTS.retainedDeficit);
  result(lastYearResult, BOOK_ACCOUNTS.surplus, BOOK_ACCOUNTS.deficit);
  return netter
    .result()
    .sort((x, y) => (x.account.compteNum === y.account.compteNum ? (x.account.auxNum < y.account.auxNum ? -1 : 1) : x.account.compteNum < y.account.compteNum ? -1 : 1));
}

/**
 * The operation a transfer belongs to: the id up to its last `/` or `:`. The ledger's use cases name
 * the transfers of one operation `<key>/euro`, `<key>/currency`, `<key>:<person>`, …
 */
export function operationKey(transferId: string): string {
  const cut = Math.max(transferId.lastIndexOf('/'), transferId.lastIndexOf(':'));
  return cut > 0 ? transferId.slice(0, cut) : transferId;
}

export interface OperationGroup {
  readonly journal: Journal;
  readonly key: string;
  readonly transfers: StoredTransfer[];
}

/** Groups transfers written at the same instant (one batch) by journal and operation, in order of appearance. */
export function groupOperations(sameInstant: readonly StoredTransfer[]): OperationGroup[] {
  const groups = new Map<string, OperationGroup>();
  for (const t of sameInstant) {
    const journal = journalOf(t.kind);
    const key = operationKey(t.id);
    const id = `${journal.code}\u0000${key}`;
    const group = groups.get(id);
    if (group) group.transfers.push(t);
    else groups.set(id, { journal, key, transfers: [t] });
  }
  return [...groups.values()];
}

/** `1234,56`: a decimal comma and no thousands separator (BOI-CF-IOR-60-40-20). */
export function fecAmount(minor: bigint): string {
  if (minor < 0n) throw new RangeError('FEC amounts are written as debit or credit, never negative');
  return `${minor / 100n},${String(minor % 100n).padStart(2, '0')}`;
}

/** The tab is the field separator and CR/LF the record separator: neither may appear inside a field. */
function field(value: string): string {
  return value.replace(/[\t\r\n]+/g, ' ').trim();
}

export function fecRecord(fields: readonly string[]): string {
  if (fields.length !== FEC_COLUMNS.length) throw new Error(`A FEC record has ${FEC_COLUMNS.length} fields, not ${fields.length}`);
  return `${fields.map(field).join('\t')}\r\n`;
}

export const FEC_HEADER = fecRecord(FEC_COLUMNS);

export interface FecEntry {
  readonly journal: Journal;
  readonly number: string;
  /** Book day `YYYY-MM-DD` of the entry, also its validation day: ledger transfers are final when written. */
  readonly day: string;
  readonly pieceRef: string;
  readonly label: string;
  readonly lines: readonly EntryLine[];
}

export function fecRecords(entry: FecEntry): string {
  const day = compactDay(entry.day);
  return entry.lines
    .map((l) =>
      fecRecord([
        entry.journal.code,
        entry.journal.label,
        entry.number,
        day,
        l.account.compteNum,
        l.account.compteLib,
        l.account.auxNum,
        l.account.auxLib,
        entry.pieceRef,
        day,
        entry.label,
        fecAmount(l.debit),
        fecAmount(l.credit),
        '',
        '',
        day,
        '',
        '',
      ]),
    )
    .join('');
}

/** Entries are numbered without a gap within each journal, in the order they were validated. */
export class EntryNumbering {
  private readonly next = new Map<string, number>();

  take(journal: Journal): string {
    const n = (this.next.get(journal.code) ?? 0) + 1;
    this.next.set(journal.code, n);
    return `${journal.code}${String(n).padStart(6, '0')}`;
  }
}

/** SIREN: 9 digits under a Luhn key (INSEE). */
export function isValidSiren(siren: string): boolean {
  if (!/^\d{9}$/.test(siren)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i += 1) {
    let digit = Number(siren[8 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** `SirenFECAAAAMMJJ.txt`, the date being the closing day of the fiscal year (A47 A-1). */
export function fecFileName(siren: string, closingDay: string): string {
  return `${siren}FEC${compactDay(closingDay)}.txt`;
}

// ISO 8859-15 is Latin-1 with eight code points replaced (€, Š, š, Ž, ž, Œ, œ, Ÿ).
const LATIN9_ONLY = new Map([['€', 0xa4], ['Š', 0xa6], ['š', 0xa8], ['Ž', 0xb4], ['ž', 0xb8], ['Œ', 0xbc], ['œ', 0xbd], ['Ÿ', 0xbe]]);
const LATIN1_ONLY = new Set([0xa4, 0xa6, 0xa8, 0xb4, 0xb8, 0xbc, 0xbd, 0xbe]);
const TYPOGRAPHY = new Map([['‘', "'"], ['’', "'"], ['“', '"'], ['”', '"'], ['–', '-'], ['—', '-'], ['…', '...'], ['\u202f', ' '], ['\u2009', ' ']]);

const LATIN9_AS_IS = /^[\x00-\xa3\xa5\xa7\xa9-\xb3\xb5-\xb7\xb9-\xbb\xbf-\xff]*$/;

function latin9Char(ch: string): string {
  const code = ch.codePointAt(0)!;
  if (code < 0x100 && !LATIN1_ONLY.has(code)) return ch;
  const byte = LATIN9_ONLY.get(ch);
  if (byte !== undefined) return String.fromCharCode(byte);
  const typographic = TYPOGRAPHY.get(ch);
  if (typographic !== undefined) return typographic;
  const base = ch.normalize('NFD').replace(/\p{M}+/gu, '');
  return base !== ch && base.length > 0 ? [...base].map(latin9Char).join('') : '?';
}

/**
 * The characters of a FEC belong to ASCII, ISO 8859-15 or EBCDIC (A47 A-1, III 1°): French names and
 * labels are written in ISO 8859-15; what it cannot hold loses its accent (ŝ → s) or becomes `?`.
 */
export function encodeLatin9(text: string): Buffer {
  if (LATIN9_AS_IS.test(text)) return Buffer.from(text, 'latin1');
  const normalised = text.normalize('NFC');
  let out = '';
  for (const ch of normalised) out += latin9Char(ch);
  return Buffer.from(out, 'latin1');
}

/** The inverse of encodeLatin9, to read a FEC back (tests, checks). */
export function decodeLatin9(bytes: Buffer): string {
  const byChar = new Map([...LATIN9_ONLY].map(([ch, byte]) => [byte, ch]));
  let out = '';
  for (const byte of bytes) out += byChar.get(byte) ?? String.fromCharCode(byte);
  return out;
}
