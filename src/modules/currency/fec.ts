import type { Executor } from '../../platform/db/transaction.js';
import type { Actor } from '../../platform/auth/actor.js';
import { peopleRepository } from '../../platform/auth/people.js';
import { systemClock, type Clock } from '../../platform/clock.js';
import { forbidden, invalidInput, unauthenticated } from '../../platform/errors.js';
import type { TerritoriesService } from '../territories/service.js';
import type { Territory } from '../territories/model.js';
import type { StoredTransfer } from './ledger-model.js';
import { ledgerRepository } from './ledger-repository.js';
import { accountingRepository, type TransferKey } from './accounting-repository.js';
import { bookDay, startOfBookDay } from './accounting-calendar.js';
import { HOUR } from './model.js';
import {
  EntryNumbering,
  encodeLatin9,
  entryLines,
  FEC_HEADER,
  fecFileName,
  fecRecords,
  groupOperations,
  isValidSiren,
  JOURNALS,
  openingLines,
  type FecAccount,
} from './fec-model.js';

const PAGE_SIZE = 5000;
const NAME_CHUNK = 5000;
const FIRST_YEAR = 2000;

export interface FecRequest {
  readonly year: number;
  /** The issuing association, whose SIRET gives the SIREN of the file name… */
  readonly organisationId?: string;
  /** …or its SIREN given directly. */
  readonly siren?: string;
}

export interface FecFile {
  readonly filename: string;
  readonly siren: string;
  /** The file in ISO 8859-15, page by page, so that a year of transfers never sits whole in memory. */
  readonly content: AsyncIterable<Buffer>;
}

/** The operator's FEC export: the books of the association that issues the local currency. */
export class FecService {
  constructor(
    private readonly db: Executor,
    private readonly territories: TerritoriesService,
    private readonly clock: Clock = systemClock,
  ) {}

  async exportFec(actor: Actor, slug: string, request: FecRequest): Promise<FecFile> {
    const territory = await this.territories.requireTerritory(slug);
    if (actor.kind === 'anonymous') throw unauthenticated();
    const grants = await this.territories.grantsFor(actor, territory.id);
    if (!grants.territoryRoles.has('currency_operator') && !grants.territoryRoles.has('auditor')) {
      throw forbidden("Only the currency operator and the territory's auditors export the books.");
    }
    const thisYear = Number(bookDay(this.clock()).slice(0, 4));
    if (!Number.isInteger(request.year) || request.year < FIRST_YEAR || request.year > thisYear) {
      throw invalidInput([{ field: 'year', code: 'invalid_year', message: `The fiscal year is a year from ${FIRST_YEAR} to ${thisYear}.` }]);
    }
    const siren = await this.sirenOf(slug, request);
    return { filename: fecFileName(siren, `${request.year}-12-31`), siren, content: this.content(territory, request.year) };
  }

  private async sirenOf(slug: string, request: FecRequest): Promise<string> {
    if (request.organisationId) {
      const organisation = await this.territories.getOrganisation(slug, request.organisationId);
      if (!organisation.siret) {
        throw invalidInput([{ field: 'organisationId', code: 'siret_missing', message: `${organisation.name} has no SIRET: add it to the organisation, or give the SIREN.` }]);
      }
      return organisation.siret.slice(0, 9);
    }
    const siren = request.siren?.replace(/\s/g, '');
    if (!siren) throw invalidInput([{ field: 'siren', code: 'siren_required', message: 'Name the issuing association: its organisation id, or its SIREN.' }]);
    if (!isValidSiren(siren)) throw invalidInput([{ field: 'siren', code: 'invalid_siren', message: `"${siren}" is not a SIREN (9 digits under a Luhn key).` }]);
    return siren;
  }

  private async *content(territory: Territory, year: number): AsyncGenerator<Buffer> {
    const yearStart = startOfBookDay(`${year}-01-01`);
    const yearEnd = startOfBookDay(`${year + 1}-01-01`);
    const accounts = await this.accountsWithNames(territory);
    const byId = new Map(accounts.map((a) => [a.id, a]));
    const units = [...new Set(accounts.map((a) => a.unit))];
    const numbering = new EntryNumbering();

    let text = FEC_HEADER;
    const atYearStart = await accountingRepository.netMovements(this.db, territory.id, { units, before: yearStart });
    const atPreviousYearStart = await accountingRepository.netMovements(this.db, territory.id, { units, before: startOfBookDay(`${year - 1}-01-01`) });
    const opening = openingLines(accounts, atYearStart, atPreviousYearStart);
    if (opening.length > 0) {
      text += fecRecords({ journal: JOURNALS.opening, number: numbering.take(JOURNALS.opening), day: `${year}-01-01`, pieceRef: `AN-${year}`, label: `Soldes au 31/12/${year - 1}`, lines: opening });
    }
    yield encodeLatin9(text);

    // Transfers written in one batch share their instant; an operation never spans two instants.
    let sameInstant: StoredTransfer[] = [];
    const flush = () => {
      let out = '';
      for (const group of groupOperations(sameInstant)) {
        const lines = entryLines(group.transfers, (id) => byId.get(id));
        if (lines.length === 0) continue;
        const memo = group.transfers.find((t) => t.memo)?.memo;
        out += fecRecords({
          journal: group.journal,
          number: numbering.take(group.journal),
          day: bookDay(group.transfers[0]!.createdAt),
          pieceRef: group.key,
          label: memo ? `${group.journal.entryLabel} - ${memo}` : group.journal.entryLabel,
          lines,
        });
      }
      sameInstant = [];
      return out;
    };
    let after: TransferKey | undefined;
    for (;;) {
      const page = await accountingRepository.transfersBetween(this.db, territory.id, { units, from: yearStart, to: yearEnd, limit: PAGE_SIZE, ...(after ? { after } : {}) });
      text = '';
      for (const t of page) {
        if (sameInstant.length > 0 && sameInstant[0]!.createdAt !== t.createdAt) text += flush();
        sameInstant.push(t);
      }
      if (page.length < PAGE_SIZE) text += flush();
      if (text) yield encodeLatin9(text);
      if (page.length < PAGE_SIZE) return;
      const last = page[page.length - 1]!;
      after = { createdAt: last.createdAt, id: last.id };
    }
  }

  /** Every money account of the territory (not the time bank's), with its holder's name for members. */
  private async accountsWithNames(territory: Territory): Promise<FecAccount[]> {
    const accounts = (await ledgerRepository.listAccounts(this.db, territory.id, {})).filter((a) => a.unit !== HOUR);
    const names = new Map<string, string>();
    const personIds = [...new Set(accounts.filter((a) => a.ownerType === 'person').map((a) => a.ownerId))];
    for (let i = 0; i < personIds.length; i += NAME_CHUNK) {
      for (const [id, p] of await peopleRepository.findByIds(this.db, personIds.slice(i, i + NAME_CHUNK))) names.set(`person:${id}`, p.displayName);
    }
    if (accounts.some((a) => a.ownerType === 'organisation')) {
      let cursor: string | undefined;
      do {
        const page = await this.territories.listOrganisations(territory.slug, { limit: 1000, ...(cursor ? { cursor } : {}) });
        for (const o of page.items) names.set(`organisation:${o.id}`, o.name);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
    }
    return accounts.map((a) => ({ id: a.id, unit: a.unit, kind: a.kind, ownerType: a.ownerType, ownerId: a.ownerId, ownerName: names.get(`${a.ownerType}:${a.ownerId}`) ?? null }));
  }
}
