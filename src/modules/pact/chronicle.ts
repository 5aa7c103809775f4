import type { Executor } from '../../platform/db/transaction.js';
import { invalidInput } from '../../platform/errors.js';
import { systemClock, type Clock } from '../../platform/clock.js';
import { newId } from '../../platform/ids.js';
import type { TerritoriesService } from '../territories/service.js';
import { decodePageCursor, pageOf } from '../../platform/page-cursor.js';
import { renderAtomFeed } from './atom.js';
import { chronicleRepository as repo, type ChronicleEntry, type ChronicleFilter } from './chronicle-repository.js';

export type { ChronicleEntry, ChronicleFilter };

export interface ChronicleEntryInput {
  /** `module.event`, e.g. `pact.signed`, `commitment.done`; later modules add their own. */
  kind: string;
  title: string;
  body?: string;
  taskForceId?: string | null;
  organisationId?: string | null;
  /** The public portal's path of what the entry is about, under the territory (`/task-forces/…`). */
  linkPath: string;
  occurredAt?: string;
}

const KIND = /^[a-z][a-z_]*\.[a-z][a-z_]*$/;

/**
 * The public, permanent timeline of a territory's transitions ("faire la chronique des transitions,
 * pour les rendre lisibles"). Entries are only ever added, inside the transaction of the use case they
 * tell, so a failed use case leaves no entry and a committed one always has its entry.
 */
export class ChronicleService {
  constructor(
    private readonly db: Executor,
    private readonly territories: TerritoriesService,
    private readonly clock: Clock = systemClock,
  ) {}

  /** The one function every module calls, with its own transaction, to add an entry. */
  async record(trx: Executor, territoryId: string, entry: ChronicleEntryInput): Promise<ChronicleEntry> {
    const recorded = this.entryOf(entry);
    await repo.insertEntry(trx, territoryId, recorded);
    return recorded;
  }

  /** Many entries of one use case at once (an import), in one bulk write. */
  async recordMany(trx: Executor, territoryId: string, entries: readonly ChronicleEntryInput[]): Promise<ChronicleEntry[]> {
    const recorded = entries.map((e) => this.entryOf(e));
    await repo.insertEntries(trx, territoryId, recorded);
    return recorded;
  }

  private entryOf(entry: ChronicleEntryInput): ChronicleEntry {
    if (!KIND.test(entry.kind)) throw new Error(`Chronicle kind "${entry.kind}" is not of the form module.event`);
    return {
      id: newId(),
      occurredAt: entry.occurredAt ?? this.clock().toISOString(),
      kind: entry.kind,
      title: entry.title,
      body: entry.body ?? '',
      taskForceId: entry.taskForceId ?? null,
      organisationId: entry.organisationId ?? null,
      linkPath: entry.linkPath,
    };
  }

  async list(slug: string, options: ChronicleFilter & { limit: number; cursor?: string }): Promise<{ items: ChronicleEntry[]; nextCursor: string | null }> {
    const territory = await this.territories.requireTerritory(slug);
    const cursor = options.cursor ? decodePageCursor(options.cursor, 2) : undefined;
    const rows = await repo.listEntries(this.db, territory.id, {
      ...filterOf(options),
      limit: options.limit + 1,
      ...(cursor ? { before: { occurredAt: cursor[0]!, id: cursor[1]! } } : {}),
    });
    return pageOf(rows, options.limit, (e) => [e.occurredAt, e.id]);
  }

  /** The latest entries as an Atom 1.0 feed; `baseUrl` is the public origin (`https://pacte21.example`). */
  async atomFeed(slug: string, baseUrl: string, options: ChronicleFilter & { limit: number }): Promise<string> {
    const territory = await this.territories.requireTerritory(slug);
    if (options.kind !== undefined && !KIND.test(options.kind)) {
      throw invalidInput([{ field: 'kind', code: 'invalid_kind', message: 'A chronicle kind is written module.event.' }]);
    }
    const entries = await repo.listEntries(this.db, territory.id, { ...filterOf(options), limit: options.limit });
    const portal = `${baseUrl}/t/${territory.slug}`;
    return renderAtomFeed({
      id: `urn:uuid:${territory.id}`,
      title: `Chronique du Pacte 21 — ${territory.name}`,
      updated: entries[0]?.occurredAt ?? this.clock().toISOString(),
      selfLink: `${baseUrl}/api/v1/t/${territory.slug}/chronicle.atom`,
      alternateLink: `${portal}/chronicle`,
      author: territory.name,
      entries: entries.map((e) => ({
        id: `urn:uuid:${e.id}`,
        title: e.title,
        updated: e.occurredAt,
        link: `${portal}${e.linkPath}`,
        content: e.body || e.title,
        category: e.kind,
      })),
    });
  }
}

const filterOf = (f: ChronicleFilter): ChronicleFilter => ({
  ...(f.taskForceId !== undefined ? { taskForceId: f.taskForceId } : {}),
  ...(f.organisationId !== undefined ? { organisationId: f.organisationId } : {}),
  ...(f.kind !== undefined ? { kind: f.kind } : {}),
  ...(f.linkPath !== undefined ? { linkPath: f.linkPath } : {}),
});
