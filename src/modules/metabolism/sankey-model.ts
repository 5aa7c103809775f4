import { BOUNDARY_NAMES, nafSectionLabel, topCategoryOf, type Boundary, type NodeKind } from './model.js';
import { addToSecretPart, disclose, emptySecretPart, type SecretPart } from './secrecy-model.js';

export interface SankeyInputNode {
  id: string;
  kind: NodeKind;
  boundary: Boundary | null;
  organisationId: string | null;
  name: string;
  nafSection: string | null;
}

export interface SankeyInputFlow {
  fromNodeId: string;
  toNodeId: string;
  tonnes: number;
  uncertainty: number | null;
  category: string | null;
  synergyMatchId: string | null;
  /** Whether this reader may see the flow with its actors; otherwise it joins the confidential aggregate. */
  detailVisible: boolean;
  /** Who a flow the reader may not see comes from (see `contributorsOf`), for statistical secrecy. */
  contributors: readonly string[];
}

export type SankeyNodeKind = 'actor' | 'process' | 'boundary' | 'actor_group' | 'process_group' | 'confidential';

export interface SankeyNode {
  id: string;
  label: string;
  kind: SankeyNodeKind;
  boundary: Boundary | null;
  nafSection: string | null;
  /** The metabolism node, for actors and processes shown one by one (drill down with `actor=`). */
  nodeId: string | null;
  organisationId: string | null;
  /** How many metabolism nodes this one stands for. */
  memberCount: number;
  /** The larger of what comes in and what goes out, in tonnes. */
  throughput: number;
}

export interface SankeyLink {
  source: string;
  target: string;
  /** The top-level material category of its flows (MF1 … MF6, or `unallocated`): one link per category. */
  category: string;
  tonnes: number;
  /** Combined standard uncertainty of the flows aggregated, when all of them have one. */
  uncertainty: number | null;
  flowCount: number;
  /** Of the tonnes, those carried by operating synergies. */
  synergyTonnes: number;
  /** Source and target lie on a common cycle (or are the same node): draw it as a loop, never drop it. */
  inCycle: boolean;
}

export interface SankeyOptions {
  /** At most this many nodes; actors, then processes, are grouped by NAF section beyond it. */
  maxNodes: number;
  /** Keep only flows of this EW-MFA category or its sub-categories (`unallocated` for none). */
  category?: string;
  /** Keep only the flows of this node (drill down to one actor). */
  focusNodeId?: string;
  /** Show the actors of this NAF section one by one even when grouping. */
  expandSection?: string;
}

export interface SankeyData {
  nodes: SankeyNode[];
  links: SankeyLink[];
  grouping: 'none' | 'actors_by_section' | 'actors_and_processes_by_section';
  /** The tonnes drawn. */
  totalTonnes: number;
  /** Confidential flows too thin to draw on their own link (statistical secrecy), counted together. */
  secret: { tonnes: number; flowCount: number } | null;
  /** Confidential flows resting on fewer than three organisations, drawn and counted nowhere. */
  confidentialWithheld: boolean;
}

const CONFIDENTIAL_KEY = 'confidential';

export function categoryMatches(category: string | null, wanted: string): boolean {
  if (wanted === 'unallocated') return category === null;
  return category !== null && (category === wanted || category.startsWith(`${wanted}.`));
}

/**
 * The Sankey of one year: nodes and links aggregated to at most `maxNodes` nodes, cycles kept (a
 * synergy loop is the point of it). Flows a reader may not see in detail are drawn between a single
 * "confidential actors" node and their other end, so only aggregates show them; and a link carries
 * them only when at least three organisations contribute to them (statistical secrecy): the others
 * are counted in `secret`, or nowhere when they rest on fewer than three organisations altogether.
 */
export function buildSankey(nodes: readonly SankeyInputNode[], flows: readonly SankeyInputFlow[], options: SankeyOptions): SankeyData {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const kept = flows.filter(
    (f) =>
      byId.has(f.fromNodeId) &&
      byId.has(f.toNodeId) &&
      (options.category === undefined || categoryMatches(f.category, options.category)) &&
      (options.focusNodeId === undefined || f.fromNodeId === options.focusNodeId || f.toNodeId === options.focusNodeId),
  );

  const hidden = (node: SankeyInputNode, flow: SankeyInputFlow) => !flow.detailVisible && node.kind === 'actor';
  const used = { actors: new Set<string>(), processes: new Set<string>(), other: new Set<string>() };
  for (const f of kept) {
    for (const node of [byId.get(f.fromNodeId)!, byId.get(f.toNodeId)!]) {
      if (hidden(node, f)) used.other.add(CONFIDENTIAL_KEY);
      else if (node.kind === 'actor') used.actors.add(node.id);
      else if (node.kind === 'process') used.processes.add(node.id);
      else used.other.add(`boundary:${node.boundary}`);
    }
  }
  const sectionsOf = (ids: Set<string>) => new Set([...ids].map((id) => byId.get(id)!.nafSection ?? '-'));
  const fits = (actors: number, processes: number) => actors + processes + used.other.size <= options.maxNodes;
  const expanded = (ids: Set<string>) => [...ids].filter((id) => byId.get(id)!.nafSection === options.expandSection || id === options.focusNodeId).length;
  let grouping: SankeyData['grouping'] = 'none';
  if (!fits(used.actors.size, used.processes.size)) {
    grouping = fits(sectionsOf(used.actors).size + expanded(used.actors), used.processes.size) ? 'actors_by_section' : 'actors_and_processes_by_section';
  }

  const keyOf = (node: SankeyInputNode, flow: SankeyInputFlow): string => {
    if (node.kind === 'boundary') return `boundary:${node.boundary}`;
    if (hidden(node, flow)) return CONFIDENTIAL_KEY;
    const individual = grouping === 'none' || node.id === options.focusNodeId || (node.nafSection ?? '-') === options.expandSection;
    if (node.kind === 'actor') return individual ? `node:${node.id}` : `actors:${node.nafSection ?? '-'}`;
    return individual || grouping === 'actors_by_section' ? `node:${node.id}` : `processes:${node.nafSection ?? '-'}`;
  };

  const out = new Map<string, SankeyNode & { inflow: number; outflow: number }>();
  const members = new Map<string, Set<string>>();
  const ensure = (key: string, node: SankeyInputNode) => {
    let n = out.get(key);
    if (!n) {
      n = describe(key, node);
      out.set(key, n);
      members.set(key, new Set());
    }
    members.get(key)!.add(node.id);
    return n;
  };
  // Each link sums the flows the reader may see and, apart, those it may not (its confidential part).
  type Sums = { tonnes: number; flowCount: number; synergyTonnes: number; variance: number; unmeasured: boolean };
  const noSums = (): Sums => ({ tonnes: 0, flowCount: 0, synergyTonnes: 0, variance: 0, unmeasured: false });
  const links = new Map<string, { source: string; target: string; category: string; open: Sums; secret: Sums }>();
  const secretParts = new Map<string, SecretPart>();
  for (const f of kept) {
    const from = byId.get(f.fromNodeId)!;
    const to = byId.get(f.toNodeId)!;
    const source = ensure(keyOf(from, f), from);
    const target = ensure(keyOf(to, f), to);
    const category = topCategoryOf(f.category);
    const linkKey = `${source.id}→${target.id}→${category}`;
    let link = links.get(linkKey);
    if (!link) links.set(linkKey, (link = { source: source.id, target: target.id, category, open: noSums(), secret: noSums() }));
    const sums = f.detailVisible ? link.open : link.secret;
    sums.tonnes += f.tonnes;
    sums.flowCount += 1;
    if (f.synergyMatchId) sums.synergyTonnes += f.tonnes;
    if (f.uncertainty === null) sums.unmeasured = true;
    else sums.variance += f.uncertainty ** 2;
    if (!f.detailVisible) {
      if (!secretParts.has(linkKey)) secretParts.set(linkKey, emptySecretPart());
      addToSecretPart(secretParts.get(linkKey)!, f.tonnes, f.contributors);
    }
  }

  const { shown, secret, withheld } = disclose(secretParts);
  const drawn: (SankeyLink & { variance: number; unmeasured: boolean })[] = [];
  for (const [key, { source, target, category, open, secret: hidden }] of links) {
    const parts = shown.has(key) ? [open, hidden] : [open];
    const sum = (pick: (s: Sums) => number) => parts.reduce((total, s) => total + pick(s), 0);
    const flowCount = sum((s) => s.flowCount);
    if (flowCount === 0) continue;
    drawn.push({ source, target, category, tonnes: sum((s) => s.tonnes), uncertainty: null, flowCount, synergyTonnes: sum((s) => s.synergyTonnes), inCycle: false, variance: sum((s) => s.variance), unmeasured: parts.some((s) => s.unmeasured) });
  }
  let totalTonnes = 0;
  for (const l of drawn) {
    out.get(l.source)!.outflow += l.tonnes;
    out.get(l.target)!.inflow += l.tonnes;
    totalTonnes += l.tonnes;
  }
  const linked = new Set(drawn.flatMap((l) => [l.source, l.target]));

  const component = stronglyConnectedComponents([...linked], drawn);
  return {
    grouping,
    totalTonnes,
    secret: secret ? { tonnes: secret.tonnes, flowCount: secret.flows } : null,
    confidentialWithheld: withheld,
    nodes: [...out.values()].filter((n) => linked.has(n.id)).map(({ inflow, outflow, ...n }) => ({ ...n, memberCount: members.get(n.id)!.size, throughput: Math.max(inflow, outflow), label: labelOf(n, members.get(n.id)!.size) })),
    links: drawn.map(({ variance, unmeasured, ...l }) => ({
      ...l,
      uncertainty: unmeasured ? null : Math.sqrt(variance),
      inCycle: component.get(l.source) === component.get(l.target),
    })),
  };
}

function describe(key: string, node: SankeyInputNode): SankeyNode & { inflow: number; outflow: number } {
  const base = { id: key, boundary: null, nafSection: null, nodeId: null, organisationId: null, memberCount: 0, throughput: 0, inflow: 0, outflow: 0 };
  if (key === CONFIDENTIAL_KEY) return { ...base, label: 'Acteurs (flux confidentiels)', kind: 'confidential' };
  if (key.startsWith('boundary:')) return { ...base, label: BOUNDARY_NAMES[node.boundary!], kind: 'boundary', boundary: node.boundary };
  if (key.startsWith('actors:')) return { ...base, label: '', kind: 'actor_group', nafSection: node.nafSection };
  if (key.startsWith('processes:')) return { ...base, label: '', kind: 'process_group', nafSection: node.nafSection };
  return { ...base, label: node.name, kind: node.kind === 'actor' ? 'actor' : 'process', nafSection: node.nafSection, nodeId: node.id, organisationId: node.organisationId };
}

function labelOf(node: SankeyNode, count: number): string {
  const section = node.nafSection ? nafSectionLabel(node.nafSection) : 'Sans activité NAF';
  if (node.kind === 'actor_group') return `${section} — ${count} acteur${count > 1 ? 's' : ''}`;
  if (node.kind === 'process_group') return `${section} — ${count} procédé${count > 1 ? 's' : ''}`;
  return node.label;
}

/** Tarjan's strongly connected components (iterative): node id → component number. */
export function stronglyConnectedComponents(ids: readonly string[], links: readonly { source: string; target: string }[]): Map<string, number> {
  const successors = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const l of links) successors.get(l.source)?.push(l.target);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const component = new Map<string, number>();
  let counter = 0;
  let components = 0;
  for (const start of ids) {
    if (index.has(start)) continue;
    const work: { v: string; next: number }[] = [{ v: start, next: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const next = successors.get(frame.v)!;
      if (frame.next < next.length) {
        const w = next[frame.next++]!;
        if (!index.has(w)) {
          index.set(w, counter);
          low.set(w, counter++);
          stack.push(w);
          onStack.add(w);
          work.push({ v: w, next: 0 });
        } else if (onStack.has(w)) low.set(frame.v, Math.min(low.get(frame.v)!, index.get(w)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.v, Math.min(low.get(parent.v)!, low.get(frame.v)!));
      if (low.get(frame.v) === index.get(frame.v)) {
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          component.set(w, components);
        } while (w !== frame.v);
        components += 1;
      }
    }
  }
  return component;
}
