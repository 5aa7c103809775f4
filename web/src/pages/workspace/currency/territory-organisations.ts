import { useQuery } from '@tanstack/react-query';
import { api } from '../../../api';

/** Every organisation of the territory, to choose a payee or a recipient from. */
export function useTerritoryOrganisations(slug: string) {
  return useQuery({ queryKey: ['organisations', slug, 'all'], queryFn: () => api.allOrganisations(slug), staleTime: 5 * 60_000 });
}

/** The territory's currency (code and name), which the amounts of the wallet and the console are in. */
export function useTerritoryCurrency(slug: string) {
  return useQuery({ queryKey: ['territory', slug], queryFn: () => api.territory(slug) });
}
