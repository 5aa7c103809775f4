import { useQuery } from '@tanstack/react-query';
import { api } from './api';
import type { MyTerritory } from './api-contract';

export const sessionKey = ['session'] as const;
export const meKey = ['me'] as const;

export function useSession() {
  return useQuery({ queryKey: sessionKey, queryFn: api.session, staleTime: 60_000 });
}

export function useMe(enabled = true) {
  return useQuery({ queryKey: meKey, queryFn: api.me, enabled });
}

export function useMyTerritory(slug: string): { territory: MyTerritory | undefined; isPending: boolean } {
  const me = useMe();
  return { territory: me.data?.territories.find((t) => t.slug === slug), isPending: me.isPending };
}
