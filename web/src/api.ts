import type {
  ApiToken,
  Commune,
  CreatedApiToken,
  Items,
  Me,
  Member,
  MembershipRole,
  NafCode,
  Organisation,
  OrganisationImportResult,
  OrganisationInput,
  OrganisationKind,
  Page,
  Person,
  ProblemDocument,
  ProblemFieldError,
  Session,
  Territory,
  TerritoryOverview,
  TerritoryPerson,
} from './api-contract';

/** An RFC 9457 problem answered by the server, or a network failure (status 0). */
export class ApiProblem extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string;
  readonly errors: ProblemFieldError[];
  /** The language of `detail` and of the field messages: the server writes them in English unless it says otherwise. */
  readonly language: string;

  constructor(status: number, document: ProblemDocument, language = 'en') {
    const detail = document.detail ?? document.title ?? `HTTP ${status}`;
    super(detail);
    this.name = 'ApiProblem';
    this.status = status;
    this.code = document.code ?? (status === 0 ? 'network_error' : `http_${status}`);
    this.title = document.title ?? '';
    this.detail = detail;
    this.errors = Array.isArray(document.errors) ? document.errors : [];
    this.language = language;
  }
}

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

let csrfToken: string | null = null;
let acceptLanguage = 'fr';

/** The interface language, sent so that the server may answer problems in it. */
export function setApiLanguage(language: string): void {
  acceptLanguage = language;
}

interface RequestOptions {
  json?: unknown;
  text?: string;
  contentType?: string;
  query?: Record<string, string | number | null | undefined>;
}

function withQuery(path: string, query: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== null && value !== undefined && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

async function readProblem(response: Response): Promise<ApiProblem> {
  let document: ProblemDocument = { status: response.status, title: response.statusText };
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      document = { ...document, ...((await response.json()) as ProblemDocument) };
    } catch {
      // A malformed body still leaves the status, which is enough to tell the person.
    }
  }
  const language = response.headers.get('content-language')?.split(',')[0]?.trim().slice(0, 2).toLowerCase();
  return new ApiProblem(response.status, document, language || 'en');
}

async function send(method: string, url: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': acceptLanguage };
  let body: string | undefined;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.text !== undefined) {
    headers['content-type'] = options.contentType ?? 'text/plain';
    body = options.text;
  }
  if (unsafeMethods.has(method)) {
    headers['x-csrf-token'] = await currentCsrfToken();
  }
  try {
    return await fetch(url, { method, headers, body, credentials: 'same-origin' });
  } catch (error) {
    throw new ApiProblem(0, { detail: error instanceof Error ? error.message : String(error) });
  }
}

function isCsrfRejection(problem: ApiProblem): boolean {
  return problem.status === 403 && /csrf/i.test(problem.code);
}

async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const url = withQuery(`/api/v1${path}`, options.query);
  let response = await send(method, url, options);
  if (!response.ok && unsafeMethods.has(method)) {
    const problem = await readProblem(response.clone());
    // The token is bound to the session: after signing in or out elsewhere it is stale, so fetch
    // a fresh one and try once more.
    if (isCsrfRejection(problem)) {
      csrfToken = null;
      response = await send(method, url, options);
    }
  }
  if (!response.ok) throw await readProblem(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

async function currentCsrfToken(): Promise<string> {
  if (csrfToken === null) await api.session();
  return csrfToken ?? '';
}

type OrganisationPatch = Partial<OrganisationInput>;

export const api = {
  async session(): Promise<Session> {
    const session = await request<Session>('GET', '/auth/session');
    csrfToken = session.csrfToken;
    return session;
  },
  async signIn(input: { email: string; password: string }): Promise<{ person: Person }> {
    const result = await request<{ person: Person }>('POST', '/auth/sign-in', { json: input });
    csrfToken = null;
    return result;
  },
  async signUp(input: { email: string; password: string; displayName: string }): Promise<{ person: Person }> {
    const result = await request<{ person: Person }>('POST', '/auth/sign-up', { json: input });
    csrfToken = null;
    return result;
  },
  async signOut(): Promise<void> {
    await request<void>('POST', '/auth/sign-out');
    csrfToken = null;
  },
  me: () => request<Me>('GET', '/me'),

  territories: () => request<Items<Territory>>('GET', '/territories'),
  territory: (slug: string) => request<TerritoryOverview>('GET', `/t/${encodeURIComponent(slug)}`),
  joinTerritory: (slug: string) => request<void>('POST', `/t/${encodeURIComponent(slug)}/join`),
  communes: (slug: string) => request<Items<Commune>>('GET', `/t/${encodeURIComponent(slug)}/communes`),
  nafCodes: (q: string) => request<Items<NafCode>>('GET', '/reference/naf', { query: { q } }),

  organisations: (slug: string, params: { kind?: OrganisationKind | ''; limit?: number; cursor?: string | null }) =>
    request<Page<Organisation>>('GET', `/t/${encodeURIComponent(slug)}/organisations`, { query: params }),
  organisation: (slug: string, id: string) =>
    request<Organisation>('GET', `/t/${encodeURIComponent(slug)}/organisations/${encodeURIComponent(id)}`),
  createOrganisation: (slug: string, input: OrganisationPatch) =>
    request<Organisation>('POST', `/t/${encodeURIComponent(slug)}/organisations`, { json: input }),
  updateOrganisation: (slug: string, id: string, patch: OrganisationPatch) =>
    request<Organisation>('PATCH', `/t/${encodeURIComponent(slug)}/organisations/${encodeURIComponent(id)}`, {
      json: patch,
    }),
  importOrganisations: (slug: string, csv: string) =>
    request<OrganisationImportResult>('POST', `/t/${encodeURIComponent(slug)}/organisations/import`, {
      text: csv,
      contentType: 'text/csv',
    }),

  members: (slug: string, organisationId: string) =>
    request<Items<Member>>(
      'GET',
      `/t/${encodeURIComponent(slug)}/organisations/${encodeURIComponent(organisationId)}/members`,
    ),
  addMember: (slug: string, organisationId: string, input: { email: string; role: MembershipRole }) =>
    request<Member>(
      'POST',
      `/t/${encodeURIComponent(slug)}/organisations/${encodeURIComponent(organisationId)}/members`,
      { json: input },
    ),
  endMembership: (slug: string, organisationId: string, personId: string) =>
    request<void>(
      'DELETE',
      `/t/${encodeURIComponent(slug)}/organisations/${encodeURIComponent(organisationId)}/members/${encodeURIComponent(personId)}`,
    ),

  people: (slug: string) => request<Items<TerritoryPerson>>('GET', `/t/${encodeURIComponent(slug)}/people`),
  addPerson: (slug: string, input: { email: string; displayName: string }) =>
    request<TerritoryPerson>('POST', `/t/${encodeURIComponent(slug)}/people`, { json: input }),
  setRoles: (slug: string, personId: string, roles: string[]) =>
    request<TerritoryPerson>('PUT', `/t/${encodeURIComponent(slug)}/people/${encodeURIComponent(personId)}/roles`, {
      json: { roles },
    }),

  apiTokens: (slug: string) => request<Items<ApiToken>>('GET', `/t/${encodeURIComponent(slug)}/api-tokens`),
  createApiToken: (slug: string, input: { name: string; organisationId?: string }) =>
    request<CreatedApiToken>('POST', `/t/${encodeURIComponent(slug)}/api-tokens`, { json: input }),
  revokeApiToken: (slug: string, id: string) =>
    request<void>('DELETE', `/t/${encodeURIComponent(slug)}/api-tokens/${encodeURIComponent(id)}`),
};
