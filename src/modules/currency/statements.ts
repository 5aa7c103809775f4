import type { Executor } from '../../platform/db/transaction.js';
import type { Actor } from '../../platform/auth/actor.js';
import { forbidden, notFound, unauthenticated } from '../../platform/errors.js';
import type { TerritoriesService } from '../territories/service.js';
import { canReadAccount, HOUR, type Owner } from './model.js';
import { ledgerRepository, type AccountRecord } from './ledger-repository.js';
import { accountingRepository, type TransferKey } from './accounting-repository.js';

export const STATEMENT_COLUMNS = ['date', 'id', 'kind', 'memo', 'counterparty_account', 'debit', 'credit', 'running_balance'] as const;

const PAGE_SIZE = 1000;

/** Minor units as a person reads them: `-12.50` for cents, `-1:30` (hours:minutes) for the time bank. */
export function formatAmount(minor: bigint, unit: string): string {
  const sign = minor < 0n ? '-' : '';
  const abs = minor < 0n ? -minor : minor;
  if (unit === HOUR) return `${sign}${abs / 60n}:${String(abs % 60n).padStart(2, '0')}`;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

/**
 * One RFC 4180 field. Text that a spreadsheet would run as a formula (=, +, -, @, tab, CR first) is
 * prefixed with an apostrophe, as OWASP advises for CSV files opened in spreadsheets: a memo is typed
 * by another member and must not become a live formula in the reader's workbook.
 */
export function csvText(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function csvRow(fields: readonly string[]): string {
  return `${fields.join(',')}\r\n`;
}

export interface StatementCsv {
  readonly filename: string;
  /** The CSV text, header first, in pages so that a big account never sits whole in memory. */
  readonly chunks: AsyncIterable<string>;
}

/** Account statements as CSV: every posted transfer of an account, oldest first, with the running balance. */
export class StatementsService {
  constructor(
    private readonly db: Executor,
    private readonly territories: TerritoriesService,
  ) {}

  async exportCsv(actor: Actor, slug: string, accountId: string): Promise<StatementCsv> {
    const territory = await this.territories.requireTerritory(slug);
    const account = (await ledgerRepository.loadAccounts(this.db, territory.id, [accountId], false)).get(accountId);
    if (!account) throw notFound('The account');
    if (actor.kind === 'anonymous') throw unauthenticated();
    const grants = await this.territories.grantsFor(actor, territory.id);
    if (!canReadAccount(grants, { type: account.ownerType as Owner['type'], id: account.ownerId })) throw forbidden('This account is not yours.');
    return { filename: `statement-${account.unit}-${account.id}.csv`, chunks: this.rows(territory.id, account) };
  }

  private async *rows(territoryId: string, account: AccountRecord): AsyncGenerator<string> {
    yield csvRow(STATEMENT_COLUMNS);
    let balance = 0n;
    let after: TransferKey | undefined;
    for (;;) {
      const page = await accountingRepository.accountTransfersAfter(this.db, territoryId, account.id, after, PAGE_SIZE);
      if (page.length === 0) return;
      let text = '';
      for (const t of page) {
        const credit = t.creditAccountId === account.id;
        balance += credit ? t.amount : -t.amount;
        const amount = formatAmount(t.amount, account.unit);
        text += csvRow([
          t.createdAt,
          csvText(t.id),
          csvText(t.kind),
          csvText(t.memo ?? ''),
          csvText(credit ? t.debitAccountId : t.creditAccountId),
          credit ? '' : amount,
          credit ? amount : '',
          formatAmount(balance, account.unit),
        ]);
      }
      yield text;
      if (page.length < PAGE_SIZE) return;
      const last = page[page.length - 1]!;
      after = { createdAt: last.createdAt, id: last.id };
    }
  }
}
