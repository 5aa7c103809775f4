import type { Executor } from '../../platform/db/transaction.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { appendAuditEvent } from '../../platform/audit/audit-trail.js';
import { actorId, type Actor } from '../../platform/auth/actor.js';
import { conflict, forbidden, invalidInput, notFound, type FieldError } from '../../platform/errors.js';
import { systemClock, type Clock } from '../../platform/clock.js';
import { newId } from '../../platform/ids.js';
import type { Territory } from '../territories/model.js';
import type { TerritoriesService } from '../territories/service.js';
import type { ChronicleService } from './chronicle.js';
import { writerGrants } from './writer-grants.js';
import { canManagePact, canSignFor, horizonEndOf, signatoryBalance, validatePactFields, type ActorSector, type Pact, type PactStatus, type Signature } from './model.js';
import type { CommitmentStatus } from './commitment-model.js';
import { diffVisions, validateVision, type Objective, type VisionDiff, type VisionVersion } from './vision-model.js';
import { pactRepository as repo } from './repository.js';
import { commitmentsRepository, emptySums, progressOf } from './commitments-repository.js';

export interface PactOverview extends Pact {
  signatories: Signature[];
  balance: Record<ActorSector, number>;
  progress: number | null;
  commitmentCounts: Record<CommitmentStatus, number> & { late: number };
}

export type ObjectiveInput = Omit<Objective, 'id'> & { id?: string };

/** The Pact of a territory, its signatures and its versioned vision. */
export class PactService {
  constructor(
    private readonly db: Executor,
    private readonly territories: TerritoriesService,
    private readonly chronicle: ChronicleService,
    private readonly clock: Clock = systemClock,
  ) {}

  async createPact(actor: Actor, slug: string, input: { title: string; horizonStartYear: number }): Promise<Pact> {
    const territory = await this.territories.requireTerritory(slug);
    if (!canManagePact(await writerGrants(this.territories, actor, territory.id))) throw forbidden('Only a facilitator of this territory drafts its Pact.');
    const errors = validatePactFields(input);
    if (errors.length > 0) throw invalidInput(errors);
    const pact: Pact = {
      id: newId(),
      title: input.title.trim(),
      horizonStartYear: input.horizonStartYear,
      horizonEndYear: horizonEndOf(input.horizonStartYear),
      status: 'draft',
      createdAt: this.clock().toISOString(),
      signedAt: null,
    };
    return inTransaction(this.db, async (trx) => {
      if (await repo.findPact(trx, territory.id)) throw conflict('pact_exists', 'This territory already has its Pact: a territory has one.');
      await repo.insertPact(trx, territory.id, pact);
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'pact.drafted', targetType: 'pact', targetId: pact.id, change: { title: pact.title, horizonStartYear: pact.horizonStartYear } }, this.clock);
      return pact;
    });
  }

  /**
   * The title and horizon change while the Pact is a draft; once signed, the partners signed that text.
   * A signed Pact is closed at the end of its horizon (or earlier, by the facilitators).
   */
  async updatePact(actor: Actor, slug: string, patch: { title?: string; horizonStartYear?: number; status?: PactStatus }): Promise<Pact> {
    const territory = await this.territories.requireTerritory(slug);
    if (!canManagePact(await writerGrants(this.territories, actor, territory.id))) throw forbidden('Only a facilitator of this territory changes its Pact.');
    const errors: FieldError[] = validatePactFields(patch);
    if (errors.length > 0) throw invalidInput(errors);
    return inTransaction(this.db, async (trx) => {
      const pact = await this.requirePactIn(trx, territory);
      if ((patch.title !== undefined || patch.horizonStartYear !== undefined) && pact.status !== 'draft') {
        throw conflict('pact_not_draft', 'The Pact has been signed: its title and horizon no longer change.');
      }
      if (patch.status !== undefined && patch.status !== pact.status && !(pact.status === 'signed' && patch.status === 'closed')) {
        throw conflict('invalid_transition', `A ${pact.status} Pact cannot become ${patch.status}: it is signed by its partners, then closed.`, 'status');
      }
      const start = patch.horizonStartYear ?? pact.horizonStartYear;
      const updated: Pact = { ...pact, title: patch.title?.trim() ?? pact.title, horizonStartYear: start, horizonEndYear: horizonEndOf(start), status: patch.status ?? pact.status };
      await repo.updatePact(trx, territory.id, updated, this.clock().toISOString());
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'pact.updated', targetType: 'pact', targetId: pact.id, change: patch }, this.clock);
      return updated;
    });
  }

  async overview(slug: string, today: string = this.clock().toISOString().slice(0, 10)): Promise<PactOverview> {
    const territory = await this.territories.requireTerritory(slug);
    const pact = await this.requirePactIn(this.db, territory);
    const signatories = await this.signatures(territory);
    // The Pact's roll-up is that of all its commitments: the sums of every group, added.
    const total = emptySums();
    for (const sums of (await commitmentsRepository.rollUp(this.db, territory.id, today)).values()) {
      total.weights += sums.weights;
      total.weighted += sums.weighted;
      for (const key of Object.keys(total.counts) as (keyof typeof total.counts)[]) total.counts[key] += sums.counts[key];
    }
    return { ...pact, signatories, balance: signatoryBalance(signatories), progress: progressOf(total), commitmentCounts: total.counts };
  }

  async listSignatures(slug: string): Promise<{ items: Signature[]; balance: Record<ActorSector, number> }> {
    const territory = await this.territories.requireTerritory(slug);
    await this.requirePactIn(this.db, territory);
    const items = await this.signatures(territory);
    return { items, balance: signatoryBalance(items) };
  }

  /** The organisation's current representative signs for it; the first signature makes the draft a signed Pact. */
  async sign(actor: Actor, slug: string, organisationId: string): Promise<Signature> {
    const territory = await this.territories.requireTerritory(slug);
    const grants = await writerGrants(this.territories, actor, territory.id);
    const organisation = await this.territories.getOrganisation(slug, organisationId);
    if (!canSignFor(grants, organisationId) || grants.personId === null) {
      throw forbidden(`Only the current representative of ${organisation.name} signs the Pact for it.`);
    }
    const now = this.clock().toISOString();
    const signature: Signature = {
      organisationId,
      organisationName: organisation.name,
      organisationKind: organisation.kind,
      representativeId: grants.personId,
      signedOn: now.slice(0, 10),
    };
    return inTransaction(this.db, async (trx) => {
      const pact = await this.requirePactIn(trx, territory);
      if (pact.status === 'closed') throw conflict('pact_closed', 'The Pact is closed: it takes no more signatures.');
      if (await repo.isSignatory(trx, territory.id, organisationId)) throw conflict('already_signed', `${organisation.name} has already signed the Pact.`, 'organisationId');
      await repo.insertSignature(trx, territory.id, { organisationId, representativeId: grants.personId!, signedOn: signature.signedOn, signedAt: now });
      if (pact.status === 'draft') await repo.updatePact(trx, territory.id, { ...pact, status: 'signed', signedAt: now }, now);
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'pact.signed', targetType: 'organisation', targetId: organisationId, change: { pactId: pact.id, representativeId: grants.personId } }, this.clock);
      await this.chronicle.record(trx, territory.id, {
        kind: 'pact.signed',
        title: `${organisation.name} signe le Pacte`,
        body: `${organisation.name} rejoint les signataires de « ${pact.title} ».`,
        organisationId,
        linkPath: '/pact',
      });
      return signature;
    });
  }

  // ── vision ─────────────────────────────────────────────────────────────────────────────────────

  /** Publishes the next version; objectives given with the id of a previous one are the same objective. */
  async publishVision(actor: Actor, slug: string, input: { statement: string; objectives: ObjectiveInput[]; reason?: string | null }): Promise<VisionVersion> {
    const territory = await this.territories.requireTerritory(slug);
    if (!canManagePact(await writerGrants(this.territories, actor, territory.id))) throw forbidden('Only a facilitator publishes the vision.');
    const objectives: Objective[] = input.objectives.map((o) => ({ ...o, id: o.id ?? newId(), title: o.title.trim() }));
    const errors = validateVision({ statement: input.statement, objectives });
    if (new Set(objectives.map((o) => o.id)).size !== objectives.length) {
      errors.push({ field: 'objectives', code: 'duplicate_objective', message: 'An objective appears twice in this version.' });
    }
    if (input.reason !== undefined && input.reason !== null && input.reason.length > 5_000) errors.push({ field: 'reason', code: 'too_long', message: 'The reason has at most 5,000 characters.' });
    if (errors.length > 0) throw invalidInput(errors);
    return inTransaction(this.db, async (trx) => {
      await this.requirePactIn(trx, territory);
      const version: VisionVersion = {
        version: (await repo.latestVisionNumber(trx, territory.id)) + 1,
        statement: input.statement.trim(),
        objectives,
        publishedAt: this.clock().toISOString(),
        publishedBy: actorId(actor),
        reason: input.reason?.trim() || null,
      };
      await repo.insertVisionVersion(trx, territory.id, version);
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'vision.published', targetType: 'vision', targetId: String(version.version), change: { statement: version.statement, objectives: objectives.length, reason: version.reason } }, this.clock);
      await this.chronicle.record(trx, territory.id, {
        kind: 'vision.published',
        title: `Vision du Pacte, version ${version.version}`,
        body: version.statement,
        linkPath: `/pact/vision/versions/${version.version}`,
      });
      return version;
    });
  }

  async currentVision(slug: string): Promise<VisionVersion> {
    const territory = await this.territories.requireTerritory(slug);
    const latest = await repo.latestVisionNumber(this.db, territory.id);
    const vision = latest > 0 ? await repo.findVisionVersion(this.db, territory.id, latest) : undefined;
    if (!vision) throw notFound('A published vision');
    return vision;
  }

  async visionVersions(slug: string): Promise<Omit<VisionVersion, 'objectives'>[]> {
    const territory = await this.territories.requireTerritory(slug);
    return repo.listVisionVersions(this.db, territory.id);
  }

  async visionVersion(slug: string, version: number): Promise<VisionVersion> {
    const territory = await this.territories.requireTerritory(slug);
    const found = await repo.findVisionVersion(this.db, territory.id, version);
    if (!found) throw notFound(`Version ${version} of the vision`);
    return found;
  }

  async visionDiff(slug: string, from: number, to: number): Promise<VisionDiff> {
    return diffVisions(await this.visionVersion(slug, from), await this.visionVersion(slug, to));
  }

  private async requirePactIn(db: Executor, territory: Territory): Promise<Pact> {
    const pact = await repo.findPact(db, territory.id);
    if (!pact) throw notFound(`The Pact of ${territory.name}`);
    return pact;
  }

  private async signatures(territory: Territory): Promise<Signature[]> {
    const rows = await repo.listSignatures(this.db, territory.id);
    const signatures: Signature[] = [];
    for (const r of rows) {
      const organisation = await this.territories.getOrganisation(territory.slug, r.organisationId);
      signatures.push({ ...r, organisationName: organisation.name, organisationKind: organisation.kind });
    }
    return signatures;
  }
}
