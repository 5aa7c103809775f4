import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { countCrossings, feedbackArcOrder, layoutSankey, type LaidOutLink, type SankeyLayout, type SankeyLayoutOptions } from './layout';

const size = { width: 900, height: 500 };

function graph(nodes: string[], links: [string, string, number][]) {
  return {
    nodes: nodes.map((id) => ({ id })),
    links: links.map(([source, target, value], i) => ({ id: `l${i}`, source, target, value })),
  };
}

function layout(nodes: string[], links: [string, string, number][], options: SankeyLayoutOptions = size) {
  const g = graph(nodes, links);
  return layoutSankey(g.nodes, g.links, options);
}

function node(result: SankeyLayout, id: string) {
  const found = result.nodes.find((n) => n.id === id);
  if (!found) throw new Error(`no node ${id}`);
  return found;
}

function link(result: SankeyLayout, source: string, target: string): LaidOutLink {
  const found = result.links.find((l) => l.source === source && l.target === target);
  if (!found) throw new Error(`no link ${source} → ${target}`);
  return found;
}

/** The first and last points of an SVG path made of absolute commands. */
function ends(path: string): { start: [number, number]; end: [number, number] } {
  const numbers = [...path.matchAll(/-?\d+(?:\.\d+)?/g)].map((m) => Number(m[0]));
  const start: [number, number] = [numbers[0]!, numbers[1]!];
  const last = path.match(/[A-Z][^A-Z]*$/)![0];
  const tail = [...last.matchAll(/-?\d+(?:\.\d+)?/g)].map((m) => Number(m[0]));
  if (last.startsWith('H')) return { start, end: [tail[0]!, Number.NaN] };
  return { start, end: [tail.at(-2)!, tail.at(-1)!] };
}

describe('feedbackArcOrder', () => {
  test('orders a chain from its source to its sink', () => {
    expect(feedbackArcOrder(3, [{ s: 2, t: 1, value: 1 }, { s: 1, t: 0, value: 1 }])).toEqual([2, 1, 0]);
  });

  test('breaks a two-node cycle on its lighter link', () => {
    const order = feedbackArcOrder(2, [
      { s: 0, t: 1, value: 10 },
      { s: 1, t: 0, value: 100 },
    ]);
    expect(order).toEqual([1, 0]);
  });
});

describe('layoutSankey', () => {
  test('accepts a cycle and draws its closing link as a loop under the nodes', () => {
    // Kalundborg-like: gypsum to the plasterboard plant, plaster waste from building sites back to it.
    const result = layout(
      ['plant', 'plasterboard', 'building', 'recycler'],
      [
        ['plant', 'plasterboard', 80],
        ['plasterboard', 'building', 100],
        ['building', 'recycler', 20],
        ['recycler', 'plasterboard', 20],
      ],
    );
    const loops = result.links.filter((l) => l.circular);
    expect(loops.map((l) => `${l.source}→${l.target}`)).toEqual(['recycler→plasterboard']);
    const loop = loops[0]!;
    const recycler = node(result, 'recycler');
    const plasterboard = node(result, 'plasterboard');
    expect(recycler.column).toBeGreaterThan(plasterboard.column);
    const lowestNode = Math.max(...result.nodes.map((n) => n.y1));
    const highestNode = Math.min(...result.nodes.map((n) => n.y0));
    if (loop.loopSide === 'bottom') expect(loop.laneY! - loop.width / 2).toBeGreaterThan(lowestNode);
    else expect(loop.laneY! + loop.width / 2).toBeLessThan(highestNode);
    const { start, end } = ends(loop.path);
    expect(start).toEqual([recycler.x1, loop.sourceY]);
    expect(end[0]).toBe(plasterboard.x0);
    expect(loop.sourceY).toBeGreaterThanOrEqual(recycler.y0);
    expect(loop.targetY).toBeLessThanOrEqual(plasterboard.y1);
  });

  test('keeps the heavier link of a two-way exchange forward', () => {
    const result = layout(['power plant', 'factory'], [
      ['power plant', 'factory', 120],
      ['factory', 'power plant', 15],
    ]);
    expect(link(result, 'power plant', 'factory').circular).toBe(false);
    expect(link(result, 'factory', 'power plant').circular).toBe(true);
  });

  test('draws a self-loop as a loop around its node', () => {
    const result = layout(['nature', 'farm', 'environment'], [
      ['nature', 'farm', 50],
      ['farm', 'farm', 10],
      ['farm', 'environment', 40],
    ]);
    const self = link(result, 'farm', 'farm');
    expect(self.circular).toBe(true);
    const farm = node(result, 'farm');
    expect(ends(self.path).start[0]).toBe(farm.x1);
    expect(ends(self.path).end[0]).toBe(farm.x0);
  });

  test('places nodes by the longest path and sends sinks to the last column', () => {
    const result = layout(['nature', 'quarry', 'concrete', 'abroad', 'landfill'], [
      ['nature', 'quarry', 100],
      ['quarry', 'concrete', 60],
      ['nature', 'concrete', 30],
      ['quarry', 'abroad', 40],
      ['concrete', 'landfill', 10],
    ]);
    expect(result.columns).toBe(4);
    expect(node(result, 'nature').column).toBe(0);
    expect(node(result, 'quarry').column).toBe(1);
    expect(node(result, 'concrete').column).toBe(2);
    expect(node(result, 'abroad').column).toBe(3);
    expect(node(result, 'landfill').column).toBe(3);
    expect(node(result, 'nature').x0).toBeLessThan(node(result, 'quarry').x0);
  });

  test('keeps to the columns it is given by drawing the lightest link of a long chain as a loop', () => {
    const chain = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    const links: [string, string, number][] = chain.slice(1).map((id, i) => [chain[i]!, id, 100]);
    links[3] = ['d', 'e', 2];
    const free = layout(chain, links);
    expect(free.columns).toBe(7);
    const bounded = layout(chain, links, { ...size, maxColumns: 4 });
    expect(bounded.columns).toBeLessThanOrEqual(4);
    expect(bounded.links.filter((l) => l.circular).map((l) => `${l.source}→${l.target}`)).toEqual(['d→e']);
    expect(bounded.nodes.every((n) => n.column < 4)).toBe(true);
  });

  test('sizes nodes by throughput, the larger of inputs and outputs', () => {
    const result = layout(['a', 'b', 'c', 'd'], [
      ['a', 'c', 100],
      ['b', 'c', 100],
      ['c', 'd', 50],
    ]);
    const height = (id: string) => node(result, id).y1 - node(result, id).y0;
    expect(node(result, 'c').value).toBe(200);
    expect(height('c')).toBeCloseTo(2 * height('a'), 1);
    expect(height('d')).toBeCloseTo(height('a') / 2, 1);
    const widths = result.links.map((l) => l.width);
    expect(widths[2]! * 2).toBeCloseTo(widths[0]!, 1);
  });

  test('orders columns so that links that need not cross do not', () => {
    // Listed in an order that crosses every pair; an order without crossings exists.
    const result = layout(['a', 'b', 'c', 'z', 'y', 'x'], [
      ['a', 'x', 10],
      ['b', 'y', 10],
      ['c', 'z', 10],
    ]);
    expect(countCrossings(result.links)).toBe(0);
    expect(node(result, 'a').y0 < node(result, 'b').y0).toBe(node(result, 'x').y0 < node(result, 'y').y0);
  });

  test('nests loops: a longer loop runs outside the shorter ones it overlaps, and beside them at its ends', () => {
    const result = layout(
      ['a', 'b', 'c', 'd'],
      [
        ['a', 'b', 100],
        ['b', 'c', 100],
        ['c', 'd', 100],
        ['d', 'c', 5],
        ['d', 'b', 5],
        ['d', 'a', 5],
      ],
      { ...size, loops: 'bottom' },
    );
    const loops = [link(result, 'd', 'c'), link(result, 'd', 'b'), link(result, 'd', 'a')];
    expect(loops.every((l) => l.circular && l.loopSide === 'bottom')).toBe(true);
    const lanes = loops.map((l) => l.laneY!);
    expect(lanes[1]! - lanes[0]!).toBeGreaterThanOrEqual(loops[0]!.width);
    expect(lanes[2]! - lanes[1]!).toBeGreaterThanOrEqual(loops[1]!.width);
    // Where they leave d, the innermost loop leaves lowest.
    expect(loops[0]!.sourceY).toBeGreaterThan(loops[1]!.sourceY);
    expect(loops[1]!.sourceY).toBeGreaterThan(loops[2]!.sourceY);
  });

  test('lets loops that do not overlap share a lane depth', () => {
    const result = layout(
      ['a', 'b', 'c', 'd'],
      [
        ['a', 'b', 100],
        ['b', 'c', 100],
        ['c', 'd', 100],
        ['b', 'a', 5],
        ['d', 'c', 5],
      ],
      { ...size, loops: 'bottom' },
    );
    const left = link(result, 'b', 'a');
    const right = link(result, 'd', 'c');
    expect(left.circular && right.circular).toBe(true);
    expect(left.laneY).toBeCloseTo(right.laneY!, 0);
  });

  test('leaves out links that are not positive or name an unknown node', () => {
    const result = layout(['a', 'b'], [
      ['a', 'b', 5],
      ['a', 'b', 0],
      ['a', 'b', -3],
      ['a', 'ghost', 4],
      ['a', 'b', Number.NaN],
    ]);
    expect(result.links.map((l) => l.id)).toEqual(['l0']);
  });

  test('lays out an empty graph', () => {
    const result = layout([], []);
    expect(result.nodes).toEqual([]);
    expect(result.links).toEqual([]);
    expect(result.height).toBeGreaterThan(0);
  });

  test('lays out a hundred nodes and four hundred links, loops included, in well under a second', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const ids = Array.from({ length: 100 }, (_, i) => `n${i}`);
    const links: [string, string, number][] = Array.from({ length: 400 }, () => [
      ids[Math.floor(random() * 100)]!,
      ids[Math.floor(random() * 100)]!,
      1 + Math.floor(random() * 1000),
    ]);
    const started = performance.now();
    const result = layout(ids, links, { width: 1400, height: 2400 });
    const elapsed = performance.now() - started;
    expect(result.links.some((l) => l.circular)).toBe(true);
    expect(elapsed).toBeLessThan(1000);
  });

  const graphs = fc
    .integer({ min: 1, max: 12 })
    .chain((count) =>
      fc.record({
        count: fc.constant(count),
        links: fc.array(
          fc.tuple(fc.integer({ min: 0, max: count - 1 }), fc.integer({ min: 0, max: count - 1 }), fc.double({ min: 0.01, max: 1e6, noNaN: true })),
          { maxLength: 30 },
        ),
      }),
    );

  test('always keeps nodes apart, bands within their nodes and paths finite', () => {
    fc.assert(
      fc.property(graphs, ({ count, links }) => {
        const ids = Array.from({ length: count }, (_, i) => `n${i}`);
        const result = layout(
          ids,
          links.map(([s, t, v]) => [ids[s]!, ids[t]!, v]),
        );
        const epsilon = 0.02;
        for (const n of result.nodes) {
          expect(n.y0).toBeGreaterThanOrEqual(-epsilon);
          expect(n.y1).toBeLessThanOrEqual(result.height + epsilon);
          expect(n.x0).toBeGreaterThanOrEqual(0);
          expect(n.x1).toBeLessThanOrEqual(result.width + epsilon);
        }
        const byColumn = new Map<number, typeof result.nodes>();
        for (const n of result.nodes) byColumn.set(n.column, [...(byColumn.get(n.column) ?? []), n]);
        for (const column of byColumn.values()) {
          const sorted = [...column].sort((a, b) => a.y0 - b.y0);
          for (let i = 1; i < sorted.length; i++) expect(sorted[i]!.y0).toBeGreaterThanOrEqual(sorted[i - 1]!.y1 - epsilon);
        }
        for (const l of result.links) {
          const source = node(result, l.source);
          const target = node(result, l.target);
          expect(l.sourceY - l.width / 2).toBeGreaterThanOrEqual(source.y0 - epsilon);
          expect(l.sourceY + l.width / 2).toBeLessThanOrEqual(source.y1 + epsilon);
          expect(l.targetY - l.width / 2).toBeGreaterThanOrEqual(target.y0 - epsilon);
          expect(l.targetY + l.width / 2).toBeLessThanOrEqual(target.y1 + epsilon);
          expect(l.circular).toBe(target.column <= source.column);
          expect(l.path).not.toMatch(/NaN|Infinity/);
          if (l.circular) {
            expect(l.laneY! - l.width / 2).toBeGreaterThanOrEqual(-epsilon);
            expect(l.laneY! + l.width / 2).toBeLessThanOrEqual(result.height + epsilon);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
