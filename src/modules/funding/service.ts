import fs from 'node:fs';
import path from 'node:path';
import type { Executor } from '../../platform/db/transaction.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { appendAuditEvent } from '../../platform/audit/audit-trail.js';
import type { Actor } from '../../platform/auth/actor.js';
import { conflict, forbidden, invalidCsv, invalidInput, notFound, unauthenticated, type FieldError } from '../../platform/errors.js';
import { systemClock, type Clock } from '../../platform/clock.js';
import { newId } from '../../platform/ids.js';
import { projectRoot } from '../../config.js';
import type { TerritoriesService } from '../territories/service.js';
import type { Grants, Territory } from '../territories/model.js';
import type { TaskForceDetail, TaskForcesService } from '../pact/task-forces.js';
import type { ChronicleService } from '../pact/chronicle.js';
import {
  canManageFunding,
  canManageFundingSettings,
  canMoveFundingLine,
  coverageOf,
  isIsoDate,
  statusDateField,
  validateFundingLine,
  type Coverage,
  type FundingLine,
  type FundingStatus,
  type Instrument,
  type SourceKind,
} from './model.js';
import { CLIMATE_ZONES, estimateCee, parseCeeCsv, validateCeeCatalogue, type CeeEstimate, type CeeOperation, type ClimateZone } from './cee-model.js';
import { fundingRepository as repo, type FundingSettings, type Project, type ProjectCost } from './repository.js';

export interface CostLine {
  position: number;
  label: string;
  /** The task force's budget line (its category, or for a project the line it falls under). */
  category: string;
  budgetLinePosition: number | null;
  amount: bigint;
}

export interface FundingPlan {
  scope: 'task_force' | 'project';
  taskForce: { id: string; name: string; status: string };
  project: { id: string; name: string; holderOrganisationId: string | null } | null;
  costLines: CostLine[];
  totalCost: bigint;
  lines: FundingLine[];
  coverage: Coverage;
  /** For a task force: each project's own cost and secured money (already included above). */
  projects: { id: string; name: string; totalCost: bigint; secured: bigint }[];
}

export interface ProjectInput {
  name: string;
  description?: string;
  holderOrganisationId?: string | null;
  costs?: ProjectCost[];
}

export interface FundingLineInput {
  projectId?: string | null;
  sourceKind: string;
  instrument?: string | null;
  funderOrganisationId?: string | null;
  funderName?: string | null;
  amount: bigint;
  status?: FundingStatus;
  note?: string;
}

export interface FundingLinePatch {
  amount?: bigint;
  instrument?: string | null;
  funderOrganisationId?: string | null;
  funderName?: string | null;
  note?: string;
  status?: FundingStatus;
  /** The date of the status change, YYYY-MM-DD (default: today). */
  statusDate?: string;
}

export interface CeeEstimateInput {
  code: string;
  variant?: string;
  zone?: string | null;
  quantity: number;
  factor?: number;
  priceCentsPerMWh?: bigint;
}

const SHIPPED_CATALOGUE = path.join(projectRoot, 'data', 'funding', 'cee-operations.json');
let shippedCatalogue: CeeOperation[] | undefined;

/** The catalogue shipped with the product, validated like an upload so a bad edit fails loudly. */
export function shippedCeeCatalogue(): CeeOperation[] {
  if (!shippedCatalogue) {
    const file = JSON.parse(fs.readFileSync(SHIPPED_CATALOGUE, 'utf8')) as { operations: Record<string, unknown>[] };
    const { operations, errors } = validateCeeCatalogue(file.operations);
    if (errors.length > 0) throw new Error(`data/funding/cee-operations.json is not valid: ${errors.map((e) => `row ${e.row} ${e.field}: ${e.message}`).join('; ')}`);
    shippedCatalogue = operations;
  }
  return shippedCatalogue;
}

const GRANT_KINDS: readonly SourceKind[] = ['subsidy', 'public_institution'];

/** Funding plans of task forces and projects, their funding lines, and the CEE calculator. */
export class FundingService {
  constructor(
    private readonly db: Executor,
    private readonly territories: TerritoriesService,
    private readonly taskForces: TaskForcesService,
    private readonly chronicle: ChronicleService,
    private readonly clock: Clock = systemClock,
  ) {}

  // ── projects ───────────────────────────────────────────────────────────────────────────────────

  async createProject(actor: Actor, slug: string, taskForceId: string, input: ProjectInput): Promise<Project> {
    const { territory, taskForce } = await this.manager(actor, slug, taskForceId);
    const errors = this.validateProject(input, taskForce, true);
    if (input.holderOrganisationId && !(await this.territories.hasOrganisation(territory.id, input.holderOrganisationId))) {
      errors.push({ field: 'holderOrganisationId', code: 'unknown_organisation', message: 'The holder is one of the territory’s organisations.' });
    }
    if (errors.length > 0) throw invalidInput(errors);
    const now = this.clock().toISOString();
    const project: Project = {
      id: newId(),
      taskForceId,
      name: input.name.trim(),
      description: (input.description ?? '').trim(),
      holderOrganisationId: input.holderOrganisationId ?? null,
      costs: input.costs ?? [],
      createdAt: now,
      updatedAt: now,
    };
    await inTransaction(this.db, async (trx) => {
      await repo.insertProject(trx, territory.id, project);
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'funding.project_created', targetType: 'funding_project', targetId: project.id, change: { taskForceId, name: project.name, costs: project.costs } }, this.clock);
    });
    return project;
  }

  async updateProject(actor: Actor, slug: string, projectId: string, patch: Partial<ProjectInput>): Promise<Project> {
    const territory = await this.territories.requireTerritory(slug);
    const current = await repo.findProject(this.db, territory.id, projectId);
    if (!current) throw notFound('The project');
    const { taskForce } = await this.manager(actor, slug, current.taskForceId);
    const errors = this.validateProject(patch, taskForce, false);
    if (patch.holderOrganisationId && !(await this.territories.hasOrganisation(territory.id, patch.holderOrganisationId))) {
      errors.push({ field: 'holderOrganisationId', code: 'unknown_organisation', message: 'The holder is one of the territory’s organisations.' });
    }
    if (errors.length > 0) throw invalidInput(errors);
    const updated: Project = {
      ...current,
      ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
      ...(patch.description !== undefined ? { description: patch.description.trim() } : {}),
      ...(patch.holderOrganisationId !== undefined ? { holderOrganisationId: patch.holderOrganisationId } : {}),
      ...(patch.costs !== undefined ? { costs: patch.costs } : {}),
      updatedAt: this.clock().toISOString(),
    };
    await inTransaction(this.db, async (trx) => {
      await repo.updateProject(trx, territory.id, updated);
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'funding.project_updated', targetType: 'funding_project', targetId: projectId, change: { ...patch } }, this.clock);
    });
    return updated;
  }

  async listProjects(slug: string, taskForceId?: string): Promise<Project[]> {
    const territory = await this.territories.requireTerritory(slug);
    if (taskForceId !== undefined) await this.taskForces.get(slug, taskForceId);
    return repo.listProjects(this.db, territory.id, taskForceId !== undefined ? { taskForceId } : {});
  }

  async project(slug: string, projectId: string): Promise<Project> {
    const territory = await this.territories.requireTerritory(slug);
    const project = await repo.findProject(this.db, territory.id, projectId);
    if (!project) throw notFound('The project');
    return project;
  }

  // ── plans ──────────────────────────────────────────────────────────────────────────────────────

  /** A task force's plan: its budget lines as costs, every funding line of it and of its projects. */
  async taskForcePlan(slug: string, taskForceId: string): Promise<FundingPlan> {
    const territory = await this.territories.requireTerritory(slug);
    const taskForce = await this.taskForces.get(slug, taskForceId);
    const lines = await repo.listLines(this.db, territory.id, { taskForceId });
    const projects = await repo.listProjects(this.db, territory.id, { taskForceId });
    const costLines: CostLine[] = taskForce.budgetLines.map((l, i) => ({ position: i, label: l.label, category: l.category, budgetLinePosition: i, amount: l.plannedAmount }));
    const totalCost = costLines.reduce((s, l) => s + l.amount, 0n);
    return {
      scope: 'task_force',
      taskForce: { id: taskForce.id, name: taskForce.name, status: taskForce.status },
      project: null,
      costLines,
      totalCost,
      lines,
      coverage: coverageOf(totalCost, lines),
      projects: projects.map((p) => ({
        id: p.id,
        name: p.name,
        totalCost: p.costs.reduce((s, c) => s + c.amount, 0n),
        secured: coverageOf(0n, lines.filter((l) => l.projectId === p.id)).secured,
      })),
    };
  }

  async projectPlan(slug: string, projectId: string): Promise<FundingPlan> {
    const territory = await this.territories.requireTerritory(slug);
    const project = await repo.findProject(this.db, territory.id, projectId);
    if (!project) throw notFound('The project');
    const taskForce = await this.taskForces.get(slug, project.taskForceId);
    const lines = await repo.listLines(this.db, territory.id, { projectId });
    const costLines: CostLine[] = project.costs.map((c, i) => ({
      position: i,
      label: c.label,
      category: c.budgetLinePosition === null ? '' : (taskForce.budgetLines[c.budgetLinePosition]?.label ?? ''),
      budgetLinePosition: c.budgetLinePosition,
      amount: c.amount,
    }));
    const totalCost = costLines.reduce((s, l) => s + l.amount, 0n);
    return {
      scope: 'project',
      taskForce: { id: taskForce.id, name: taskForce.name, status: taskForce.status },
      project: { id: project.id, name: project.name, holderOrganisationId: project.holderOrganisationId },
      costLines,
      totalCost,
      lines,
      coverage: coverageOf(totalCost, lines),
      projects: [],
    };
  }

  // ── funding lines ──────────────────────────────────────────────────────────────────────────────

  async addLine(actor: Actor, slug: string, taskForceId: string, input: FundingLineInput): Promise<FundingLine> {
    const { territory } = await this.manager(actor, slug, taskForceId);
    const line = await this.prepareLine(territory, taskForceId, input, null);
    return this.insertLine(actor, territory, line);
  }

  /** A CEE estimate (quantity × kWh cumac × price) kept as a planned funding line, with its working. */
  async addCeeLine(actor: Actor, slug: string, taskForceId: string, input: CeeEstimateInput & { projectId?: string | null; funderOrganisationId?: string | null; funderName?: string | null; note?: string }): Promise<FundingLine> {
    const { territory } = await this.manager(actor, slug, taskForceId);
    const estimate = await this.estimate(territory, input);
    const line = await this.prepareLine(
      territory,
      taskForceId,
      {
        projectId: input.projectId ?? null,
        sourceKind: 'cee',
        funderOrganisationId: input.funderOrganisationId ?? null,
        funderName: input.funderName ?? 'Certificats d’économies d’énergie (obligé à désigner)',
        amount: estimate.value,
        note: input.note ?? `${estimate.code}${estimate.variant ? ` (${estimate.variant})` : ''} : ${estimate.quantity} × ${estimate.kwhCumacPerUnit} kWh cumac${estimate.factor !== 1 ? ` × ${estimate.factor}` : ''} = ${estimate.kwhCumac} kWh cumac`,
      },
      { code: estimate.code, variant: estimate.variant, zone: estimate.zone, quantity: estimate.quantity, factor: estimate.factor, kwhCumac: estimate.kwhCumac, priceCentsPerMWh: estimate.priceCentsPerMWh },
    );
    return this.insertLine(actor, territory, line);
  }

  /** Edits a line (amounts and funder while still planned or requested) or moves its status forward, dated. */
  async updateLine(actor: Actor, slug: string, lineId: string, patch: FundingLinePatch): Promise<FundingLine> {
    const territory = await this.territories.requireTerritory(slug);
    const current = await repo.findLine(this.db, territory.id, lineId);
    if (!current) throw notFound('The funding line');
    const { taskForce } = await this.manager(actor, slug, current.taskForceId);
    const errors = validateFundingLine({ ...patch, sourceKind: current.sourceKind }, false);
    const changesMoney = patch.amount !== undefined || patch.funderName !== undefined || patch.funderOrganisationId !== undefined || patch.instrument !== undefined;
    if (changesMoney && (current.status === 'received' || current.status === 'refused' || current.status === 'granted')) {
      errors.push({ field: 'amount', code: 'line_settled', message: 'A granted, received or refused line keeps its amount and funder; add another line instead.' });
    }
    if (patch.statusDate !== undefined && !isIsoDate(patch.statusDate)) errors.push({ field: 'statusDate', code: 'invalid_date', message: 'The date is written YYYY-MM-DD.' });
    if (patch.funderOrganisationId && !(await this.territories.hasOrganisation(territory.id, patch.funderOrganisationId))) {
      errors.push({ field: 'funderOrganisationId', code: 'unknown_organisation', message: 'The funder is one of the territory’s organisations, or named in words.' });
    }
    if (errors.length > 0) throw invalidInput(errors);
    if (patch.status !== undefined && patch.status !== current.status && !canMoveFundingLine(current.status, patch.status)) {
      throw conflict('invalid_transition', `A ${current.status} funding line cannot become ${patch.status} (planned → requested → granted → received, or refused).`, 'status');
    }
    const funderName = patch.funderOrganisationId ? await this.organisationName(slug, patch.funderOrganisationId) : patch.funderName?.trim();
    const moved = patch.status !== undefined && patch.status !== current.status;
    const updated: FundingLine = {
      ...current,
      ...(patch.amount !== undefined ? { amount: patch.amount } : {}),
      ...(patch.instrument !== undefined ? { instrument: patch.instrument as Instrument | null } : {}),
      ...(patch.funderOrganisationId !== undefined ? { funderOrganisationId: patch.funderOrganisationId } : {}),
      ...(funderName ? { funderName } : {}),
      ...(patch.note !== undefined ? { note: patch.note.trim() } : {}),
      ...(moved ? { status: patch.status!, [statusDateField(patch.status!)]: patch.statusDate ?? this.today() } : {}),
      updatedAt: this.clock().toISOString(),
    };
    return inTransaction(this.db, async (trx) => {
      await repo.updateLine(trx, territory.id, updated);
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'funding.line_updated', targetType: 'funding_line', targetId: lineId, change: { ...patch } }, this.clock);
      if (moved && updated.status === 'received' && GRANT_KINDS.includes(updated.sourceKind)) {
        await this.chronicle.record(trx, territory.id, {
          kind: 'funding.grant_received',
          title: `${updated.instrument === 'loan' ? 'Prêt' : 'Subvention'} reçu${updated.instrument === 'loan' ? '' : 'e'} : ${updated.funderName} pour ${taskForce.name}`,
          body: `${formatEuros(updated.amount)} reçus de ${updated.funderName}.`,
          taskForceId: taskForce.id,
          ...(updated.funderOrganisationId ? { organisationId: updated.funderOrganisationId } : {}),
          linkPath: `/task-forces/${taskForce.id}/funding`,
        });
      }
      return updated;
    });
  }

  /** Adds lines written by another use case of this module (a campaign's success) in its transaction. */
  async recordLinesInTransaction(trx: Executor, actor: Actor, territoryId: string, lines: readonly FundingLine[]): Promise<void> {
    for (const line of lines) {
      await repo.insertLine(trx, territoryId, line);
      await appendAuditEvent(trx, actor, { territoryId, action: 'funding.line_added', targetType: 'funding_line', targetId: line.id, change: { sourceKind: line.sourceKind, amount: line.amount, funderName: line.funderName, campaignId: line.campaignId } }, this.clock);
    }
  }

  async lines(slug: string, filter: { taskForceId?: string; projectId?: string } = {}): Promise<FundingLine[]> {
    const territory = await this.territories.requireTerritory(slug);
    return repo.listLines(this.db, territory.id, filter);
  }

  // ── settings and CEE ───────────────────────────────────────────────────────────────────────────

  async settings(slug: string): Promise<FundingSettings> {
    const territory = await this.territories.requireTerritory(slug);
    return repo.settings(this.db, territory.id);
  }

  async updateSettings(actor: Actor, slug: string, patch: { ceePriceCentsPerMWh?: bigint | null; climateZone?: string | null }): Promise<FundingSettings> {
    const { territory } = await this.facilitator(actor, slug);
    const errors: FieldError[] = [];
    if (patch.ceePriceCentsPerMWh !== undefined && patch.ceePriceCentsPerMWh !== null && (patch.ceePriceCentsPerMWh <= 0n || patch.ceePriceCentsPerMWh > 100_000n)) {
      errors.push({ field: 'ceePriceCentsPerMWh', code: 'out_of_range', message: 'The price of CEE is a positive number of cents per MWh cumac (at most 1,000 €).' });
    }
    if (patch.climateZone !== undefined && patch.climateZone !== null && !(CLIMATE_ZONES as readonly string[]).includes(patch.climateZone)) {
      errors.push({ field: 'climateZone', code: 'invalid_zone', message: 'The climate zone is H1, H2 or H3.' });
    }
    if (errors.length > 0) throw invalidInput(errors);
    return inTransaction(this.db, async (trx) => {
      const current = await repo.settings(trx, territory.id);
      const next: FundingSettings = {
        ...current,
        ...(patch.ceePriceCentsPerMWh !== undefined ? { ceePriceCentsPerMWh: patch.ceePriceCentsPerMWh } : {}),
        ...(patch.climateZone !== undefined ? { climateZone: patch.climateZone as ClimateZone | null } : {}),
      };
      await repo.putSettings(trx, territory.id, next, this.clock().toISOString());
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'funding.settings_changed', targetType: 'funding_settings', targetId: territory.id, change: { ...patch } }, this.clock);
      return next;
    });
  }

  /** The territory's own catalogue if it replaced the shipped one, else the shipped one. */
  async ceeCatalogue(slug: string): Promise<{ origin: 'shipped' | 'territory'; replacedAt: string | null; operations: CeeOperation[] }> {
    const territory = await this.territories.requireTerritory(slug);
    return this.catalogueOf(this.db, territory);
  }

  /** Replaces the catalogue with a whole new file: every row valid, or nothing changes. */
  async replaceCeeCatalogue(actor: Actor, slug: string, input: { csv: string } | { operations: Record<string, unknown>[] }) {
    const { territory } = await this.facilitator(actor, slug);
    let rows: Record<string, unknown>[];
    if ('csv' in input) {
      const parsed = parseCeeCsv(input.csv);
      if (parsed.errors.length > 0) throw invalidCsv(parsed.errors);
      rows = parsed.rows;
    } else {
      rows = input.operations;
    }
    const { operations, errors } = validateCeeCatalogue(rows);
    if (errors.length > 0) throw 'csv' in input ? invalidCsv(errors) : invalidInput(errors, `${errors.length} error(s) in the catalogue; nothing was changed.`);
    const now = this.clock().toISOString();
    await inTransaction(this.db, async (trx) => {
      await repo.replaceCeeOperations(trx, territory.id, operations);
      await repo.putSettings(trx, territory.id, { ...(await repo.settings(trx, territory.id)), ceeCatalogueReplacedAt: now }, now);
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'funding.cee_catalogue_replaced', targetType: 'funding_settings', targetId: territory.id, change: { operations: operations.length } }, this.clock);
    });
    return { origin: 'territory' as const, replacedAt: now, operations };
  }

  async estimateCee(slug: string, input: CeeEstimateInput): Promise<CeeEstimate> {
    const territory = await this.territories.requireTerritory(slug);
    return this.estimate(territory, input);
  }

  // ── helpers ──────────────────────────────────────────────────────────────────────────────────

  private async estimate(territory: Territory, input: CeeEstimateInput): Promise<CeeEstimate> {
    const { operations } = await this.catalogueOf(this.db, territory);
    const variant = input.variant ?? '';
    const operation = operations.find((o) => o.code === input.code && o.variant === variant);
    if (!operation) {
      const variants = operations.filter((o) => o.code === input.code).map((o) => o.variant);
      throw invalidInput([
        variants.length > 0
          ? { field: 'variant', code: 'unknown_variant', message: `The sheet ${input.code} has the variants: ${variants.map((v) => v || '(none)').join(', ')}.` }
          : { field: 'code', code: 'unknown_operation', message: `The sheet ${input.code} is not in the territory’s catalogue.` },
      ]);
    }
    const settings = await repo.settings(this.db, territory.id);
    const zone = input.zone ?? settings.climateZone;
    if (zone !== null && zone !== undefined && !(CLIMATE_ZONES as readonly string[]).includes(zone)) {
      throw invalidInput([{ field: 'zone', code: 'invalid_zone', message: 'The climate zone is H1, H2 or H3.' }]);
    }
    const result = estimateCee(operation, {
      zone: (zone ?? null) as ClimateZone | null,
      quantity: input.quantity,
      factor: input.factor ?? 1,
      priceCentsPerMWh: input.priceCentsPerMWh ?? settings.ceePriceCentsPerMWh ?? 0n,
    });
    if (!result.ok) throw invalidInput([result.error]);
    return result.estimate;
  }

  private async catalogueOf(db: Executor, territory: Territory) {
    const settings = await repo.settings(db, territory.id);
    if (settings.ceeCatalogueReplacedAt === null) return { origin: 'shipped' as const, replacedAt: null, operations: shippedCeeCatalogue() };
    return { origin: 'territory' as const, replacedAt: settings.ceeCatalogueReplacedAt, operations: await repo.ceeOperations(db, territory.id) };
  }

  private async prepareLine(territory: Territory, taskForceId: string, input: FundingLineInput, cee: FundingLine['cee']): Promise<FundingLine> {
    const errors = validateFundingLine(input, true);
    const status = input.status ?? 'planned';
    if (!['planned', 'requested', 'granted', 'received'].includes(status)) errors.push({ field: 'status', code: 'invalid_status', message: 'A new line is planned, requested, granted or received.' });
    if (input.funderOrganisationId && !(await this.territories.hasOrganisation(territory.id, input.funderOrganisationId))) {
      errors.push({ field: 'funderOrganisationId', code: 'unknown_organisation', message: 'The funder is one of the territory’s organisations, or named in words.' });
    }
    if (input.projectId) {
      const project = await repo.findProject(this.db, territory.id, input.projectId);
      if (!project || project.taskForceId !== taskForceId) errors.push({ field: 'projectId', code: 'unknown_project', message: 'The project is one of this task force’s projects.' });
    }
    if (errors.length > 0) throw invalidInput(errors);
    const funderName = input.funderOrganisationId ? await this.organisationName(territory.slug, input.funderOrganisationId) : input.funderName!.trim();
    const now = this.clock().toISOString();
    const today = now.slice(0, 10);
    const line: FundingLine = {
      id: newId(),
      taskForceId,
      projectId: input.projectId ?? null,
      sourceKind: input.sourceKind as SourceKind,
      instrument: (input.instrument ?? null) as Instrument | null,
      funderOrganisationId: input.funderOrganisationId ?? null,
      funderName,
      amount: input.amount,
      status,
      plannedOn: today,
      requestedOn: null,
      grantedOn: null,
      receivedOn: null,
      refusedOn: null,
      note: (input.note ?? '').trim(),
      campaignId: null,
      cee,
      createdAt: now,
      updatedAt: now,
    };
    // A line recorded directly at a later status carries today's date for each step it skipped to.
    if (status !== 'planned') line[statusDateField(status)] = today;
    return line;
  }

  private insertLine(actor: Actor, territory: Territory, line: FundingLine): Promise<FundingLine> {
    return inTransaction(this.db, async (trx) => {
      await repo.insertLine(trx, territory.id, line);
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'funding.line_added', targetType: 'funding_line', targetId: line.id, change: { taskForceId: line.taskForceId, projectId: line.projectId, sourceKind: line.sourceKind, amount: line.amount, funderName: line.funderName, status: line.status } }, this.clock);
      return line;
    });
  }

  private validateProject(input: Partial<ProjectInput>, taskForce: TaskForceDetail, creating: boolean): FieldError[] {
    const errors: FieldError[] = [];
    if ((creating || input.name !== undefined) && !input.name?.trim()) errors.push({ field: 'name', code: 'required', message: 'The project has a name.' });
    if (input.name !== undefined && input.name.length > 200) errors.push({ field: 'name', code: 'too_long', message: 'The name has at most 200 characters.' });
    if (input.description !== undefined && input.description.length > 5000) errors.push({ field: 'description', code: 'too_long', message: 'The description has at most 5,000 characters.' });
    input.costs?.forEach((c, i) => {
      if (!c.label.trim()) errors.push({ field: `costs[${i}].label`, code: 'required', message: 'Each cost has a label.' });
      if (c.label.length > 300) errors.push({ field: `costs[${i}].label`, code: 'too_long', message: 'A cost’s label has at most 300 characters.' });
      if (c.amount < 0n) errors.push({ field: `costs[${i}].amount`, code: 'negative_amount', message: 'A cost is not negative.' });
      if (c.budgetLinePosition !== null && (c.budgetLinePosition < 0 || c.budgetLinePosition >= taskForce.budgetLines.length)) {
        errors.push({ field: `costs[${i}].budgetLinePosition`, code: 'unknown_budget_line', message: 'The cost falls under one of the task force’s budget lines.' });
      }
    });
    return errors;
  }

  private async manager(actor: Actor, slug: string, taskForceId: string): Promise<{ territory: Territory; grants: Grants; taskForce: TaskForceDetail }> {
    const territory = await this.territories.requireTerritory(slug);
    if (actor.kind === 'anonymous') throw unauthenticated();
    const taskForce = await this.taskForces.get(slug, taskForceId);
    const grants = await this.territories.grantsFor(actor, territory.id);
    if (!canManageFunding(grants, taskForce.members)) throw forbidden('Only the leads of this task force and the facilitators manage its funding.');
    return { territory, grants, taskForce };
  }

  private async facilitator(actor: Actor, slug: string): Promise<{ territory: Territory }> {
    const territory = await this.territories.requireTerritory(slug);
    if (actor.kind === 'anonymous') throw unauthenticated();
    if (!canManageFundingSettings(await this.territories.grantsFor(actor, territory.id))) throw forbidden('Only a facilitator changes the territory’s funding settings.');
    return { territory };
  }

  private async organisationName(slug: string, organisationId: string): Promise<string> {
    return (await this.territories.getOrganisation(slug, organisationId)).name;
  }

  private today(): string {
    return this.clock().toISOString().slice(0, 10);
  }
}

/** 1 234,56 € — for chronicle texts, which are French. */
export function formatEuros(cents: bigint): string {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  const euros = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
  return `${negative ? '−' : ''}${euros},${(abs % 100n).toString().padStart(2, '0')} €`;
}
