import { describe, expect, test } from 'vitest';
import type { MetabolismSankey, MetabolismSankeyNode } from '../../../metabolism-contract';
import { splitLinksByCategory } from './sankey-by-category';

function node(id: string, kind: MetabolismSankeyNode['kind'], nafSection: string | null = null): MetabolismSankeyNode {
  return { id, label: id, kind, boundary: null, nafSection, nodeId: null, organisationId: null, memberCount: 1, throughput: 0 };
}

function sankey(nodes: MetabolismSankeyNode[], links: [string, string, number][]): MetabolismSankey {
  return {
    nodes,
    links: links.map(([source, target, tonnes]) => ({ source, target, tonnes, uncertainty: null, flowCount: 1, synergyTonnes: 0, inCycle: false })),
    grouping: 'none',
    totalTonnes: links.reduce((sum, [, , tonnes]) => sum + tonnes, 0),
  };
}

describe('splitLinksByCategory', () => {
  const plant = node('node:plant', 'actor', 'D');
  const board = node('node:board', 'actor', 'C');
  const nature = node('boundary:nature', 'boundary');

  test('splits a link that carries two categories into one band per category', () => {
    const whole = sankey([nature, plant, board], [
      ['boundary:nature', 'node:plant', 100],
      ['node:plant', 'node:board', 70],
    ]);
    const links = splitLinksByCategory(whole, [
      { category: 'MF3', sankey: sankey([plant, board], [['node:plant', 'node:board', 60]]) },
      { category: 'MF4', sankey: sankey([nature, plant, board], [['boundary:nature', 'node:plant', 100], ['node:plant', 'node:board', 10]]) },
    ]);
    expect(links?.map((l) => [l.source, l.target, l.category, l.tonnes])).toEqual([
      ['node:plant', 'node:board', 'MF3', 60],
      ['boundary:nature', 'node:plant', 'MF4', 100],
      ['node:plant', 'node:board', 'MF4', 10],
    ]);
  });

  test('places an actor shown alone in one category into its section’s group of the whole', () => {
    const whole = sankey([nature, node('actors:D', 'actor_group', 'D')], [['boundary:nature', 'actors:D', 50]]);
    const links = splitLinksByCategory(whole, [{ category: 'MF1', sankey: sankey([nature, plant], [['boundary:nature', 'node:plant', 50]]) }]);
    expect(links?.map((l) => [l.source, l.target, l.tonnes])).toEqual([['boundary:nature', 'actors:D', 50]]);
  });

  test('gives up when the parts do not add up to the whole', () => {
    const whole = sankey([plant, board], [['node:plant', 'node:board', 70]]);
    expect(splitLinksByCategory(whole, [{ category: 'MF3', sankey: sankey([plant, board], [['node:plant', 'node:board', 60]]) }])).toBeNull();
    expect(splitLinksByCategory(whole, [{ category: 'MF3', sankey: sankey([plant, node('node:elsewhere', 'boundary')], [['node:plant', 'node:elsewhere', 70]]) }])).toBeNull();
  });
});
