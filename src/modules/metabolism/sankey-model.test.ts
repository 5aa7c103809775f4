import { describe, expect, it } from 'vitest';
import { buildSankey, type SankeyInputFlow, type SankeyInputNode } from './sankey-model.js';

const node = (id: string, kind: SankeyInputNode['kind'], boundary: SankeyInputNode['boundary'] = null): SankeyInputNode => ({ id, kind, boundary, organisationId: kind === 'actor' ? `org-${id}` : null, name: id, nafSection: 'C' });
const flow = (fromNodeId: string, toNodeId: string, tonnes: number, category: string | null, synergyMatchId: string | null = null): SankeyInputFlow => ({
  fromNodeId, toNodeId, tonnes, uncertainty: null, category, synergyMatchId, detailVisible: true, contributors: [],
});

describe('Sankey links', () => {
  it('carry their top-level material category: one link per pair of nodes and category, cycles kept', () => {
    const nodes = [node('plant', 'actor'), node('board', 'actor'), node('nature', 'boundary', 'nature')];
    const data = buildSankey(
      nodes,
      [flow('nature', 'plant', 100, 'MF4.2'), flow('plant', 'board', 60, 'MF3.6', 'm1'), flow('plant', 'board', 10, 'MF4'), flow('plant', 'board', 5, 'MF3'), flow('board', 'plant', 7, null)],
      { maxNodes: 80 },
    );
    expect(data.links.map((l) => [l.source, l.target, l.category, l.tonnes, l.synergyTonnes, l.inCycle])).toEqual([
      ['boundary:nature', 'node:plant', 'MF4', 100, 0, false],
      ['node:plant', 'node:board', 'MF3', 65, 60, true],
      ['node:plant', 'node:board', 'MF4', 10, 0, true],
      ['node:board', 'node:plant', 'unallocated', 7, 0, true],
    ]);
    expect(data.nodes.find((n) => n.id === 'node:plant')!.throughput).toBe(100 + 7);
    expect(data.totalTonnes).toBe(182);
  });
});
