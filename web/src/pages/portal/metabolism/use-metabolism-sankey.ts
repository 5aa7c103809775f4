import { keepPreviousData, useQueries, useQuery } from '@tanstack/react-query';
import { metabolismApi } from '../../../api';
import type { MetabolismSankey } from '../../../metabolism-contract';
import { splitLinksByCategory, type CategorisedLink } from './sankey-by-category';
import type { Drill } from './flows-section';

export interface SankeyView {
  sankey: MetabolismSankey;
  links: CategorisedLink[];
}

/**
 * The year's Sankey, its links split by material category so that each band takes its colour. The
 * server aggregates links across categories, so the split comes from one Sankey per category
 * present in the year (a handful of requests); while they load, or if they do not add up, the
 * bands are drawn without categories.
 */
/**
 * A first view a person can read: actors grouped by sector when there are many, each group opening
 * on a click. The server allows up to 200.
 */
const maxNodes = 30;

export function useMetabolismSankey(slug: string, year: number | null, drill: Drill, categories: string[] | undefined) {
  const whole = useQuery({
    queryKey: ['metabolism-sankey', slug, year, drill],
    queryFn: () => metabolismApi.sankey(slug, year!, drill, maxNodes),
    enabled: year !== null,
    placeholderData: keepPreviousData,
  });
  const serverSplits = whole.data?.links.some((link) => link.category !== undefined) ?? false;
  const needParts = drill.category === null && !serverSplits && categories !== undefined && categories.length > 1;
  const parts = useQueries({
    queries: (needParts ? categories : []).map((category) => ({
      queryKey: ['metabolism-sankey', slug, year, { ...drill, category }],
      queryFn: () => metabolismApi.sankey(slug, year!, { ...drill, category }, maxNodes),
      enabled: year !== null,
    })),
  });
  const view = (data: MetabolismSankey): SankeyView => {
    if (drill.category !== null) return { sankey: data, links: data.links.map((link) => ({ ...link, category: drill.category })) };
    if (serverSplits || categories?.length === 1) {
      return { sankey: data, links: data.links.map((link) => ({ ...link, category: link.category ?? categories?.[0] ?? null })) };
    }
    const ready = needParts && parts.every((part) => part.data !== undefined);
    const split = ready ? splitLinksByCategory(data, parts.map((part, i) => ({ category: categories![i]!, sankey: part.data! }))) : null;
    return { sankey: data, links: split ?? data.links.map((link) => ({ ...link, category: null })) };
  };
  return { query: whole, view };
}
