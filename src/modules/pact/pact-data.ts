import type { Executor } from '../../platform/db/transaction.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { appendAuditEvents } from '../../platform/audit/audit-trail.js';
import { actorId, type Actor } from '../../platform/auth/actor.js';
import { forbidden } from '../../platform/errors.js';
import { systemClock, type Clock } from '../../platform/clock.js';
import { newId } from '../../platform/ids.js';
import type { OrganisationView, TerritoriesService } from '../territories/service.js';
import type { ChronicleService } from './chronicle.js';
import { writerGrants } from './writer-grants.js';
import { canImportCommitments, plannedBudgetOf } from './model.js';
import { isLate, type Commitment, type CommitmentUpdate } from './commitment-model.js';
import { parseCommitmentsCsv } from './commitments-csv.js';
import { commitmentsRepository, emptySums, progressOf } from './commitments-repository.js';
import { pactRepository } from './repository.js';
import { taskForcesRepository } from './task-forces-repository.js';
import type { CommitmentOpenData, OpenDataDocument, TaskForceOpenData } from './open-data.js';

/**
 * The Pact's data in bulk: commitments imported from a spreadsheet (all rows or none), and the
 * open-data files of commitments and task forces that anyone may download and re-use.
 */
export class PactDataService {
  constructor(
    private readonly db: Executor,
    private readonly territories: TerritoriesService,
    private readonly chronicle: ChronicleService,
    private readonly clock: Clock = systemClock,
  ) {}

  /**
   * Imports commitments from CSV (facilitator): every row is checked against the territory first;
   * one bad row and nothing is written, and the answer lists every row and column at fault. Each
   * commitment is made as by hand: its chronicle entry, its audit event, and a first update when
   * the file gives it a status or progress.
   */
  async importCommitments(actor: Actor, slug: string, csv: string): Promise<Commitment[]> {
    const territory = await this.territories.requireTerritory(slug);
    if (!canImportCommitments(await writerGrants(this.territories, actor, territory.id))) throw forbidden('Only a facilitator of this territory imports commitments.');
    const organisations = await this.organisations(slug, false);
    const signatories = new Set((await pactRepository.listSignatures(this.db, territory.id)).map((s) => s.organisationId));
    const taskForces = await taskForcesRepository.listTaskForces(this.db, territory.id);
    const rows = parseCommitmentsCsv(csv, { organisations, signatories, taskForces });
    const now = this.clock().toISOString();
    const items = rows.map((r) => {
      const commitment: Commitment = {
        id: newId(),
        ownerOrganisationId: r.ownerOrganisationId,
        taskForceId: r.taskForceId,
        statement: r.input.statement,
        target: r.input.target ?? null,
        milestoneDate: r.input.milestoneDate ?? null,
        weight: r.input.weight ?? 1,
        status: r.status,
        progress: r.progress,
        createdAt: now,
        updatedAt: now,
      };
      const started = r.status !== 'planned' || r.progress > 0;
      const update: CommitmentUpdate | null = started
        ? { id: newId(), progress: r.progress, status: r.status, note: 'Importé', evidenceUrl: null, evidenceFile: null, recordedAt: now, recordedBy: actorId(actor) }
        : null;
      return { commitment, update, ownerName: r.ownerName, row: r.row };
    });
    return inTransaction(this.db, async (trx) => {
      await commitmentsRepository.insertCommitments(trx, territory.id, items);
      await appendAuditEvents(
        trx,
        actor,
        territory.id,
        items.map(({ commitment: c, row }) => ({ action: 'commitment.imported', targetType: 'commitment', targetId: c.id, change: { row, ownerOrganisationId: c.ownerOrganisationId, taskForceId: c.taskForceId, statement: c.statement, status: c.status, progress: c.progress } })),
        this.clock,
      );
      await this.chronicle.recordMany(
        trx,
        territory.id,
        items.map(({ commitment: c, ownerName }) => ({
          kind: 'commitment.made',
          title: `${ownerName} s’engage`,
          body: c.statement,
          organisationId: c.ownerOrganisationId,
          taskForceId: c.taskForceId,
          linkPath: `/commitments/${c.id}`,
          occurredAt: now,
        })),
      );
      return items.map((i) => i.commitment);
    });
  }

  /** Every commitment, oldest first, with its owner's name and SIRET and whether it is late today. */
  async commitmentsOpenData(slug: string): Promise<OpenDataDocument<CommitmentOpenData>> {
    const territory = await this.territories.requireTerritory(slug);
    const now = this.clock().toISOString();
    const commitments = await commitmentsRepository.listCommitments(this.db, territory.id);
    const organisations = new Map((await this.organisations(slug, true)).map((o) => [o.id, o]));
    const taskForceNames = new Map((await taskForcesRepository.listTaskForces(this.db, territory.id)).map((t) => [t.id, t.name]));
    const items = commitments.map(
      (c): CommitmentOpenData => ({
        id: c.id,
        organisationId: c.ownerOrganisationId,
        organisationName: organisations.get(c.ownerOrganisationId)?.name ?? '',
        organisationSiret: organisations.get(c.ownerOrganisationId)?.siret ?? null,
        taskForceId: c.taskForceId,
        taskForceName: c.taskForceId ? (taskForceNames.get(c.taskForceId) ?? null) : null,
        statement: c.statement,
        indicatorCode: c.target?.indicatorCode ?? null,
        targetValue: c.target?.value ?? null,
        unit: c.target?.unit ?? null,
        deadline: c.target?.deadline ?? null,
        milestoneDate: c.milestoneDate,
        weight: c.weight,
        status: c.status,
        progress: c.progress,
        late: isLate(c, now.slice(0, 10)),
        createdAt: c.createdAt,
        updatedAt: c.updatedAt,
      }),
    );
    return { territory: territory.slug, generatedAt: now, count: items.length, items };
  }

  /** Every task force, by name, with the roll-up of its commitments, its budget plan's total and its leads. */
  async taskForcesOpenData(slug: string): Promise<OpenDataDocument<TaskForceOpenData>> {
    const territory = await this.territories.requireTerritory(slug);
    const now = this.clock().toISOString();
    const taskForces = await taskForcesRepository.listTaskForces(this.db, territory.id);
    const sums = await commitmentsRepository.rollUp(this.db, territory.id, now.slice(0, 10));
    const organisations = new Map((await this.organisations(slug, true)).map((o) => [o.id, o.name]));
    const items: TaskForceOpenData[] = [];
    for (const tf of taskForces) {
      const members = await taskForcesRepository.listMembers(this.db, territory.id, tf.id);
      const s = sums.get(tf.id) ?? emptySums();
      const leads = members.filter((m) => m.role === 'lead' && m.memberType === 'organisation').map((m) => organisations.get(m.memberId) ?? '');
      items.push({
        id: tf.id,
        name: tf.name,
        mission: tf.mission,
        status: tf.status,
        decisionMethod: tf.governance.method,
        quorumPercent: tf.governance.quorumPercent,
        plannedBudget: Number(plannedBudgetOf(tf.budgetLines)),
        progress: progressOf(s),
        weightTotal: s.weights,
        commitments: s.counts.planned + s.counts.in_progress + s.counts.done + s.counts.abandoned,
        planned: s.counts.planned,
        inProgress: s.counts.in_progress,
        done: s.counts.done,
        abandoned: s.counts.abandoned,
        late: s.counts.late,
        leads,
        members: members.length,
        createdAt: tf.createdAt,
        updatedAt: tf.updatedAt,
      });
    }
    return { territory: territory.slug, generatedAt: now, count: items.length, items };
  }

  private async organisations(slug: string, includeClosed: boolean): Promise<OrganisationView[]> {
    const all: OrganisationView[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.territories.listOrganisations(slug, { limit: 1000, includeClosed, ...(cursor ? { cursor } : {}) });
      all.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return all;
  }
}
