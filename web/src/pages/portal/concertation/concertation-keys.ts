/** Query keys of the concertation pages, so that a write refreshes what it changed. */
export const concertationKey = (slug: string) => ['concertation', slug] as const;
export const editionKey = (slug: string, year: number) => [...concertationKey(slug), 'edition', year] as const;
export const initiativesKey = (slug: string, year: number) => [...concertationKey(slug), 'initiatives', year] as const;
export const balanceKey = (slug: string, year: number) => [...concertationKey(slug), 'balance', year] as const;
