import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { metabolismApi } from '../../../api';
import type { Drill } from './flows-section';

/**
 * A first view a person can read: actors grouped by sector when there are many, each group opening
 * on a click. The server allows up to 200.
 */
const maxNodes = 30;

/** The year's Sankey; the server gives one link per pair of nodes and material category, so each band takes its colour. */
export function useMetabolismSankey(slug: string, year: number | null, drill: Drill) {
  return useQuery({
    queryKey: ['metabolism-sankey', slug, year, drill],
    queryFn: () => metabolismApi.sankey(slug, year!, drill, maxNodes),
    enabled: year !== null,
    placeholderData: keepPreviousData,
  });
}
