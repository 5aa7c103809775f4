import type { MetabolismSankey, MetabolismSankeyLink, MetabolismSankeyNode } from '../../../metabolism-contract';

export interface CategorisedLink extends MetabolismSankeyLink {
  /** `MF1` … `MF6`, or `unallocated`; null when the flows of the link were not split by category. */
  category: string | null;
}

/**
 * Where a node of a single-category Sankey sits in the Sankey of all categories. The server groups
 * actors (then processes) by NAF section when there are too many, and a single category may need no
 * grouping: an actor shown alone there belongs to its section's group in the whole.
 */
function placeIn(whole: ReadonlySet<string>, node: MetabolismSankeyNode): string | undefined {
  if (whole.has(node.id)) return node.id;
  const section = node.nafSection ?? '-';
  const group = node.kind === 'actor' ? `actors:${section}` : node.kind === 'process' ? `processes:${section}` : undefined;
  return group && whole.has(group) ? group : undefined;
}

/**
 * The links of the whole Sankey split by material category, from one Sankey per category, so that
 * each band can take its category's colour. Null when the parts do not add up to the whole (a node
 * that cannot be placed, or tonnes that differ): the whole is then drawn without categories.
 */
export function splitLinksByCategory(whole: MetabolismSankey, parts: readonly { category: string; sankey: MetabolismSankey }[]): CategorisedLink[] | null {
  const ids = new Set(whole.nodes.map((node) => node.id));
  const merged = new Map<string, CategorisedLink>();
  let total = 0;
  for (const { category, sankey } of parts) {
    const place = new Map<string, string>();
    for (const node of sankey.nodes) {
      const id = placeIn(ids, node);
      if (id === undefined) return null;
      place.set(node.id, id);
    }
    for (const link of sankey.links) {
      const source = place.get(link.source);
      const target = place.get(link.target);
      if (source === undefined || target === undefined) return null;
      const key = `${source}→${target}→${category}`;
      const existing = merged.get(key);
      total += link.tonnes;
      if (existing) {
        existing.tonnes += link.tonnes;
        existing.flowCount += link.flowCount;
        existing.synergyTonnes += link.synergyTonnes;
        existing.uncertainty = existing.uncertainty === null || link.uncertainty === null ? null : Math.hypot(existing.uncertainty, link.uncertainty);
      } else {
        merged.set(key, { ...link, source, target, category });
      }
    }
  }
  const wholeTotal = whole.links.reduce((sum, link) => sum + link.tonnes, 0);
  if (Math.abs(total - wholeTotal) > 1e-6 * Math.max(1, wholeTotal)) return null;
  return [...merged.values()];
}
