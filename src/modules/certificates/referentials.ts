import type { Executor } from '../../platform/db/transaction.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { appendAuditEvent } from '../../platform/audit/audit-trail.js';
import { actorId, systemActor, type Actor } from '../../platform/auth/actor.js';
import { forbidden, invalidInput, notFound, unauthenticated } from '../../platform/errors.js';
import { systemClock, type Clock } from '../../platform/clock.js';
import { isUniqueViolation } from '../../platform/db/dialect.js';
import type { Territory } from '../territories/model.js';
import type { TerritoriesService } from '../territories/service.js';
import { assessmentsRepository as repo } from './repository.js';
import { defaultReferential } from './default-referential.js';
import { normaliseReferential, validateReferential, type Referential, type ReferentialDocument } from './referential-model.js';
import { canPublishReferential } from './workflow-model.js';

/** The territory's CUT referential: published versions, never changed; the shipped one becomes version 1 on first need. */
export class ReferentialsService {
  constructor(
    private readonly db: Executor,
    private readonly territories: TerritoriesService,
    private readonly clock: Clock = systemClock,
  ) {}

  async current(slug: string): Promise<Referential> {
    const territory = await this.territories.requireTerritory(slug);
    return this.currentOf(territory);
  }

  async currentOf(territory: Territory): Promise<Referential> {
    const latest = await repo.latestReferentialVersion(this.db, territory.id);
    if (latest > 0) return (await repo.findReferential(this.db, territory.id, latest))!;
    try {
      return await inTransaction(this.db, (trx) => this.publishIn(trx, systemActor('shipped referential'), territory, defaultReferential(), 1));
    } catch (error) {
      // Another request installed it meanwhile.
      if (!isUniqueViolation(error)) throw error;
      return (await repo.findReferential(this.db, territory.id, 1))!;
    }
  }

  async version(slug: string, version: number): Promise<Referential> {
    const territory = await this.territories.requireTerritory(slug);
    const found = await repo.findReferential(this.db, territory.id, version);
    if (!found) throw notFound(`Version ${version} of the referential`);
    return found;
  }

  async versionOf(db: Executor, territoryId: string, version: number): Promise<Referential> {
    const found = await repo.findReferential(db, territoryId, version);
    if (!found) throw notFound(`Version ${version} of the referential`);
    return found;
  }

  async versions(slug: string): Promise<{ version: number; title: string; publishedAt: string; publishedBy: string | null }[]> {
    const territory = await this.territories.requireTerritory(slug);
    await this.currentOf(territory);
    return repo.listReferentials(this.db, territory.id);
  }

  /** Publishes the next version; assessments already made keep theirs. */
  async publish(actor: Actor, slug: string, document: unknown): Promise<Referential> {
    if (actor.kind === 'anonymous') throw unauthenticated();
    const territory = await this.territories.requireTerritory(slug);
    if (!canPublishReferential(await this.territories.grantsFor(actor, territory.id))) throw forbidden('Only a facilitator of this territory publishes its referential.');
    const errors = validateReferential(document);
    if (errors.length > 0) throw invalidInput(errors);
    await this.currentOf(territory);
    return inTransaction(this.db, async (trx) => {
      const next = (await repo.latestReferentialVersion(trx, territory.id)) + 1;
      return this.publishIn(trx, actor, territory, normaliseReferential(document as ReferentialDocument), next);
    });
  }

  private async publishIn(trx: Executor, actor: Actor, territory: Territory, document: ReferentialDocument, version: number): Promise<Referential> {
    const referential: Referential = { ...document, version, publishedAt: this.clock().toISOString(), publishedBy: actorId(actor) };
    await repo.insertReferential(trx, territory.id, referential);
    const criteria = document.areas.reduce((n, a) => n + a.criteria.length, 0);
    await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'certificate_referential.published', targetType: 'certificate_referential', targetId: String(version), change: { title: document.title.fr, areas: document.areas.length, criteria } }, this.clock);
    return referential;
  }
}
