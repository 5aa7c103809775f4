/*
 * Sankey layout that accepts cycles.
 *
 * Territorial metabolism is about loops (plaster waste back to the plasterboard plant, steam back
 * and forth between neighbours), which d3-sankey and ECharts refuse. The packages that draw circular
 * links (d3-sankey-circular, d3-sankey-diagram) sit on d3 v1 and the deprecated d3-collection, ship
 * no types and draw into the DOM themselves, so the layout is ours, pure and tested:
 *
 * 1. a feedback arc set (Eades, Lin & Smyth's greedy heuristic, weighted by tonnes so that heavy
 *    flows stay forward) orders the nodes; the links against that order are the loops;
 * 2. longest-path layering of what remains gives the columns; sinks go to the last column; when that
 *    is deeper than the width allows, the lightest link on a longest path leaves the layering (links
 *    inside a cycle first), until it fits;
 * 3. barycentre sweeps order each column to reduce crossings, keeping the best order seen;
 * 4. node heights follow throughput, max(inputs, outputs); positions relax towards neighbours;
 * 5. forward links are cubic bands; a loop leaves its source to the right, runs in a lane under
 *    (or over) the diagram and comes back into its target from the left. Lanes nest: short loops
 *    inside, long ones outside, and loops that do not overlap share a depth.
 */

export interface SankeyNodeInput {
  id: string;
}

export interface SankeyLinkInput {
  id: string;
  source: string;
  target: string;
  /** Tonnes (or any additive quantity); links that are not positive are left out. */
  value: number;
}

export interface SankeyLayoutOptions {
  width: number;
  height: number;
  nodeWidth?: number;
  /** Vertical space between two nodes of a column. */
  nodePadding?: number;
  /** Space around the drawing. */
  margin?: number;
  minNodeHeight?: number;
  /** Below this, a band would vanish: it is drawn this wide, and its tooltip tells the true tonnage. */
  minLinkWidth?: number;
  /** Space between two loop bands that run side by side. */
  loopGap?: number;
  /** Distance between a node and the vertical part of its innermost loop. */
  loopRadius?: number;
  /** Barycentre sweeps (each one left to right, then right to left). */
  sweeps?: number;
  relaxations?: number;
  /** At most this many columns: lighter links on the longest chains are then drawn as loops. */
  maxColumns?: number;
  /** Loops all under the diagram, or each on the side nearer to its ends (the first guess balances the two sides). */
  loops?: 'bottom' | 'balanced';
}

export type LoopSide = 'top' | 'bottom';

export interface LaidOutNode<N extends SankeyNodeInput = SankeyNodeInput> {
  id: string;
  node: N;
  column: number;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  valueIn: number;
  valueOut: number;
  /** Throughput: the larger of inputs and outputs, which sets the height. */
  value: number;
}

export interface LaidOutLink<L extends SankeyLinkInput = SankeyLinkInput> {
  id: string;
  link: L;
  source: string;
  target: string;
  value: number;
  width: number;
  /** The link goes back to a column at or left of its source's: it closes a loop. */
  circular: boolean;
  loopSide: LoopSide | null;
  /** Centre of the band where it leaves the source and where it enters the target. */
  sourceY: number;
  targetY: number;
  sourceX: number;
  targetX: number;
  /** For a loop, the centre line of the lane it runs along. */
  laneY: number | null;
  /** The band's centre line, to be stroked `width` wide. */
  path: string;
}

export interface SankeyLayout<N extends SankeyNodeInput = SankeyNodeInput, L extends SankeyLinkInput = SankeyLinkInput> {
  nodes: LaidOutNode<N>[];
  links: LaidOutLink<L>[];
  width: number;
  /** The height actually drawn, which may differ from the one asked for once the loops are packed. */
  height: number;
  columns: number;
}

const defaults = {
  nodeWidth: 14,
  nodePadding: 14,
  margin: 8,
  minNodeHeight: 3,
  minLinkWidth: 1,
  loopGap: 5,
  loopRadius: 10,
  sweeps: 8,
  relaxations: 6,
  loops: 'balanced' as 'bottom' | 'balanced',
  maxColumns: Infinity,
};

interface Edge {
  index: number;
  s: number;
  t: number;
  value: number;
}

/**
 * A vertex sequence with few (weighted) edges pointing backwards: sinks go to the end, sources to
 * the front, and otherwise the vertex with the largest out-weight minus in-weight goes to the front.
 */
export function feedbackArcOrder(count: number, edges: readonly { s: number; t: number; value: number }[]): number[] {
  const outs: number[][] = Array.from({ length: count }, () => []);
  const ins: number[][] = Array.from({ length: count }, () => []);
  const outDegree = new Array<number>(count).fill(0);
  const inDegree = new Array<number>(count).fill(0);
  const outWeight = new Array<number>(count).fill(0);
  const inWeight = new Array<number>(count).fill(0);
  edges.forEach((edge, i) => {
    if (edge.s === edge.t) return;
    outs[edge.s]!.push(i);
    ins[edge.t]!.push(i);
    outDegree[edge.s]!++;
    inDegree[edge.t]!++;
    outWeight[edge.s]! += edge.value;
    inWeight[edge.t]! += edge.value;
  });
  const alive = new Array<boolean>(count).fill(true);
  let remaining = count;
  const front: number[] = [];
  const back: number[] = [];
  const remove = (v: number) => {
    alive[v] = false;
    remaining--;
    for (const i of outs[v]!) {
      const edge = edges[i]!;
      inDegree[edge.t]!--;
      inWeight[edge.t]! -= edge.value;
    }
    for (const i of ins[v]!) {
      const edge = edges[i]!;
      outDegree[edge.s]!--;
      outWeight[edge.s]! -= edge.value;
    }
  };
  while (remaining > 0) {
    let changed = true;
    while (changed) {
      changed = false;
      for (let v = 0; v < count; v++) {
        if (alive[v] && outDegree[v] === 0) {
          back.push(v);
          remove(v);
          changed = true;
        }
      }
      for (let v = 0; v < count; v++) {
        if (alive[v] && inDegree[v] === 0) {
          front.push(v);
          remove(v);
          changed = true;
        }
      }
    }
    if (remaining === 0) break;
    let best = -1;
    let bestDelta = -Infinity;
    for (let v = 0; v < count; v++) {
      if (!alive[v]) continue;
      const delta = outWeight[v]! - inWeight[v]!;
      if (delta > bestDelta) {
        best = v;
        bestDelta = delta;
      }
    }
    front.push(best);
    remove(best);
  }
  return [...front, ...back.reverse()];
}

/** Strongly connected component of each vertex (Tarjan, recursive: layouts stay under a few hundred nodes). */
function componentsOf(count: number, edges: readonly Edge[]): number[] {
  const successors: number[][] = Array.from({ length: count }, () => []);
  for (const edge of edges) successors[edge.s]!.push(edge.t);
  const index = new Array<number>(count).fill(-1);
  const low = new Array<number>(count).fill(0);
  const component = new Array<number>(count).fill(-1);
  const stack: number[] = [];
  const onStack = new Array<boolean>(count).fill(false);
  let counter = 0;
  let components = 0;
  const visit = (v: number) => {
    index[v] = low[v] = counter++;
    stack.push(v);
    onStack[v] = true;
    for (const w of successors[v]!) {
      if (index[w] === -1) {
        visit(w);
        low[v] = Math.min(low[v]!, low[w]!);
      } else if (onStack[w]) low[v] = Math.min(low[v]!, index[w]!);
    }
    if (low[v] === index[v]) {
      let w: number;
      do {
        w = stack.pop()!;
        onStack[w] = false;
        component[w] = components;
      } while (w !== v);
      components++;
    }
  };
  for (let v = 0; v < count; v++) if (index[v] === -1) visit(v);
  return component;
}

/**
 * Longest path from the sources over the forward edges; nodes that send nothing go to the last
 * column. Beyond `maxColumns`, the lightest edge on a longest path stops counting (an edge inside a
 * cycle first, since a loop is drawn as one anyway), and the layering starts again.
 */
function assignColumns(count: number, edges: readonly Edge[], rank: readonly number[], maxColumns: number): number[] {
  const byRank = [...Array(count).keys()].sort((a, b) => rank[a]! - rank[b]!);
  const counted = edges.map((edge) => rank[edge.s]! < rank[edge.t]!);
  const hasOut = new Array<boolean>(count).fill(false);
  const hasIn = new Array<boolean>(count).fill(false);
  for (const edge of edges) {
    hasOut[edge.s] = true;
    hasIn[edge.t] = true;
  }
  const outOf: number[][] = Array.from({ length: count }, () => []);
  edges.forEach((edge, i) => outOf[edge.s]!.push(i));
  const limit = Math.max(2, maxColumns);
  let component: number[] | null = null;
  for (;;) {
    const column = new Array<number>(count).fill(0);
    for (const v of byRank) {
      for (const i of outOf[v]!) if (counted[i]) column[edges[i]!.t] = Math.max(column[edges[i]!.t]!, column[v]! + 1);
    }
    const depth = Math.max(0, ...column);
    if (depth + 1 <= limit) {
      for (let v = 0; v < count; v++) if (hasIn[v] && !hasOut[v]) column[v] = depth;
      return column;
    }
    // How far each vertex is from the end of the longest chain through it.
    const height = new Array<number>(count).fill(0);
    for (let k = byRank.length - 1; k >= 0; k--) {
      const v = byRank[k]!;
      for (const i of outOf[v]!) if (counted[i]) height[v] = Math.max(height[v]!, height[edges[i]!.t]! + 1);
    }
    component ??= componentsOf(count, edges);
    let chosen = -1;
    for (let i = 0; i < edges.length; i++) {
      const edge = edges[i]!;
      if (!counted[i] || column[edge.s]! + 1 + height[edge.t]! !== depth) continue;
      if (chosen === -1) {
        chosen = i;
        continue;
      }
      const best = edges[chosen]!;
      const inCycle = component[edge.s] === component[edge.t];
      const bestInCycle = component[best.s] === component[best.t];
      if (inCycle !== bestInCycle ? inCycle : edge.value < best.value) chosen = i;
    }
    counted[chosen] = false;
  }
}

interface WorkingNode {
  column: number;
  valueIn: number;
  valueOut: number;
  height: number;
  y0: number;
  x0: number;
}

interface WorkingLink {
  edge: Edge;
  circular: boolean;
  side: LoopSide | null;
  width: number;
  sourceY: number;
  targetY: number;
  sourceOffset: number;
  targetOffset: number;
  laneTop: number;
}

const centre = (node: WorkingNode) => node.y0 + node.height / 2;

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function forwardPath(x0: number, y0: number, x1: number, y1: number): string {
  const xm = (x0 + x1) / 2;
  return `M${round(x0)},${round(y0)}C${round(xm)},${round(y0)} ${round(xm)},${round(y1)} ${round(x1)},${round(y1)}`;
}

/** Right from the source, along the lane, and into the target from the left, with rounded corners. */
function loopPath(sx: number, sy: number, rightX: number, laneY: number, leftX: number, tx: number, ty: number, side: LoopSide): string {
  const sweep = side === 'bottom' ? 1 : 0;
  const sign = side === 'bottom' ? 1 : -1;
  const rs = Math.max(0, Math.min(rightX - sx, Math.abs(laneY - sy) / 2));
  const rt = Math.max(0, Math.min(tx - leftX, Math.abs(laneY - ty) / 2));
  const r = round;
  return [
    `M${r(sx)},${r(sy)}`,
    `H${r(rightX - rs)}`,
    `A${r(rs)},${r(rs)} 0 0 ${sweep} ${r(rightX)},${r(sy + sign * rs)}`,
    `V${r(laneY - sign * rs)}`,
    `A${r(rs)},${r(rs)} 0 0 ${sweep} ${r(rightX - rs)},${r(laneY)}`,
    `H${r(leftX + rt)}`,
    `A${r(rt)},${r(rt)} 0 0 ${sweep} ${r(leftX)},${r(laneY - sign * rt)}`,
    `V${r(ty + sign * rt)}`,
    `A${r(rt)},${r(rt)} 0 0 ${sweep} ${r(leftX + rt)},${r(ty)}`,
    `H${r(tx)}`,
  ].join('');
}

/**
 * Crossings between forward links, each taken as the straight line between the centres of its
 * ends (a cubic band with horizontal tangents crosses another one exactly when those lines do,
 * for links between the same two columns).
 */
type Segment = { circular: boolean; sourceX: number; targetX: number; sourceY: number; targetY: number };

function heightAt(link: Segment, x: number): number {
  return link.sourceY + ((link.targetY - link.sourceY) * (x - link.sourceX)) / (link.targetX - link.sourceX);
}

export function countCrossings(links: readonly Segment[]): number {
  // Sorted by where they start, a link only meets those that start before it ends.
  const forward = links.filter((link) => !link.circular).sort((a, b) => a.sourceX - b.sourceX);
  let crossings = 0;
  for (let i = 0; i < forward.length; i++) {
    const a = forward[i]!;
    for (let j = i + 1; j < forward.length; j++) {
      const b = forward[j]!;
      if (b.sourceX >= a.targetX) break;
      const from = b.sourceX;
      const to = Math.min(a.targetX, b.targetX);
      if (to <= from) continue;
      const before = heightAt(a, from) - heightAt(b, from);
      const after = heightAt(a, to) - heightAt(b, to);
      if (before * after < -1e-9) crossings++;
    }
  }
  return crossings;
}

export function layoutSankey<N extends SankeyNodeInput, L extends SankeyLinkInput>(
  inputNodes: readonly N[],
  inputLinks: readonly L[],
  options: SankeyLayoutOptions,
): SankeyLayout<N, L> {
  const o = { ...defaults, ...options };
  const indexOf = new Map<string, number>();
  const nodesIn: N[] = [];
  for (const node of inputNodes) {
    if (indexOf.has(node.id)) continue;
    indexOf.set(node.id, nodesIn.length);
    nodesIn.push(node);
  }
  const count = nodesIn.length;
  const linksIn: L[] = [];
  const edges: Edge[] = [];
  for (const link of inputLinks) {
    const s = indexOf.get(link.source);
    const t = indexOf.get(link.target);
    if (s === undefined || t === undefined || !Number.isFinite(link.value) || link.value <= 0) continue;
    edges.push({ index: linksIn.length, s, t, value: link.value });
    linksIn.push(link);
  }

  const order = feedbackArcOrder(count, edges);
  const rank = new Array<number>(count);
  order.forEach((v, position) => (rank[v] = position));
  const columnOf = assignColumns(count, edges, rank, o.maxColumns);
  const columnCount = count === 0 ? 0 : Math.max(...columnOf) + 1;

  const nodes: WorkingNode[] = columnOf.map((column) => ({ column, valueIn: 0, valueOut: 0, height: 0, y0: 0, x0: 0 }));
  const links: WorkingLink[] = edges.map((edge) => ({
    edge,
    circular: columnOf[edge.t]! <= columnOf[edge.s]!,
    side: null,
    width: 0,
    sourceY: 0,
    targetY: 0,
    sourceOffset: 0,
    targetOffset: 0,
    laneTop: 0,
  }));
  for (const edge of edges) {
    nodes[edge.s]!.valueOut += edge.value;
    nodes[edge.t]!.valueIn += edge.value;
  }

  // Loops go under or over the diagram, the heaviest first, to whichever side carries less so far.
  const loopTotals = { top: 0, bottom: 0 };
  const loopCounts = { top: 0, bottom: 0 };
  for (const link of [...links].filter((l) => l.circular).sort((a, b) => b.edge.value - a.edge.value || a.edge.index - b.edge.index)) {
    link.side = o.loops === 'bottom' || loopTotals.bottom <= loopTotals.top ? 'bottom' : 'top';
    loopTotals[link.side] += link.edge.value;
    loopCounts[link.side]++;
  }

  // One scale for every column: the fullest column, with the loops' lanes, fills the height.
  const columns: number[][] = Array.from({ length: columnCount }, () => []);
  nodesIn.forEach((_, v) => columns[columnOf[v]!]!.push(v));
  const laneSpace = (side: LoopSide) => (loopCounts[side] > 0 ? (loopCounts[side] + 1) * o.loopGap : 0);
  const innerHeight = o.height - 2 * o.margin - laneSpace('top') - laneSpace('bottom');
  let ky = Infinity;
  for (const column of columns) {
    const total = column.reduce((sum, v) => sum + Math.max(nodes[v]!.valueIn, nodes[v]!.valueOut), 0);
    const free = innerHeight - Math.max(0, column.length - 1) * o.nodePadding;
    const scale = Math.max(free, innerHeight * 0.25) / (total + loopTotals.top + loopTotals.bottom);
    if (Number.isFinite(scale)) ky = Math.min(ky, scale);
  }
  if (!Number.isFinite(ky) || ky <= 0) ky = 1;
  for (const link of links) link.width = Math.max(o.minLinkWidth, link.edge.value * ky);
  const outgoing: WorkingLink[][] = Array.from({ length: count }, () => []);
  const incoming: WorkingLink[][] = Array.from({ length: count }, () => []);
  for (const link of links) {
    outgoing[link.edge.s]!.push(link);
    incoming[link.edge.t]!.push(link);
  }
  const sumWidths = (list: WorkingLink[]) => list.reduce((sum, link) => sum + link.width, 0);
  nodes.forEach((node, v) => {
    node.height = Math.max(o.minNodeHeight, sumWidths(outgoing[v]!), sumWidths(incoming[v]!));
  });

  const reserve = (side: LoopSide) =>
    laneSpace(side) + links.filter((l) => l.side === side).reduce((sum, l) => sum + l.width, 0);
  const mainTop = o.margin + reserve('top');
  const mainBottom = Math.max(mainTop + 1, o.height - o.margin - reserve('bottom'));

  // Columns spread across the width, leaving room beside the first and last for their loops.
  const loopExtent = (list: WorkingLink[]) =>
    list.filter((l) => l.circular).reduce((sum, l) => sum + l.width + o.loopGap, 0) + (list.some((l) => l.circular) ? o.loopRadius : 0);
  const first = columns[0] ?? [];
  const last = columns[columnCount - 1] ?? [];
  const leftRoom = o.margin + Math.max(0, ...first.map((v) => loopExtent(incoming[v]!)));
  const rightRoom = o.margin + Math.max(0, ...last.map((v) => loopExtent(outgoing[v]!)));
  const span = Math.max(0, o.width - leftRoom - rightRoom - o.nodeWidth);
  for (const node of nodes) {
    node.x0 = columnCount > 1 ? leftRoom + (node.column * span) / (columnCount - 1) : leftRoom + span / 2;
  }

  // A loop pulls its ends towards the side it runs along, so that it crosses less on its way.
  const pullY = (side: LoopSide | null) => (side === 'top' ? mainTop - o.loopGap : mainBottom + o.loopGap);

  const pack = (column: number[]) => {
    const total = column.reduce((sum, v) => sum + nodes[v]!.height, 0) + Math.max(0, column.length - 1) * o.nodePadding;
    let y = mainTop + Math.max(0, (mainBottom - mainTop - total) / 2);
    for (const v of column) {
      nodes[v]!.y0 = y;
      y += nodes[v]!.height + o.nodePadding;
    }
  };
  columns.forEach(pack);

  const barycentre = (v: number, towards: 'left' | 'right'): number => {
    let weight = 0;
    let sum = 0;
    for (const link of towards === 'left' ? incoming[v]! : outgoing[v]!) {
      if (link.circular) continue;
      sum += centre(nodes[towards === 'left' ? link.edge.s : link.edge.t]!) * link.edge.value;
      weight += link.edge.value;
    }
    for (const list of [incoming[v]!, outgoing[v]!]) {
      for (const link of list) {
        if (!link.circular) continue;
        sum += pullY(link.side) * link.edge.value;
        weight += link.edge.value;
      }
    }
    return weight > 0 ? sum / weight : centre(nodes[v]!);
  };
  const reorder = (c: number, towards: 'left' | 'right') => {
    const column = columns[c]!;
    const keys = new Map(column.map((v) => [v, barycentre(v, towards)]));
    column.sort((a, b) => keys.get(a)! - keys.get(b)!);
    pack(column);
  };
  const crossingsNow = () =>
    countCrossings(
      links.map((link) => ({
        circular: link.circular,
        sourceX: nodes[link.edge.s]!.x0,
        targetX: nodes[link.edge.t]!.x0,
        sourceY: centre(nodes[link.edge.s]!),
        targetY: centre(nodes[link.edge.t]!),
      })),
    );
  const sweepColumns = () => {
    let best = columns.map((column) => [...column]);
    let fewest = crossingsNow();
    // Sweeps settle fast; two without progress mean they oscillate between the same orders.
    for (let sweep = 0, stale = 0; sweep < o.sweeps && fewest > 0 && stale < 2; sweep++) {
      for (let c = 1; c < columnCount; c++) reorder(c, 'left');
      for (let c = columnCount - 2; c >= 0; c--) reorder(c, 'right');
      const crossings = crossingsNow();
      if (crossings < fewest) {
        fewest = crossings;
        best = columns.map((column) => [...column]);
        stale = 0;
      } else stale++;
    }
    best.forEach((column, c) => {
      columns[c] = column;
      pack(column);
    });
  };
  sweepColumns();
  // Now that the columns are ordered, each loop runs on the side nearer to its two ends, and the
  // columns are ordered once more with that pull.
  if (o.loops === 'balanced') {
    let moved = false;
    for (const link of links) {
      if (!link.circular) continue;
      const middle = (centre(nodes[link.edge.s]!) + centre(nodes[link.edge.t]!)) / 2;
      const side: LoopSide = middle - mainTop < mainBottom - middle ? 'top' : 'bottom';
      if (side !== link.side) {
        link.side = side;
        moved = true;
      }
    }
    if (moved) sweepColumns();
  }

  // Relaxation: each node moves towards its neighbours, then the column is put back in order.
  const resolve = (column: number[]) => {
    let y = mainTop;
    for (const v of column) {
      const node = nodes[v]!;
      node.y0 = Math.max(node.y0, y);
      y = node.y0 + node.height + o.nodePadding;
    }
    let bottom = mainBottom;
    for (let i = column.length - 1; i >= 0; i--) {
      const node = nodes[column[i]!]!;
      node.y0 = Math.min(node.y0, bottom - node.height);
      bottom = node.y0 - o.nodePadding;
    }
    y = mainTop;
    for (const v of column) {
      const node = nodes[v]!;
      node.y0 = Math.max(node.y0, y);
      y = node.y0 + node.height + o.nodePadding;
    }
  };
  const relax = (c: number, towards: 'left' | 'right', alpha: number) => {
    for (const v of columns[c]!) {
      let weight = 0;
      let sum = 0;
      for (const link of towards === 'left' ? incoming[v]! : outgoing[v]!) {
        if (link.circular) continue;
        sum += centre(nodes[towards === 'left' ? link.edge.s : link.edge.t]!) * link.edge.value;
        weight += link.edge.value;
      }
      if (weight > 0) nodes[v]!.y0 += (sum / weight - centre(nodes[v]!)) * alpha;
    }
    resolve(columns[c]!);
  };
  for (let i = 0; i < o.relaxations; i++) {
    const alpha = 0.5 * Math.pow(0.9, i);
    for (let c = columnCount - 2; c >= 0; c--) relax(c, 'right', alpha);
    for (let c = 1; c < columnCount; c++) relax(c, 'left', alpha);
  }

  // Loops from inner to outer: short ones inside, then the ones whose ends lie nearer their side.
  const loopOrder = (side: LoopSide) =>
    links
      .filter((link) => link.side === side)
      .sort((a, b) => {
        const spanA = columnOf[a.edge.s]! - columnOf[a.edge.t]!;
        const spanB = columnOf[b.edge.s]! - columnOf[b.edge.t]!;
        if (spanA !== spanB) return spanA - spanB;
        const depthA = centre(nodes[a.edge.s]!) + centre(nodes[a.edge.t]!);
        const depthB = centre(nodes[b.edge.s]!) + centre(nodes[b.edge.t]!);
        if (depthA !== depthB) return side === 'bottom' ? depthB - depthA : depthA - depthB;
        return a.edge.index - b.edge.index;
      });
  const loops = { top: loopOrder('top'), bottom: loopOrder('bottom') };
  const innerRank = new Map<WorkingLink, number>();
  for (const side of ['top', 'bottom'] as const) loops[side].forEach((link, i) => innerRank.set(link, i));

  // Bands stack at each node: top loops (innermost highest), forward links by the other end's
  // height, then bottom loops from the node's foot upwards (innermost lowest).
  const stack = (v: number, list: WorkingLink[], otherEnd: (link: WorkingLink) => number, set: (link: WorkingLink, y: number) => void) => {
    const node = nodes[v]!;
    let y = node.y0;
    for (const link of list.filter((l) => l.side === 'top').sort((a, b) => innerRank.get(a)! - innerRank.get(b)!)) {
      set(link, y + link.width / 2);
      y += link.width;
    }
    const forward = list
      .filter((l) => !l.circular)
      .sort((a, b) => centre(nodes[otherEnd(a)]!) - centre(nodes[otherEnd(b)]!) || a.edge.index - b.edge.index);
    for (const link of forward) {
      set(link, y + link.width / 2);
      y += link.width;
    }
    let foot = node.y0 + node.height;
    for (const link of list.filter((l) => l.side === 'bottom').sort((a, b) => innerRank.get(a)! - innerRank.get(b)!)) {
      set(link, foot - link.width / 2);
      foot -= link.width;
    }
  };
  nodes.forEach((_, v) => {
    stack(v, outgoing[v]!, (l) => l.edge.t, (l, y) => (l.sourceY = y));
    stack(v, incoming[v]!, (l) => l.edge.s, (l, y) => (l.targetY = y));
  });

  // Vertical parts of the loops share the gap beside a column: inner ones nearest to it.
  for (const side of ['top', 'bottom'] as const) {
    const rightUsed = new Array<number>(columnCount).fill(0);
    const leftUsed = new Array<number>(columnCount).fill(0);
    for (const link of loops[side]) {
      const sc = columnOf[link.edge.s]!;
      const tc = columnOf[link.edge.t]!;
      link.sourceOffset = o.loopRadius + rightUsed[sc]! + link.width / 2;
      rightUsed[sc]! += link.width + o.loopGap;
      link.targetOffset = o.loopRadius + leftUsed[tc]! + link.width / 2;
      leftUsed[tc]! += link.width + o.loopGap;
    }
  }

  // Lanes: each loop runs just past the nodes of the columns it spans and past the inner loops
  // it overlaps; loops that do not overlap share a depth.
  const placed: { from: number; to: number; link: WorkingLink }[] = [];
  for (const side of ['top', 'bottom'] as const) {
    placed.length = 0;
    for (const link of loops[side]) {
      const sc = columnOf[link.edge.s]!;
      const tc = columnOf[link.edge.t]!;
      const from = nodes[link.edge.t]!.x0 - link.targetOffset - link.width / 2;
      const to = nodes[link.edge.s]!.x0 + o.nodeWidth + link.sourceOffset + link.width / 2;
      let edgeOfNodes = side === 'bottom' ? -Infinity : Infinity;
      for (let c = tc; c <= sc; c++) {
        for (const v of columns[c]!) {
          const node = nodes[v]!;
          edgeOfNodes = side === 'bottom' ? Math.max(edgeOfNodes, node.y0 + node.height) : Math.min(edgeOfNodes, node.y0);
        }
      }
      if (side === 'bottom') {
        let top = edgeOfNodes + o.loopGap;
        for (const other of placed) {
          if (other.from < to && from < other.to) top = Math.max(top, other.link.laneTop + other.link.width + o.loopGap);
        }
        link.laneTop = top;
      } else {
        let bottom = edgeOfNodes - o.loopGap;
        for (const other of placed) {
          if (other.from < to && from < other.to) bottom = Math.min(bottom, other.link.laneTop - o.loopGap);
        }
        link.laneTop = bottom - link.width;
      }
      placed.push({ from, to, link });
    }
  }

  // Fit the drawing: shift everything so that the highest lane or node starts at the margin.
  let minY = Infinity;
  let maxY = -Infinity;
  for (const node of nodes) {
    minY = Math.min(minY, node.y0);
    maxY = Math.max(maxY, node.y0 + node.height);
  }
  for (const link of links) {
    if (!link.circular) continue;
    minY = Math.min(minY, link.laneTop);
    maxY = Math.max(maxY, link.laneTop + link.width);
  }
  if (!Number.isFinite(minY)) {
    minY = o.margin;
    maxY = o.margin;
  }
  const shift = o.margin - minY;
  const height = maxY - minY + 2 * o.margin;

  const laidNodes: LaidOutNode<N>[] = nodesIn.map((node, v) => {
    const working = nodes[v]!;
    return {
      id: node.id,
      node,
      column: working.column,
      x0: round(working.x0),
      x1: round(working.x0 + o.nodeWidth),
      y0: round(working.y0 + shift),
      y1: round(working.y0 + working.height + shift),
      valueIn: working.valueIn,
      valueOut: working.valueOut,
      value: Math.max(working.valueIn, working.valueOut),
    };
  });
  const laidLinks: LaidOutLink<L>[] = links.map((link) => {
    const source = nodes[link.edge.s]!;
    const target = nodes[link.edge.t]!;
    const sx = source.x0 + o.nodeWidth;
    const tx = target.x0;
    const sy = link.sourceY + shift;
    const ty = link.targetY + shift;
    const laneY = link.circular ? link.laneTop + link.width / 2 + shift : null;
    const path =
      link.circular && laneY !== null
        ? loopPath(sx, sy, sx + link.sourceOffset, laneY, tx - link.targetOffset, tx, ty, link.side!)
        : forwardPath(sx, sy, tx, ty);
    const input = linksIn[link.edge.index]!;
    return {
      id: input.id,
      link: input,
      source: input.source,
      target: input.target,
      value: input.value,
      width: round(link.width),
      circular: link.circular,
      loopSide: link.side,
      sourceX: round(sx),
      targetX: round(tx),
      sourceY: round(sy),
      targetY: round(ty),
      laneY: laneY === null ? null : round(laneY),
      path,
    };
  });
  return { nodes: laidNodes, links: laidLinks, width: o.width, height: round(Math.max(height, 2 * o.margin)), columns: columnCount };
}
