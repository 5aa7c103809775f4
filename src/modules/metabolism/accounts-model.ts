import { topCategoryOf, type Boundary, type NodeKind } from './model.js';

// EW-MFA (Eurostat, Economy-wide material flow accounts handbook, 2018) applied to a territory, as the
// French guide for regions and départements does (CGDD 2014): the territory's economy is the set of
// its actors and processes; what crosses its border is counted by kind of boundary.

export interface AccountNode {
  id: string;
  kind: NodeKind;
  boundary: Boundary | null;
  balanced?: boolean;
  name?: string;
}

export interface AccountFlow {
  id?: string;
  fromNodeId: string;
  toNodeId: string;
  category: string | null;
  tonnes: number;
  uncertainty?: number | null;
  synergyMatchId?: string | null;
}

export interface MaterialAccounts {
  /** Domestic extraction: nature → the territory. */
  de: number;
  impAbroad: number;
  impRestOfCountry: number;
  imp: number;
  expAbroad: number;
  expRestOfCountry: number;
  exp: number;
  /** Direct material input = DE + IMP. */
  dmi: number;
  /** Domestic material consumption = DMI − EXP. */
  dmc: number;
  /** Physical trade balance = IMP − EXP. */
  ptb: number;
  /** Domestic processed output: the territory → environment (emissions, landfill, dissipative use). */
  dpo: number;
  additionsToStock: number;
  removalsFromStock: number;
  /** Net additions to stock = additions − removals. */
  nas: number;
}

const zero = (): MaterialAccounts => ({
  de: 0, impAbroad: 0, impRestOfCountry: 0, imp: 0, expAbroad: 0, expRestOfCountry: 0, exp: 0, dmi: 0, dmc: 0, ptb: 0, dpo: 0, additionsToStock: 0, removalsFromStock: 0, nas: 0,
});

type Side = 'local' | Boundary;

function sideOf(node: AccountNode | undefined): Side | undefined {
  if (!node) return undefined;
  return node.kind === 'boundary' ? (node.boundary ?? undefined) : 'local';
}

/** The accounts a flow is posted to; the others are sums and differences of these. */
export type BaseAccount = 'de' | 'impAbroad' | 'impRestOfCountry' | 'removalsFromStock' | 'expAbroad' | 'expRestOfCountry' | 'dpo' | 'additionsToStock';

/** The account one flow belongs to; flows inside the territory or between two outsides count in none. */
function accountOf(from: Side, to: Side): BaseAccount | null {
  if (to === 'local') {
    if (from === 'nature') return 'de';
    if (from === 'abroad') return 'impAbroad';
    if (from === 'rest_of_country') return 'impRestOfCountry';
    if (from === 'stock') return 'removalsFromStock';
  } else if (from === 'local') {
    if (to === 'abroad') return 'expAbroad';
    if (to === 'rest_of_country') return 'expRestOfCountry';
    if (to === 'environment') return 'dpo';
    if (to === 'stock') return 'additionsToStock';
  }
  return null;
}

/** The account of a flow between two nodes (null when it counts in none, or an end is unknown). */
export function accountOfFlow(from: AccountNode | undefined, to: AccountNode | undefined): BaseAccount | null {
  const a = sideOf(from);
  const b = sideOf(to);
  return a && b ? accountOf(a, b) : null;
}

/** Accounts with nothing posted yet. */
export const emptyAccounts = zero;

/** DE, IMP, EXP, DMI, DMC, PTB and NAS from what was posted. */
export function deriveAccounts(a: MaterialAccounts): MaterialAccounts {
  return derive(a);
}

function derive(a: MaterialAccounts): MaterialAccounts {
  const imp = a.impAbroad + a.impRestOfCountry;
  const exp = a.expAbroad + a.expRestOfCountry;
  const dmi = a.de + imp;
  return { ...a, imp, exp, dmi, dmc: dmi - exp, ptb: imp - exp, nas: a.additionsToStock - a.removalsFromStock };
}

/**
 * DE, IMP, EXP, DMI, DMC, PTB, DPO and stock changes of one year, in total and by top-level
 * category (MF1 … MF6, and `unallocated` for flows without one). Computed from the flows, never typed in.
 */
export function computeMaterialAccounts(
  nodes: readonly AccountNode[],
  flows: readonly AccountFlow[],
): { total: MaterialAccounts; byCategory: Map<string, MaterialAccounts> } {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const total = zero();
  const byCategory = new Map<string, MaterialAccounts>();
  for (const flow of flows) {
    const from = sideOf(byId.get(flow.fromNodeId));
    const to = sideOf(byId.get(flow.toNodeId));
    if (!from || !to) continue;
    const key = topCategoryOf(flow.category);
    let accounts = byCategory.get(key);
    if (!accounts) byCategory.set(key, (accounts = zero()));
    const account = accountOf(from, to);
    if (account === null) continue;
    total[account] += flow.tonnes;
    accounts[account] += flow.tonnes;
  }
  return { total: derive(total), byCategory: new Map([...byCategory].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, derive(v)])) };
}

export interface LoopRate {
  /** Share of local actors' outputs that become local actors' inputs; null when actors output nothing. */
  rate: number | null;
  /** Everything actors send somewhere other than stock. */
  actorOutputs: number;
  /** Of which to another actor of the territory. */
  actorToActor: number;
  /** Of which through operating synergies (flows linked to a match). */
  throughSynergies: number;
}

/**
 * The local loop rate ("des flux qui évoluent en boucles sur le territoire"): of all that the
 * territory's actors (its organisations) send out, the share that another of its actors takes in.
 * Processes are not actors: a chain through an aggregate process (households, landfill) is no loop.
 * Additions to stock are not outputs: nothing leaves, so nothing can loop.
 */
export function computeLoopRate(nodes: readonly AccountNode[], flows: readonly AccountFlow[]): LoopRate {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const tonnes = { synergy: 0, actor: 0, elsewhere: 0 };
  for (const flow of flows) {
    const part = loopPartOf(byId.get(flow.fromNodeId), byId.get(flow.toNodeId), flow);
    if (part) tonnes[part] += flow.tonnes;
  }
  return loopRateOf(tonnes);
}

/** Where an actor's output goes for the loop rate: through a synergy, to another actor, elsewhere; null when it is no actor's output. */
export function loopPartOf(from: AccountNode | undefined, to: AccountNode | undefined, flow: Pick<AccountFlow, 'synergyMatchId'>): 'synergy' | 'actor' | 'elsewhere' | null {
  if (from?.kind !== 'actor' || !to || to.boundary === 'stock') return null;
  if (to.kind !== 'actor') return 'elsewhere';
  return flow.synergyMatchId ? 'synergy' : 'actor';
}

/** The loop rate from the tonnes of each part. */
export function loopRateOf(tonnes: { synergy: number; actor: number; elsewhere: number }): LoopRate {
  const actorToActor = tonnes.synergy + tonnes.actor;
  const actorOutputs = actorToActor + tonnes.elsewhere;
  return { rate: actorOutputs > 0 ? actorToActor / actorOutputs : null, actorOutputs, actorToActor, throughSynergies: tonnes.synergy };
}

export interface NodeBalance {
  nodeId: string;
  name: string;
  inputs: number;
  outputs: number;
  /** To stock minus from stock. */
  stockChange: number;
  /** inputs − outputs − stock change: zero when the node's flows are consistent. */
  residual: number;
  /** The residual over the larger of inputs and outputs + stock change; null when nothing flows. */
  relativeResidual: number | null;
  /** Standard uncertainty of the residual from the flows' uncertainties (independent flows), if all are known. */
  residualUncertainty: number | null;
  unmeasuredFlows: number;
}

/** The mass balance of every balanced node (processes, and actors said to be balanced). */
export function computeBalances(nodes: readonly AccountNode[], flows: readonly AccountFlow[]): NodeBalance[] {
  const balances = new Map<string, NodeBalance & { variance: number }>();
  const byId = new Map(nodes.map((n) => [n.id, n]));
  for (const node of nodes) {
    if (node.kind === 'boundary' || !node.balanced) continue;
    balances.set(node.id, { nodeId: node.id, name: node.name ?? node.id, inputs: 0, outputs: 0, stockChange: 0, residual: 0, relativeResidual: null, residualUncertainty: null, unmeasuredFlows: 0, variance: 0 });
  }
  for (const flow of flows) {
    const touched = [
      [balances.get(flow.toNodeId), byId.get(flow.fromNodeId), 'in'],
      [balances.get(flow.fromNodeId), byId.get(flow.toNodeId), 'out'],
    ] as const;
    for (const [balance, other, direction] of touched) {
      if (!balance) continue;
      const stock = other?.boundary === 'stock';
      if (direction === 'in') {
        if (stock) balance.stockChange -= flow.tonnes;
        else balance.inputs += flow.tonnes;
      } else if (stock) balance.stockChange += flow.tonnes;
      else balance.outputs += flow.tonnes;
      if (flow.uncertainty === null || flow.uncertainty === undefined) balance.unmeasuredFlows += 1;
      else balance.variance += flow.uncertainty ** 2;
    }
  }
  return [...balances.values()].map(({ variance, ...b }) => {
    const residual = b.inputs - b.outputs - b.stockChange;
    const scale = Math.max(b.inputs, b.outputs + b.stockChange);
    return { ...b, residual, relativeResidual: scale > 0 ? residual / scale : null, residualUncertainty: b.unmeasuredFlows === 0 ? Math.sqrt(variance) : null };
  });
}
