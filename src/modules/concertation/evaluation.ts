import type { Executor } from '../../platform/db/transaction.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { appendAuditEvent } from '../../platform/audit/audit-trail.js';
import { actorId, type Actor } from '../../platform/auth/actor.js';
import { peopleRepository } from '../../platform/auth/people.js';
import { forbidden, invalidInput, notFound, unauthenticated } from '../../platform/errors.js';
import { systemClock, type Clock } from '../../platform/clock.js';
import { newId } from '../../platform/ids.js';
import type { Territory } from '../territories/model.js';
import type { TerritoriesService } from '../territories/service.js';
import { canRunConcertation, isIsoDate } from './model.js';
import { canonicalContent, compareSnapshots, contentHash, type SnapshotComparison, type SnapshotContent } from './snapshot-model.js';
import { gatherSnapshot, type SnapshotSources } from './snapshot-gathering.js';
import { concertationRepository as repo } from './repository.js';
import { buildReport } from './report-model.js';
import type { EvaluationReport, ReportLanguage } from './report-types.js';

export interface SnapshotSummary {
  id: string;
  asOf: string;
  takenAt: string;
  takenBy: string | null;
  editionYear: number | null;
  contentSha256: string;
}

export interface Snapshot extends SnapshotSummary {
  content: SnapshotContent;
}

/**
 * Evaluation snapshots: everything the yearly evaluation needs, frozen at a date (see
 * snapshot-model.ts), compared two by two, and turned into the evaluation report.
 */
export class EvaluationService {
  constructor(
    private readonly db: Executor,
    private readonly territories: TerritoriesService,
    private readonly sources: SnapshotSources,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Freezes the evaluation figures as they stood at the end of `asOf` (today or earlier). */
  async take(actor: Actor, slug: string, input: { asOf: string; editionYear?: number | null }): Promise<Snapshot> {
    if (actor.kind === 'anonymous') throw unauthenticated();
    const territory = await this.territories.requireTerritory(slug);
    if (!canRunConcertation(await this.territories.grantsFor(actor, territory.id))) throw forbidden('Only a facilitator takes an evaluation snapshot.');
    const today = this.clock().toISOString().slice(0, 10);
    if (!isIsoDate(input.asOf)) throw invalidInput([{ field: 'asOf', code: 'invalid_date', message: 'The date is written YYYY-MM-DD.' }]);
    if (input.asOf > today) throw invalidInput([{ field: 'asOf', code: 'future_date', message: `A snapshot freezes what is known: its date is today (${today}) or earlier.` }]);
    let editionId: string | null = null;
    if (input.editionYear !== undefined && input.editionYear !== null) {
      const edition = await repo.findEditionByYear(this.db, territory.id, input.editionYear);
      if (!edition) throw invalidInput([{ field: 'editionYear', code: 'unknown_edition', message: `There is no ${input.editionYear} edition of the workshops.` }]);
      editionId = edition.id;
    }
    // Every module is read through its own service before the transaction: SQLite has one connection.
    const content = await gatherSnapshot(this.sources, slug, input.asOf);
    const stored = { id: newId(), editionId, asOf: input.asOf, takenAt: this.clock().toISOString(), takenBy: actorId(actor), contentSha256: contentHash(content) };
    await inTransaction(this.db, async (trx) => {
      await repo.insertSnapshot(trx, territory.id, stored, canonicalContent(content));
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'concertation.snapshot_taken', targetType: 'evaluation_snapshot', targetId: stored.id, change: { asOf: stored.asOf, editionId, contentSha256: stored.contentSha256 } }, this.clock);
    });
    return this.get(slug, stored.id);
  }

  async list(slug: string): Promise<SnapshotSummary[]> {
    const territory = await this.territories.requireTerritory(slug);
    const editions = new Map((await repo.listEditions(this.db, territory.id)).map((e) => [e.id, e.year]));
    const snapshots = await repo.listSnapshots(this.db, territory.id);
    const names = await this.names(snapshots.map((s) => s.takenBy));
    return snapshots.map((s) => ({ id: s.id, asOf: s.asOf, takenAt: s.takenAt, takenBy: s.takenBy ? (names.get(s.takenBy) ?? null) : null, editionYear: s.editionId ? (editions.get(s.editionId) ?? null) : null, contentSha256: s.contentSha256 }));
  }

  async get(slug: string, id: string): Promise<Snapshot> {
    const territory = await this.territories.requireTerritory(slug);
    return this.load(territory, id);
  }

  /** What moved between two snapshots, from the earlier to the later. */
  async compare(slug: string, id: string, otherId: string): Promise<SnapshotComparison> {
    const territory = await this.territories.requireTerritory(slug);
    const [a, b] = [await this.load(territory, id), await this.load(territory, otherId)];
    const [from, to] = a.asOf <= b.asOf ? [a, b] : [b, a];
    return compareSnapshots(from.content, to.content);
  }

  /** The report of a snapshot, compared with an earlier one when given, in one language. */
  async report(slug: string, id: string, language: ReportLanguage, compareWithId: string | null, context: { editionYear: number | null; initiatives?: Parameters<typeof buildReport>[0]['initiatives'] } = { editionYear: null }): Promise<EvaluationReport> {
    const territory = await this.territories.requireTerritory(slug);
    const snapshot = await this.load(territory, id);
    const previous = compareWithId ? await this.load(territory, compareWithId) : null;
    return buildReport({ snapshot, previous, language, editionYear: context.editionYear, initiatives: context.initiatives ?? null });
  }

  /** The slug of the territory a snapshot belongs to, for the command line, which names only the snapshot. */
  async territoryOf(snapshotId: string): Promise<string> {
    const territoryId = await repo.territoryOfSnapshot(this.db, snapshotId);
    const territory = territoryId ? (await this.territories.listTerritories()).find((t) => t.id === territoryId) : undefined;
    if (!territory) throw notFound(`The evaluation snapshot ${snapshotId}`);
    return territory.slug;
  }

  private async load(territory: Territory, id: string): Promise<Snapshot> {
    const row = await repo.findSnapshot(this.db, territory.id, id);
    if (!row) throw notFound('The evaluation snapshot');
    const edition = row.editionId ? await repo.findEdition(this.db, territory.id, row.editionId) : undefined;
    const names = await this.names([row.takenBy]);
    return { id: row.id, asOf: row.asOf, takenAt: row.takenAt, takenBy: row.takenBy ? (names.get(row.takenBy) ?? null) : null, editionYear: edition?.year ?? null, contentSha256: row.contentSha256, content: row.content };
  }

  private async names(ids: readonly (string | null)[]): Promise<Map<string, string>> {
    const people = await peopleRepository.findByIds(this.db, [...new Set(ids.filter((id): id is string => id !== null))]);
    return new Map([...people].map(([id, p]) => [id, p.displayName]));
  }
}
