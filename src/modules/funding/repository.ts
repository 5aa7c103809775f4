import type { Executor } from '../../platform/db/transaction.js';
import { toSafeNumber } from '../../platform/db/dialect.js';
import type { FundingTables } from './migrations.js';
import type { FundingLine, FundingStatus, Instrument, SourceKind } from './model.js';
import type { CeeOperation, CeeUnit, ClimateZone } from './cee-model.js';

export interface ProjectCost {
  budgetLinePosition: number | null;
  label: string;
  /** Euro cents. */
  amount: bigint;
}

export interface Project {
  id: string;
  taskForceId: string;
  name: string;
  description: string;
  holderOrganisationId: string | null;
  costs: ProjectCost[];
  createdAt: string;
  updatedAt: string;
}

export interface FundingSettings {
  ceePriceCentsPerMWh: bigint | null;
  climateZone: ClimateZone | null;
  ceeCatalogueReplacedAt: string | null;
}

type LineRow = FundingTables['funding_lines'];

const toLine = (r: LineRow): FundingLine => ({
  id: r.id,
  taskForceId: r.task_force_id,
  projectId: r.project_id,
  sourceKind: r.source_kind as SourceKind,
  instrument: r.instrument as Instrument | null,
  funderOrganisationId: r.funder_organisation_id,
  funderName: r.funder_name,
  amount: r.amount,
  status: r.status as FundingStatus,
  plannedOn: r.planned_on,
  requestedOn: r.requested_on,
  grantedOn: r.granted_on,
  receivedOn: r.received_on,
  refusedOn: r.refused_on,
  note: r.note,
  campaignId: r.campaign_id,
  cee:
    r.cee_code === null
      ? null
      : {
          code: r.cee_code,
          variant: r.cee_variant ?? '',
          zone: r.cee_zone,
          quantity: r.cee_quantity ?? 0,
          factor: r.cee_factor ?? 1,
          kwhCumac: r.cee_kwh_cumac ?? 0n,
          priceCentsPerMWh: r.cee_price_cents_per_mwh ?? 0n,
        },
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const lineRow = (territoryId: string, l: FundingLine): LineRow => ({
  territory_id: territoryId,
  id: l.id,
  task_force_id: l.taskForceId,
  project_id: l.projectId,
  source_kind: l.sourceKind,
  instrument: l.instrument,
  funder_organisation_id: l.funderOrganisationId,
  funder_name: l.funderName,
  amount: l.amount,
  status: l.status,
  planned_on: l.plannedOn,
  requested_on: l.requestedOn,
  granted_on: l.grantedOn,
  received_on: l.receivedOn,
  refused_on: l.refusedOn,
  note: l.note,
  campaign_id: l.campaignId,
  cee_code: l.cee?.code ?? null,
  cee_variant: l.cee?.variant ?? null,
  cee_zone: l.cee?.zone ?? null,
  cee_quantity: l.cee?.quantity ?? null,
  cee_factor: l.cee?.factor ?? null,
  cee_kwh_cumac: l.cee?.kwhCumac ?? null,
  cee_price_cents_per_mwh: l.cee?.priceCentsPerMWh ?? null,
  created_at: l.createdAt,
  updated_at: l.updatedAt,
});

export const fundingRepository = {
  // ── projects ───────────────────────────────────────────────────────────────────────────────────

  async insertProject(db: Executor, territoryId: string, p: Project): Promise<void> {
    await db
      .insertInto('funding_projects')
      .values({
        territory_id: territoryId,
        id: p.id,
        task_force_id: p.taskForceId,
        name: p.name,
        description: p.description,
        holder_organisation_id: p.holderOrganisationId,
        created_at: p.createdAt,
        updated_at: p.updatedAt,
      })
      .execute();
    await this.replaceCosts(db, territoryId, p);
  },

  async updateProject(db: Executor, territoryId: string, p: Project): Promise<void> {
    await db
      .updateTable('funding_projects')
      .set({ name: p.name, description: p.description, holder_organisation_id: p.holderOrganisationId, updated_at: p.updatedAt })
      .where('territory_id', '=', territoryId)
      .where('id', '=', p.id)
      .execute();
    await this.replaceCosts(db, territoryId, p);
  },

  /** A project's costs are its current estimate; each change is in the audit trail. */
  async replaceCosts(db: Executor, territoryId: string, p: Project): Promise<void> {
    await db.deleteFrom('funding_project_costs').where('territory_id', '=', territoryId).where('project_id', '=', p.id).execute();
    if (p.costs.length === 0) return;
    await db
      .insertInto('funding_project_costs')
      .values(
        p.costs.map((c, i) => ({
          territory_id: territoryId,
          project_id: p.id,
          position: BigInt(i),
          budget_line_position: c.budgetLinePosition === null ? null : BigInt(c.budgetLinePosition),
          label: c.label,
          amount: c.amount,
        })),
      )
      .execute();
  },

  async listProjects(db: Executor, territoryId: string, filter: { taskForceId?: string; ids?: readonly string[] }): Promise<Project[]> {
    if (filter.ids && filter.ids.length === 0) return [];
    const rows = await db
      .selectFrom('funding_projects')
      .selectAll()
      .where('territory_id', '=', territoryId)
      .$if(filter.taskForceId !== undefined, (q) => q.where('task_force_id', '=', filter.taskForceId!))
      .$if(filter.ids !== undefined, (q) => q.where('id', 'in', [...filter.ids!]))
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    if (rows.length === 0) return [];
    const costs = await db
      .selectFrom('funding_project_costs')
      .selectAll()
      .where('territory_id', '=', territoryId)
      .where(
        'project_id',
        'in',
        rows.map((r) => r.id),
      )
      .orderBy('position')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      taskForceId: r.task_force_id,
      name: r.name,
      description: r.description,
      holderOrganisationId: r.holder_organisation_id,
      costs: costs
        .filter((c) => c.project_id === r.id)
        .map((c) => ({ budgetLinePosition: c.budget_line_position === null ? null : toSafeNumber(c.budget_line_position), label: c.label, amount: c.amount })),
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    }));
  },

  async findProject(db: Executor, territoryId: string, id: string): Promise<Project | undefined> {
    return (await this.listProjects(db, territoryId, { ids: [id] }))[0];
  },

  // ── funding lines ──────────────────────────────────────────────────────────────────────────────

  async insertLine(db: Executor, territoryId: string, line: FundingLine): Promise<void> {
    await db.insertInto('funding_lines').values(lineRow(territoryId, line)).execute();
  },

  async updateLine(db: Executor, territoryId: string, line: FundingLine): Promise<void> {
    const { territory_id: _t, id: _i, created_at: _c, ...changes } = lineRow(territoryId, line);
    await db.updateTable('funding_lines').set(changes).where('territory_id', '=', territoryId).where('id', '=', line.id).execute();
  },

  async findLine(db: Executor, territoryId: string, id: string): Promise<FundingLine | undefined> {
    const row = await db.selectFrom('funding_lines').selectAll().where('territory_id', '=', territoryId).where('id', '=', id).executeTakeFirst();
    return row && toLine(row);
  },

  /** Lines of a task force (all, its own and its projects'), of one project, or of the whole territory. */
  async listLines(db: Executor, territoryId: string, filter: { taskForceId?: string; projectId?: string } = {}): Promise<FundingLine[]> {
    const rows = await db
      .selectFrom('funding_lines')
      .selectAll()
      .where('territory_id', '=', territoryId)
      .$if(filter.taskForceId !== undefined, (q) => q.where('task_force_id', '=', filter.taskForceId!))
      .$if(filter.projectId !== undefined, (q) => q.where('project_id', '=', filter.projectId!))
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toLine);
  },

  // ── settings and the CEE catalogue ─────────────────────────────────────────────────────────────

  async settings(db: Executor, territoryId: string): Promise<FundingSettings> {
    const row = await db.selectFrom('funding_settings').selectAll().where('territory_id', '=', territoryId).executeTakeFirst();
    return {
      ceePriceCentsPerMWh: row?.cee_price_cents_per_mwh ?? null,
      climateZone: (row?.climate_zone as ClimateZone | null | undefined) ?? null,
      ceeCatalogueReplacedAt: row?.cee_catalogue_replaced_at ?? null,
    };
  },

  async putSettings(db: Executor, territoryId: string, s: FundingSettings, now: string): Promise<void> {
    const values = { cee_price_cents_per_mwh: s.ceePriceCentsPerMWh, climate_zone: s.climateZone, cee_catalogue_replaced_at: s.ceeCatalogueReplacedAt, updated_at: now };
    await db
      .insertInto('funding_settings')
      .values({ territory_id: territoryId, ...values })
      .onConflict((oc) => oc.column('territory_id').doUpdateSet(values))
      .execute();
  },

  async ceeOperations(db: Executor, territoryId: string): Promise<CeeOperation[]> {
    const rows = await db.selectFrom('funding_cee_operations').selectAll().where('territory_id', '=', territoryId).orderBy('position').execute();
    return rows.map((r) => ({
      code: r.code,
      variant: r.variant,
      label: r.label,
      unit: r.unit as CeeUnit,
      kwhCumacByZone: r.kwh_cumac_h1 === null ? null : { H1: r.kwh_cumac_h1, H2: r.kwh_cumac_h2 ?? 0, H3: r.kwh_cumac_h3 ?? 0 },
      kwhCumac: r.kwh_cumac,
      sheetVersion: r.sheet_version,
      source: r.source,
    }));
  },

  async replaceCeeOperations(db: Executor, territoryId: string, operations: readonly CeeOperation[]): Promise<void> {
    await db.deleteFrom('funding_cee_operations').where('territory_id', '=', territoryId).execute();
    for (let i = 0; i < operations.length; i += 200) {
      await db
        .insertInto('funding_cee_operations')
        .values(
          operations.slice(i, i + 200).map((o, j) => ({
            territory_id: territoryId,
            code: o.code,
            variant: o.variant,
            position: BigInt(i + j),
            label: o.label,
            unit: o.unit,
            kwh_cumac: o.kwhCumac,
            kwh_cumac_h1: o.kwhCumacByZone?.H1 ?? null,
            kwh_cumac_h2: o.kwhCumacByZone?.H2 ?? null,
            kwh_cumac_h3: o.kwhCumacByZone?.H3 ?? null,
            sheet_version: o.sheetVersion,
            source: o.source,
          })),
        )
        .execute();
    }
  },
};
