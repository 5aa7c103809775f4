import type { Executor } from '../../platform/db/transaction.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { appendAuditEvent } from '../../platform/audit/audit-trail.js';
import type { Actor } from '../../platform/auth/actor.js';
import { forbidden, invalidInput, unauthenticated } from '../../platform/errors.js';
import { systemClock, type Clock } from '../../platform/clock.js';
import type { TerritoriesService } from '../territories/service.js';
import { computeBalances, computeLoopRate, computeMaterialAccounts, type LoopRate, type MaterialAccounts, type NodeBalance } from './accounts-model.js';
import { canEditFlows, type Flow, type MetabolismNode } from './model.js';
import { reconcile, type ReconciledFlow, type ReconciliationResult } from './reconciliation.js';
import { metabolismReference as reference } from './reference.js';
import { metabolismRepository as repo } from './repository.js';
import { buildSankey, type SankeyData } from './sankey-model.js';
import { materialLabelOf, type MetabolismService } from './service.js';

export interface CategoryAccounts extends MaterialAccounts {
  category: string;
  labelFr: string;
  labelEn: string;
}

export interface YearIndicators {
  year: number;
  unit: 't';
  total: MaterialAccounts;
  byCategory: CategoryAccounts[];
  loop: LoopRate;
  flowCount: number;
}

export interface ReconciliationView extends Omit<ReconciliationResult, 'flows'> {
  year: number;
  flows: (ReconciledFlow & { fromName: string; toName: string; materialLabel: string })[];
  /** Confidential flows left out of the list (they are in the computation). */
  hiddenConfidential: number;
}

const UNALLOCATED_LABELS = { labelFr: 'Non affecté à une catégorie', labelEn: 'Not allocated to a category' };

/** The analyses of a year's flows: EW-MFA indicators, the loop rate, balances, reconciliation, the Sankey. */
export class MetabolismAnalysisService {
  constructor(
    private readonly db: Executor,
    private readonly territories: TerritoriesService,
    private readonly metabolism: MetabolismService,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Aggregates: confidential flows count in them like any other. */
  async indicators(slug: string, year: number): Promise<YearIndicators> {
    const { nodes, flows } = await this.metabolism.yearFor({ kind: 'anonymous' }, slug, year);
    return indicatorsOf(year, nodes, flows);
  }

  async indicatorSeries(slug: string): Promise<YearIndicators[]> {
    const years = await this.metabolism.years(slug);
    return Promise.all(years.map((y) => this.indicators(slug, y.year)));
  }

  /** The balance of every balanced node; an actor's balance shows only to those who may see its confidential flows. */
  async balances(actor: Actor, slug: string, year: number): Promise<NodeBalance[]> {
    const { nodes, flows, detailVisible } = await this.metabolism.yearFor(actor, slug, year);
    const masked = new Set(flows.filter((f) => !detailVisible(f)).flatMap((f) => [f.fromNodeId, f.toNodeId]));
    return computeBalances(nodes, flows).filter((b) => nodes.find((n) => n.id === b.nodeId)?.kind !== 'actor' || !masked.has(b.nodeId));
  }

  async reconciliation(actor: Actor, slug: string, year: number): Promise<ReconciliationView> {
    const { nodes, flows, detailVisible } = await this.metabolism.yearFor(actor, slug, year);
    const result = reconcileYear(nodes, flows);
    const byId = new Map(nodes.map((n) => [n.id, n]));
    const flowById = new Map(flows.map((f) => [f.id, f]));
    const visible = result.flows.filter((r) => detailVisible(flowById.get(r.id)!));
    return {
      ...result,
      year,
      hiddenConfidential: result.flows.length - visible.length,
      flows: visible.map((r) => {
        const f = flowById.get(r.id)!;
        return { ...r, fromName: byId.get(f.fromNodeId)!.name, toName: byId.get(f.toNodeId)!.name, materialLabel: materialLabelOf(f) };
      }),
    };
  }

  /**
   * Writes the reconciled values into the flows (method `reconciled`), keeping what was entered so
   * that a later reconciliation starts again from the data, not from its own output.
   */
  async applyReconciliation(actor: Actor, slug: string, year: number): Promise<{ updated: number; consistent: boolean; chiSquare: number | null }> {
    if (actor.kind === 'anonymous') throw unauthenticated();
    const territory = await this.territories.requireTerritory(slug);
    if (!canEditFlows(await this.territories.grantsFor(actor, territory.id))) throw forbidden('Only the facilitators of this territory reconcile its flows.');
    return inTransaction(this.db, async (trx) => {
      const nodes = await repo.listNodes(trx, territory.id, year);
      const flows = await repo.listFlows(trx, territory.id, year);
      if (flows.length === 0) throw invalidInput([{ field: 'year', code: 'no_flows', message: `There is no flow in ${year} to reconcile.` }]);
      const result = reconcileYear(nodes, flows);
      const now = this.clock().toISOString();
      const adjusted = new Map(result.flows.map((r) => [r.id, r]));
      let updated = 0;
      for (const flow of flows) {
        const r = adjusted.get(flow.id)!;
        if (r.adjusted === null || (r.measured && !r.redundant)) continue;
        const reported = flow.reported ?? { tonnes: flow.tonnes, uncertainty: flow.uncertainty, method: flow.method };
        await repo.updateFlow(trx, territory.id, { ...flow, tonnes: r.adjusted, uncertainty: r.adjustedSigma, method: 'reconciled', reported, updatedAt: now });
        updated += 1;
      }
      await appendAuditEvent(
        trx,
        actor,
        { territoryId: territory.id, action: 'metabolism.reconciled', targetType: 'metabolism_year', targetId: String(year), change: { year, updated, chiSquare: result.chiSquare, degreesOfFreedom: result.degreesOfFreedom, consistent: result.consistent } },
        this.clock,
      );
      return { updated, consistent: result.consistent, chiSquare: result.chiSquare };
    });
  }

  async sankey(actor: Actor, slug: string, year: number, options: { maxNodes?: number; category?: string; actor?: string; section?: string }): Promise<SankeyData & { year: number }> {
    const { nodes, flows, detailVisible } = await this.metabolism.yearFor(actor, slug, year);
    // The actor to drill into may be given by its node or its organisation.
    const focus = options.actor ? nodes.find((n) => n.id === options.actor || n.organisationId === options.actor) : undefined;
    if (options.actor && !focus) throw invalidInput([{ field: 'actor', code: 'unknown_node', message: 'No node of this year is this actor.' }]);
    // Drilling into one actor would single out its confidential flows: they stay out of that view.
    const shown = focus ? flows.filter((f) => detailVisible(f)) : flows;
    const data = buildSankey(
      nodes,
      shown.map((f) => ({ ...f, detailVisible: detailVisible(f) })),
      {
        maxNodes: options.maxNodes ?? 80,
        ...(options.category ? { category: options.category } : {}),
        ...(focus ? { focusNodeId: focus.id } : {}),
        ...(options.section ? { expandSection: options.section } : {}),
      },
    );
    return { year, ...data };
  }
}

export function indicatorsOf(year: number, nodes: readonly MetabolismNode[], flows: readonly Flow[]): YearIndicators {
  const { total, byCategory } = computeMaterialAccounts(nodes, flows);
  return {
    year,
    unit: 't',
    total,
    byCategory: [...byCategory].map(([category, accounts]) => {
      const c = reference.category(category);
      return { category, ...(c ? { labelFr: c.labelFr, labelEn: c.labelEn } : UNALLOCATED_LABELS), ...accounts };
    }),
    loop: computeLoopRate(nodes, flows),
    flowCount: flows.length,
  };
}

/** Reconciles a year from the data as entered (a flow reconciled before counts with its reported value). */
function reconcileYear(nodes: readonly MetabolismNode[], flows: readonly Flow[]): ReconciliationResult {
  return reconcile(
    nodes.map((n) => ({ id: n.id, balanced: n.kind !== 'boundary' && n.balanced })),
    flows.map((f) => {
      const data = f.reported ?? f;
      return { id: f.id, from: f.fromNodeId, to: f.toNodeId, value: data.tonnes, sigma: data.uncertainty };
    }),
  );
}
