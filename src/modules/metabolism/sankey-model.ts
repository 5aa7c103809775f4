import { BOUNDARY_NAMES, nafSectionLabel, type Boundary, type NodeKind } from './model.js';

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
  totalTonnes: number;
}

const CONFIDENTIAL_KEY = 'confidential';

export function categoryMatches(category: string | null, wanted: string): boolean {
  if (wanted === 'unallocated') return category === null;
  return category !== null && (category === wanted || category.startsWith(`${wanted}.`));
}

/**
 * The Sankey of one year: nodes and links aggregated to at most `maxNodes` nodes, cycles kept (a
 * synergy loop is the point of it). Flows a reader may not see in detail are drawn between a single
 * "confidential actors" node and their other end, so only aggregates show them.
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
  const links = new Map<string, SankeyLink & { variance: number; unmeasured: boolean }>();
  let totalTonnes = 0;
  for (const f of kept) {
    const from = byId.get(f.fromNodeId)!;
    const to = byId.get(f.toNodeId)!;
    const source = ensure(keyOf(from, f), from);
    const target = ensure(keyOf(to, f), to);
    source.outflow += f.tonnes;
    target.inflow += f.tonnes;
    totalTonnes += f.tonnes;
    const linkKey = `${source.id}→${target.id}`;
    let link = links.get(linkKey);
    if (!link) links.set(linkKey, (link = { source: source.id, target: target.id, tonnes: 0, uncertainty: null, flowCount: 0, synergyTonnes: 0, inCycle: false, variance: 0, unmeasured: false }));
    link.tonnes += f.tonnes;
    link.flowCount += 1;
    if (f.synergyMatchId) link.synergyTonnes += f.tonnes;
    if (f.uncertainty === null) link.unmeasured = true;
    else link.variance += f.uncertainty ** 2;
  }

  const component = stronglyConnectedComponents([...out.keys()], [...links.values()]);
  return {
    grouping,
    totalTonnes,
    nodes: [...out.values()].map(({ inflow, outflow, ...n }) => ({ ...n, memberCount: members.get(n.id)!.size, throughput: Math.max(inflow, outflow), label: labelOf(n, members.get(n.id)!.size) })),
    links: [...links.values()].map(({ variance, unmeasured, ...l }) => ({
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
