// The shapes of the Pacte 21 HTTP API (/api/v1), as the server documents them in OpenAPI.

export const territoryLevels = ['commune', 'epci', 'departement', 'region'] as const;
export type TerritoryLevel = (typeof territoryLevels)[number];

export interface Territory {
  id: string;
  slug: string;
  name: string;
  inseeCode: string;
  level: TerritoryLevel;
  currencyCode: string;
  currencyName: string;
}

export const organisationKinds = [
  'public_body',
  'business',
  'association',
  'cooperative',
  'citizen_collective',
] as const;
export type OrganisationKind = (typeof organisationKinds)[number];

export interface TerritoryOverview extends Territory {
  communeCount: number;
  organisationCounts: Partial<Record<OrganisationKind, number>>;
}

export interface Commune {
  code: string;
  name: string;
}

export interface NafCode {
  code: string;
  label: string;
}

export interface Organisation {
  id: string;
  name: string;
  kind: OrganisationKind;
  siret: string | null;
  nafCode: string | null;
  nafLabel: string | null;
  address: string | null;
  communeInsee: string | null;
  communeName: string | null;
  latitude: number | null;
  longitude: number | null;
  createdAt: string;
}

export interface OrganisationInput {
  name: string;
  kind: OrganisationKind;
  siret: string | null;
  nafCode: string | null;
  address: string | null;
  communeInsee: string | null;
  latitude: number | null;
  longitude: number | null;
}

export interface OrganisationImportResult {
  created: number;
  items: Organisation[];
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Person {
  id: string;
  email: string;
  displayName: string;
}

export interface Session {
  person: Person | null;
  csrfToken: string;
}

export const managedTerritoryRoles = ['facilitator', 'currency_operator', 'auditor'] as const;
export type ManagedTerritoryRole = (typeof managedTerritoryRoles)[number];

export const membershipRoles = ['representative', 'staff'] as const;
export type MembershipRole = (typeof membershipRoles)[number];

export interface MyTerritory {
  slug: string;
  name: string;
  roles: string[];
  organisations: { id: string; name: string; role: string }[];
}

export interface Me {
  person: Person;
  territories: MyTerritory[];
}

export interface Member {
  personId: string;
  displayName: string;
  email: string;
  role: MembershipRole;
  since: string;
}

export interface TerritoryPerson {
  id: string;
  displayName: string;
  email: string;
  roles: string[];
}

export interface ApiToken {
  id: string;
  name: string;
  organisationId: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface CreatedApiToken extends ApiToken {
  token: string;
}

export interface Items<T> {
  items: T[];
}

/** One field at fault in an RFC 9457 problem; `row` is set for CSV imports (1 = first data row). */
export interface ProblemFieldError {
  field: string;
  code: string;
  message: string;
  row?: number;
}

export interface ProblemDocument {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  errors?: ProblemFieldError[];
}
