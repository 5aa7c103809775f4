import type { Executor } from '../../platform/db/transaction.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { appendAuditEvent } from '../../platform/audit/audit-trail.js';
import type { Actor } from '../../platform/auth/actor.js';
import { forbidden, invalidInput, unauthenticated } from '../../platform/errors.js';
import { systemClock, type Clock } from '../../platform/clock.js';
import type { TerritoriesService } from '../territories/service.js';
import { accountOfFlow, computeBalances, deriveAccounts, emptyAccounts, loopPartOf, loopRateOf, type BaseAccount, type LoopRate, type MaterialAccounts, type NodeBalance } from './accounts-model.js';
import { canEditFlows, topCategoryOf, type Flow, type MetabolismNode } from './model.js';
import { reconcile, type ReconciledFlow, type ReconciliationResult } from './reconciliation.js';
import { metabolismReference as reference } from './reference.js';
import { metabolismRepository as repo } from './repository.js';
import { buildSankey, type SankeyData } from './sankey-model.js';
import { addToSecretPart, contributorsOf, disclosable, disclose, emptySecretPart, type SecretPart } from './secrecy-model.js';
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
  /** By top-level category, and `secret` for the confidential parts folded by statistical secrecy. */
  byCategory: CategoryAccounts[];
  loop: LoopRate;
  flowCount: number;
  /** Confidential flows resting on fewer than three organisations, left out of every figure. */
  confidentialWithheld: boolean;
}

export interface ReconciliationView extends Omit<ReconciliationResult, 'flows'> {
  year: number;
  flows: (ReconciledFlow & { fromName: string; toName: string; materialLabel: string })[];
  /** Confidential flows left out of the list (they are in the computation). */
  hiddenConfidential: number;
}

const UNALLOCATED_LABELS = { labelFr: 'Non affecté à une catégorie', labelEn: 'Not allocated to a category' };
/** The "other / secret" row of the indicators: confidential parts too thin to show in their own category. */
export const SECRET_CATEGORY = 'secret';
const SECRET_LABELS = { labelFr: 'Autres flux confidentiels (secret statistique)', labelEn: 'Other confidential flows (statistical secrecy)' };

/** The analyses of a year's flows: EW-MFA indicators, the loop rate, balances, reconciliation, the Sankey. */
export class MetabolismAnalysisService {
  constructor(
    private readonly db: Executor,
    private readonly territories: TerritoriesService,
    private readonly metabolism: MetabolismService,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Public figures: confidential flows count in them under statistical secrecy (see `secrecy-model.ts`). */
  async indicators(slug: string, year: number): Promise<YearIndicators> {
    const { nodes, flows, detailVisible } = await this.metabolism.yearFor({ kind: 'anonymous' }, slug, year);
    return indicatorsOf(year, nodes, flows, detailVisible);
  }

  async indicatorSeries(slug: string): Promise<YearIndicators[]> {
    const years = await this.metabolism.years(slug);
    return Promise.all(years.map((y) => this.indicators(slug, y.year)));
  }

  /**
   * The balance of every balanced node. An actor's balance shows only to those who may see its
   * confidential flows; another node's, when the confidential flows it takes in, sends out and stocks
   * each rest on at least three organisations (its inputs minus the listed flows would give them away).
   */
  async balances(actor: Actor, slug: string, year: number): Promise<NodeBalance[]> {
    const { nodes, flows, detailVisible, contributors } = await this.metabolism.yearFor(actor, slug, year);
    const byId = new Map(nodes.map((n) => [n.id, n]));
    const masked = new Set<string>();
    const parts = new Map<string, SecretPart>();
    const part = (key: string) => {
      if (!parts.has(key)) parts.set(key, emptySecretPart());
      return parts.get(key)!;
    };
    for (const f of flows) {
      if (detailVisible(f)) continue;
      masked.add(f.fromNodeId);
      masked.add(f.toNodeId);
      const stock = byId.get(f.fromNodeId)?.boundary === 'stock' || byId.get(f.toNodeId)?.boundary === 'stock';
      addToSecretPart(part(`${f.toNodeId}:${stock ? 'stock' : 'in'}`), f.tonnes, contributors(f));
      addToSecretPart(part(`${f.fromNodeId}:${stock ? 'stock' : 'out'}`), f.tonnes, contributors(f));
    }
    const secret = (nodeId: string) => ['in', 'out', 'stock'].some((side) => parts.has(`${nodeId}:${side}`) && !disclosable(parts.get(`${nodeId}:${side}`)!));
    return computeBalances(nodes, flows).filter((b) => (byId.get(b.nodeId)?.kind === 'actor' ? !masked.has(b.nodeId) : !secret(b.nodeId)));
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
    const { nodes, flows, detailVisible, contributors } = await this.metabolism.yearFor(actor, slug, year);
    // The actor to drill into may be given by its node or its organisation.
    const focus = options.actor ? nodes.find((n) => n.id === options.actor || n.organisationId === options.actor) : undefined;
    if (options.actor && !focus) throw invalidInput([{ field: 'actor', code: 'unknown_node', message: 'No node of this year is this actor.' }]);
    // Drilling into one actor would single out its confidential flows: they stay out of that view.
    const shown = focus ? flows.filter((f) => detailVisible(f)) : flows;
    const data = buildSankey(
      nodes,
      shown.map((f) => ({ ...f, detailVisible: detailVisible(f), contributors: contributors(f) })),
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

/**
 * The indicators of a year as a reader may see them. Flows it may see in detail count as they are; the
 * others (confidential) count in a figure only when at least three organisations contribute to its
 * confidential part, each account of each category being a figure; the thinner parts go to the
 * `secret` row, or nowhere when even together they rest on fewer than three organisations. The total
 * is the sum of the rows, so nothing folded can be recovered from it. Likewise for the loop rate,
 * whose folded parts count nowhere (a bucket mixing loops and other outputs would bias the rate).
 */
export function indicatorsOf(year: number, nodes: readonly MetabolismNode[], flows: readonly Flow[], detailVisible: (f: Flow) => boolean = () => true): YearIndicators {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const rows = new Map<string, MaterialAccounts>();
  const row = (category: string) => {
    let accounts = rows.get(category);
    if (!accounts) rows.set(category, (accounts = emptyAccounts()));
    return accounts;
  };
  const secretAccounts = new Map<BaseAccount, Map<string, SecretPart>>();
  const loopTonnes = { synergy: 0, actor: 0, elsewhere: 0 };
  const secretLoop = new Map<keyof typeof loopTonnes, SecretPart>();
  for (const f of flows) {
    const from = byId.get(f.fromNodeId);
    const to = byId.get(f.toNodeId);
    const account = accountOfFlow(from, to);
    const category = topCategoryOf(f.category);
    const loopPart = loopPartOf(from, to, f);
    if (detailVisible(f)) {
      // Every category a visible flow has gets its row, even when the flow stays inside the territory.
      if (from && to) {
        const accounts = row(category);
        if (account) accounts[account] += f.tonnes;
      }
      if (loopPart) loopTonnes[loopPart] += f.tonnes;
      continue;
    }
    const contributors = contributorsOf(f.id, [from?.organisationId, to?.organisationId]);
    if (account) {
      let parts = secretAccounts.get(account);
      if (!parts) secretAccounts.set(account, (parts = new Map()));
      if (!parts.has(category)) parts.set(category, emptySecretPart());
      addToSecretPart(parts.get(category)!, f.tonnes, contributors);
    }
    if (loopPart) {
      if (!secretLoop.has(loopPart)) secretLoop.set(loopPart, emptySecretPart());
      addToSecretPart(secretLoop.get(loopPart)!, f.tonnes, contributors);
    }
  }
  let withheld = false;
  for (const [account, parts] of secretAccounts) {
    const { shown, secret, withheld: none } = disclose(parts);
    withheld ||= none;
    for (const category of shown) row(category)[account] += parts.get(category)!.tonnes;
    if (secret) row(SECRET_CATEGORY)[account] += secret.tonnes;
  }
  const loop = disclose(secretLoop);
  withheld ||= loop.withheld || loop.secret !== null;
  for (const part of loop.shown) loopTonnes[part] += secretLoop.get(part)!.tonnes;

  const total = emptyAccounts();
  const ordered = [...rows].sort(([a], [b]) => (a === SECRET_CATEGORY ? 1 : b === SECRET_CATEGORY ? -1 : a.localeCompare(b)));
  for (const [, accounts] of ordered) for (const key of Object.keys(total) as (keyof MaterialAccounts)[]) total[key] += accounts[key];
  return {
    year,
    unit: 't',
    total: deriveAccounts(total),
    byCategory: ordered.map(([category, accounts]) => {
      const c = reference.category(category);
      return { category, ...(category === SECRET_CATEGORY ? SECRET_LABELS : c ? { labelFr: c.labelFr, labelEn: c.labelEn } : UNALLOCATED_LABELS), ...deriveAccounts(accounts) };
    }),
    loop: loopRateOf(loopTonnes),
    flowCount: flows.length,
    confidentialWithheld: withheld,
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
