import { describe, expect, test } from 'vitest';
import { linksOnCycles, splitTwoWayNodes } from './cycles';

const link = (id: string, source: string, target: string) => ({ id, source, target });

describe('linksOnCycles', () => {
  test('finds the links of a loop and leaves the chain around it', () => {
    const links = [link('in', 'nature', 'a'), link('ab', 'a', 'b'), link('bc', 'b', 'c'), link('ca', 'c', 'a'), link('out', 'c', 'env')];
    expect([...linksOnCycles(['nature', 'a', 'b', 'c', 'env'], links)].sort()).toEqual(['ab', 'bc', 'ca']);
  });

  test('counts a self-loop and a two-way exchange', () => {
    const links = [link('self', 'a', 'a'), link('ab', 'a', 'b'), link('ba', 'b', 'a'), link('bc', 'b', 'c')];
    expect([...linksOnCycles(['a', 'b', 'c'], links)].sort()).toEqual(['ab', 'ba', 'self']);
  });

  test('walks a long chain without overflowing the stack', () => {
    const ids = Array.from({ length: 5_000 }, (_, i) => `n${i}`);
    const links = ids.slice(1).map((id, i) => link(`l${i}`, ids[i]!, id));
    links.push(link('back', ids.at(-1)!, ids[0]!));
    expect(linksOnCycles(ids, links).size).toBe(5_000);
  });
});

describe('splitTwoWayNodes', () => {
  test('gives abroad one node for imports and one for exports, which removes the false loop through it', () => {
    const nodes = [{ id: 'abroad', label: 'Abroad', boundary: true }, { id: 'plant', label: 'Plant', boundary: false }];
    const links = [link('imp', 'abroad', 'plant'), link('exp', 'plant', 'abroad')];
    const split = splitTwoWayNodes(nodes, links, (n) => n.boundary, (n, role) => ({ ...n, label: `${n.label} (${role})` }));
    expect(split.nodes.map((n) => [n.id, n.label])).toEqual([
      ['abroad#source', 'Abroad (source)'],
      ['abroad#target', 'Abroad (target)'],
      ['plant', 'Plant'],
    ]);
    expect(split.links.map((l) => `${l.source}→${l.target}`)).toEqual(['abroad#source→plant', 'plant→abroad#target']);
    expect(linksOnCycles(split.nodes.map((n) => n.id), split.links).size).toBe(0);
  });

  test('leaves a node that only sends, or that may not be split, as it is', () => {
    const nodes = [{ id: 'nature' }, { id: 'a' }, { id: 'b' }];
    const links = [link('1', 'nature', 'a'), link('2', 'a', 'b'), link('3', 'b', 'a')];
    const split = splitTwoWayNodes(nodes, links, (n) => n.id !== 'a', (n) => n);
    expect(split.nodes.map((n) => n.id)).toEqual(['nature', 'a', 'b#source', 'b#target']);
  });
});
