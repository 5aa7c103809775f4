import { useQuery } from '@tanstack/react-query';
import { concertationApi } from '../../../concertation-api';
import { concertationKey, editionKey, initiativesKey } from '../../portal/concertation/concertation-keys';

/** The public pages' queries under the same keys, so that a write here refreshes them there too (and the reverse). */
export { concertationKey, editionKey };

export function useEditions(slug: string) {
  return useQuery({ queryKey: [...concertationKey(slug), 'editions'], queryFn: () => concertationApi.editions(slug) });
}

export function useEdition(slug: string, year: number) {
  return useQuery({ queryKey: editionKey(slug, year), queryFn: () => concertationApi.edition(slug, year) });
}

export function useInitiatives(slug: string, year: number) {
  return useQuery({ queryKey: initiativesKey(slug, year), queryFn: () => concertationApi.initiatives(slug, year) });
}

export function useSnapshots(slug: string) {
  return useQuery({ queryKey: [...concertationKey(slug), 'snapshots'], queryFn: () => concertationApi.snapshots(slug) });
}
