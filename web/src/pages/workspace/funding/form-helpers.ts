import { useQuery } from '@tanstack/react-query';
import { api } from '../../../api';

/** Today as `YYYY-MM-DD`, in the person's own time zone (a date input's value). */
export function todayIso(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** A form's text value, trimmed; '' when absent. */
export const textOf = (data: FormData, name: string): string => String(data.get(name) ?? '').trim();

/** Every organisation of the territory, to choose a funder, a holder or a beneficiary. */
export function useOrganisations(slug: string) {
  return useQuery({ queryKey: ['organisations', slug, 'all'], queryFn: () => api.allOrganisations(slug), staleTime: 5 * 60_000 });
}
