import type {
  AcceptanceCategory,
  AcceptingOrganisation,
  ChronicleEntry,
  ChronicleFilter,
  Commitment,
  CommitmentDetail,
  CommitmentInput,
  CommitmentStatus,
  CommitmentUpdateInput,
  Decision,
  DecisionDetail,
  DecisionInput,
  Pact,
  PactInput,
  PactOverview,
  PactPatch,
  PactSignature,
  TaskForce,
  TaskForceDetail,
  TaskForceInput,
  TaskForceMember,
  TaskForceMemberInput,
  TaskForcePatch,
  VisionDiff,
  VisionInput,
  VisionVersion,
  VisionVersionHead,
  VoteChoice,
  ApiToken,
  CurrencyAcceptance,
  Exchange,
  ExchangeProposal,
  ExchangeStatus,
  Listing,
  ListingInput,
  ListingKind,
  PaymentRequest,
  PaymentRequestStatus,
  TimeBankCategory,
  CurrencySettings,
  DemurrageReport,
  LedgerAccount,
  MySalaryShare,
  Owner,
  PayrollProgress,
  PayrollReport,
  PayrollRunLine,
  PayrollRunSummary,
  ProofOfReserve,
  Reconversion,
  SalaryShareConsent,
  Statement,
  Commune,
  CreatedApiToken,
  Invitation,
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
import type {
  AppliedReconciliation,
  FlowInput,
  FlowPage,
  ImportResult,
  NodeBalance,
  MatchStatus,
  MatchTransition,
  MetabolismFlow,
  MetabolismNode,
  MetabolismSankey,
  NeedInput,
  NodeInput,
  OfferInput,
  PublicSynergies,
  PublicSynergyDetail,
  MetabolismYear,
  ReconciliationReport,
  SymbiosisMatch,
  SymbiosisNeed,
  SymbiosisOffer,
  YearIndicators,
} from './metabolism-contract';

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
  /** multipart/form-data: the browser writes the content type with its boundary. */
  form?: FormData;
  query?: Record<string, string | number | null | undefined>;
  /** For money-moving calls: a retry with the same key returns the first outcome instead of paying twice. */
  idempotencyKey?: string;
  accept?: string;
}

function withQuery(path: string, query: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== null && value !== undefined && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

export async function readProblem(response: Response): Promise<ApiProblem> {
  let document: ProblemDocument = { status: response.status, title: response.statusText };
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      document = { ...document, ...((await response.json()) as ProblemDocument) };
    } catch {
      // A malformed body still leaves the status, which is enough to tell the person.
    }
  }
  return new ApiProblem(response.status, document, languageOf(response));
}

/** The language the server wrote an answer's messages in. */
function languageOf(response: Response): string {
  return response.headers.get('content-language')?.split(',')[0]?.trim().slice(0, 2).toLowerCase() || 'en';
}

async function send(method: string, url: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { accept: options.accept ?? 'application/json', 'accept-language': acceptLanguage };
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  let body: string | FormData | undefined;
  if (options.form !== undefined) {
    body = options.form;
  } else if (options.json !== undefined) {
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

async function respond(method: string, path: string, options: RequestOptions): Promise<Response> {
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
  return response;
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  return (await requestWithStatus<T>(method, path, options)).body;
}

/** For calls whose status says something the body does not (201 created, 200 replayed). */
async function requestWithStatus<T>(method: string, path: string, options: RequestOptions = {}): Promise<{ status: number; body: T }> {
  const response = await respond(method, path, options);
  if (response.status === 204) return { status: 204, body: undefined as T };
  return { status: response.status, body: (await response.json()) as T };
}

/**
 * A payroll conversion streamed as NDJSON: each progress line is handed to `onProgress`; the result line
 * resolves like `requestWithStatus` (201 converted, 200 already converted), a problem line throws the
 * problem like `request`. A refusal before the conversion starts is an ordinary problem answer.
 */
async function runPayrollWithProgress(path: string, input: PayrollInput, onProgress: (progress: PayrollProgress) => void): Promise<{ status: number; body: PayrollReport }> {
  const response = await respond('POST', path, { text: input.csv, contentType: 'text/csv', query: { period: input.period }, accept: 'application/x-ndjson' });
  if (!(response.headers.get('content-type') ?? '').includes('application/x-ndjson') || !response.body) {
    return { status: response.status, body: (await response.json()) as PayrollReport };
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  for (;;) {
    let chunk: ReadableStreamReadResult<string>;
    try {
      chunk = await reader.read();
    } catch (error) {
      throw new ApiProblem(0, { detail: error instanceof Error ? error.message : String(error) });
    }
    buffered += chunk.value ?? '';
    const lines = buffered.split('\n');
    buffered = chunk.done ? '' : (lines.pop() ?? '');
    for (const text of lines) {
      if (text.trim() === '') continue;
      const line = JSON.parse(text) as PayrollRunLine;
      if (line.type === 'progress') onProgress({ done: line.done, total: line.total });
      else if (line.type === 'result') return { status: line.status, body: line.report };
      else throw new ApiProblem(line.problem.status ?? 500, line.problem, languageOf(response));
    }
    if (chunk.done) break;
  }
  // The answer was cut before its last line: the conversion may or may not have been recorded.
  throw new ApiProblem(0, { detail: 'The answer ended before the conversion did.' });
}

export interface DownloadedFile {
  blob: Blob;
  filename: string;
}

function filenameOf(response: Response, fallback: string): string {
  const disposition = response.headers.get('content-disposition') ?? '';
  return /filename="?([^";]+)"?/i.exec(disposition)?.[1] ?? fallback;
}

/** A file the server builds (CSV statement, FEC), fetched so that a refusal can be shown as a problem. */
export async function download(path: string, fallbackName: string, query?: RequestOptions['query']): Promise<DownloadedFile> {
  const response = await respond('GET', path, { accept: '*/*', query });
  return { blob: await response.blob(), filename: filenameOf(response, fallbackName) };
}

export async function currentCsrfToken(): Promise<string> {
  if (csrfToken === null) await api.session();
  return csrfToken ?? '';
}

type OrganisationPatch = Partial<OrganisationInput>;

export const territoryPath = (slug: string) => `/t/${encodeURIComponent(slug)}`;
const organisationPath = (slug: string, organisationId: string) =>
  `${territoryPath(slug)}/organisations/${encodeURIComponent(organisationId)}`;

const ownerQuery = (owner: Owner | undefined) => (owner ? { ownerType: owner.type, ownerId: owner.id } : {});

export interface PayrollInput {
  period: string;
  csv: string;
}

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
  /** Chooses a password through an invitation link, and signs in as the invited person. */
  async acceptInvitation(input: { token: string; password: string; displayName?: string }): Promise<{ person: Person }> {
    const result = await request<{ person: Person }>('POST', '/auth/invitations/accept', { json: input });
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
  closeOrganisation: (slug: string, id: string) =>
    request<Organisation>('POST', `/t/${encodeURIComponent(slug)}/organisations/${encodeURIComponent(id)}/close`),
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
  invitePerson: (slug: string, personId: string) =>
    request<Invitation>('POST', `/t/${encodeURIComponent(slug)}/people/${encodeURIComponent(personId)}/invitation`),
  setRoles: (slug: string, personId: string, roles: string[]) =>
    request<TerritoryPerson>('PUT', `/t/${encodeURIComponent(slug)}/people/${encodeURIComponent(personId)}/roles`, {
      json: { roles },
    }),

  apiTokens: (slug: string) => request<Items<ApiToken>>('GET', `/t/${encodeURIComponent(slug)}/api-tokens`),
  createApiToken: (slug: string, input: { name: string; organisationId?: string }) =>
    request<CreatedApiToken>('POST', `/t/${encodeURIComponent(slug)}/api-tokens`, { json: input }),
  revokeApiToken: (slug: string, id: string) =>
    request<void>('DELETE', `/t/${encodeURIComponent(slug)}/api-tokens/${encodeURIComponent(id)}`),

  /** Every organisation of the territory, page after page (for choosing a payee or a recipient). */
  async allOrganisations(slug: string): Promise<Organisation[]> {
    const items: Organisation[] = [];
    let cursor: string | null = null;
    do {
      const page: Page<Organisation> = await api.organisations(slug, { limit: 100, cursor });
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== null);
    return items;
  },

  currencySettings: (slug: string) => request<CurrencySettings>('GET', `${territoryPath(slug)}/currency/settings`),
  updateCurrencySettings: (slug: string, patch: Partial<CurrencySettings>) =>
    request<CurrencySettings>('PATCH', `${territoryPath(slug)}/currency/settings`, { json: patch }),
  proofOfReserve: (slug: string) => request<ProofOfReserve>('GET', `${territoryPath(slug)}/currency/proof-of-reserve`),

  accounts: (slug: string, owner: Owner) =>
    request<Items<LedgerAccount>>('GET', `${territoryPath(slug)}/accounts`, { query: { type: owner.type, id: owner.id } }),
  statement: (slug: string, accountId: string, params: { limit?: number; cursor?: string | null }) =>
    request<Statement>('GET', `${territoryPath(slug)}/accounts/${encodeURIComponent(accountId)}/statement`, { query: params }),
  statementCsv: (slug: string, accountId: string) =>
    download(`${territoryPath(slug)}/accounts/${encodeURIComponent(accountId)}/statement.csv`, 'statement.csv'),
  setAccountFrozen: (slug: string, accountId: string, frozen: boolean) =>
    request<LedgerAccount>(
      'POST',
      `${territoryPath(slug)}/accounts/${encodeURIComponent(accountId)}/${frozen ? 'freeze' : 'unfreeze'}`,
    ),

  pay: (slug: string, input: { from: Owner; to: Owner; amount: number; unit?: string; memo?: string }, idempotencyKey: string) =>
    request<LedgerAccount>('POST', `${territoryPath(slug)}/currency/payments`, { json: input, idempotencyKey }),
  issue: (slug: string, input: { to: Owner; amount: number; memo?: string }, idempotencyKey: string) =>
    request<LedgerAccount>('POST', `${territoryPath(slug)}/currency/issuances`, { json: input, idempotencyKey }),
  reconvert: (slug: string, input: { from: Owner; amount: number }, idempotencyKey: string) =>
    request<Reconversion>('POST', `${territoryPath(slug)}/currency/reconversions`, { json: input, idempotencyKey }),
  fec: (slug: string, params: { year: number; organisationId?: string }) =>
    download(`${territoryPath(slug)}/currency/fec`, `FEC${params.year}.txt`, params),
  applyDemurrage: (slug: string, date: string) =>
    request<DemurrageReport>('POST', `${territoryPath(slug)}/currency/demurrage`, { json: { date } }),

  mySalaryShare: (slug: string) => request<MySalaryShare>('GET', `${territoryPath(slug)}/salary-share/consents`),
  consentToSalaryShare: (slug: string, employerId: string, shareBp: number) =>
    request<SalaryShareConsent>('PUT', `${territoryPath(slug)}/salary-share/consents/${encodeURIComponent(employerId)}`, {
      json: { shareBp },
    }),
  revokeSalaryShare: (slug: string, employerId: string) =>
    request<void>('DELETE', `${territoryPath(slug)}/salary-share/consents/${encodeURIComponent(employerId)}`),
  employerConsents: (slug: string, employerId: string) =>
    request<Items<SalaryShareConsent>>('GET', `${organisationPath(slug, employerId)}/salary-share/consents`),
  previewPayroll: (slug: string, employerId: string, input: PayrollInput) =>
    request<PayrollReport>('POST', `${organisationPath(slug, employerId)}/payroll/preview`, {
      text: input.csv,
      contentType: 'text/csv',
      query: { period: input.period },
    }),
  /** Converts a payroll, telling its progress as it goes (application/x-ndjson); 201 converted now, 200 already converted (the first report). */
  runPayrollWithProgress: (slug: string, employerId: string, input: PayrollInput, onProgress: (progress: PayrollProgress) => void) =>
    runPayrollWithProgress(`${organisationPath(slug, employerId)}/payroll/runs`, input, onProgress),
  payrollRuns: (slug: string, employerId: string) =>
    request<Items<PayrollRunSummary>>('GET', `${organisationPath(slug, employerId)}/payroll/runs`),
  payrollRun: (slug: string, employerId: string, period: string) =>
    request<PayrollReport>('GET', `${organisationPath(slug, employerId)}/payroll/runs/${encodeURIComponent(period)}`),

  listings: (
    slug: string,
    params: { kind?: ListingKind | ''; category?: TimeBankCategory | ''; q?: string; status?: 'open' | 'closed'; owner?: Owner; limit?: number; cursor?: string | null },
  ) => {
    const { owner, ...rest } = params;
    return request<Page<Listing>>('GET', `${territoryPath(slug)}/time-bank/listings`, { query: { ...rest, ...ownerQuery(owner) } });
  },
  listing: (slug: string, id: string) => request<Listing>('GET', `${territoryPath(slug)}/time-bank/listings/${encodeURIComponent(id)}`),
  createListing: (slug: string, input: ListingInput) => request<Listing>('POST', `${territoryPath(slug)}/time-bank/listings`, { json: input }),
  closeListing: (slug: string, id: string) =>
    request<Listing>('POST', `${territoryPath(slug)}/time-bank/listings/${encodeURIComponent(id)}/close`),
  exchanges: (slug: string, params: { owner?: Owner; status?: ExchangeStatus | ''; limit?: number; cursor?: string | null }) => {
    const { owner, ...rest } = params;
    return request<Page<Exchange>>('GET', `${territoryPath(slug)}/time-bank/exchanges`, { query: { ...rest, ...ownerQuery(owner) } });
  },
  proposeExchange: (slug: string, input: ExchangeProposal, idempotencyKey: string) =>
    request<Exchange>('POST', `${territoryPath(slug)}/time-bank/exchanges`, { json: input, idempotencyKey }),
  confirmExchange: (slug: string, id: string) =>
    request<Exchange>('POST', `${territoryPath(slug)}/time-bank/exchanges/${encodeURIComponent(id)}/confirm`),
  cancelExchange: (slug: string, id: string) =>
    request<Exchange>('POST', `${territoryPath(slug)}/time-bank/exchanges/${encodeURIComponent(id)}/cancel`),

  createPaymentRequest: (slug: string, input: { payee: Owner; amount: number; memo?: string; expiresAt?: string }) =>
    request<PaymentRequest>('POST', `${territoryPath(slug)}/payment-requests`, { json: input }),
  paymentRequests: (slug: string, params: { payee?: Owner; status?: PaymentRequestStatus | ''; limit?: number; cursor?: string | null }) => {
    const { payee, ...rest } = params;
    return request<Page<PaymentRequest>>('GET', `${territoryPath(slug)}/payment-requests`, {
      query: { ...rest, ...(payee ? { payeeType: payee.type, payeeId: payee.id } : {}) },
    });
  },
  paymentRequest: (slug: string, id: string) =>
    request<PaymentRequest>('GET', `${territoryPath(slug)}/payment-requests/${encodeURIComponent(id)}`),
  /** Paid at most once: the server refuses a second payment (409 already_paid), so no key is needed. */
  payPaymentRequest: (slug: string, id: string, from: Owner) =>
    request<PaymentRequest>('POST', `${territoryPath(slug)}/payment-requests/${encodeURIComponent(id)}/pay`, { json: { from } }),
  cancelPaymentRequest: (slug: string, id: string) =>
    request<PaymentRequest>('POST', `${territoryPath(slug)}/payment-requests/${encodeURIComponent(id)}/cancel`),

  acceptingOrganisations: (
    slug: string,
    params: { category?: AcceptanceCategory | ''; commune?: string; limit?: number; cursor?: string | null },
  ) => request<Page<AcceptingOrganisation>>('GET', `${territoryPath(slug)}/currency/acceptance`, { query: params }),
  currencyAcceptance: (slug: string, organisationId: string) =>
    request<CurrencyAcceptance>('GET', `${organisationPath(slug, organisationId)}/currency-acceptance`),
  setCurrencyAcceptance: (
    slug: string,
    organisationId: string,
    input: { accepts: boolean; category: AcceptanceCategory | null; note: string | null },
  ) => request<CurrencyAcceptance>('PUT', `${organisationPath(slug, organisationId)}/currency-acceptance`, { json: input }),

  pact: (slug: string) => request<PactOverview>('GET', `${territoryPath(slug)}/pact`),
  vision: (slug: string) => request<VisionVersion>('GET', `${territoryPath(slug)}/pact/vision`),
  visionVersions: (slug: string) => request<Items<VisionVersionHead>>('GET', `${territoryPath(slug)}/pact/vision/versions`),
  visionDiff: (slug: string, from: number, to: number) =>
    request<VisionDiff>('GET', `${territoryPath(slug)}/pact/vision/versions/${from}/diff/${to}`),
  taskForces: (slug: string) => request<Items<TaskForce>>('GET', `${territoryPath(slug)}/task-forces`),
  taskForce: (slug: string, id: string) => request<TaskForceDetail>('GET', `${territoryPath(slug)}/task-forces/${encodeURIComponent(id)}`),
  commitments: (slug: string, params: { taskForceId?: string; organisationId?: string; status?: CommitmentStatus; late?: boolean }) =>
    request<Items<Commitment>>('GET', `${territoryPath(slug)}/commitments`, { query: { ...params, late: params.late === undefined ? undefined : String(params.late) } }),
  commitment: (slug: string, id: string) => request<CommitmentDetail>('GET', `${territoryPath(slug)}/commitments/${encodeURIComponent(id)}`),
  chronicle: (slug: string, params: ChronicleFilter & { limit?: number; cursor?: string | null }) =>
    request<Page<ChronicleEntry>>('GET', `${territoryPath(slug)}/chronicle`, { query: { ...params } }),
  createPact: (slug: string, input: PactInput) => request<Pact>('POST', `${territoryPath(slug)}/pact`, { json: input }),
  updatePact: (slug: string, patch: PactPatch) => request<Pact>('PATCH', `${territoryPath(slug)}/pact`, { json: patch }),
  signPact: (slug: string, organisationId: string) =>
    request<PactSignature>('POST', `${territoryPath(slug)}/pact/signatures`, { json: { organisationId } }),
  publishVision: (slug: string, input: VisionInput) => request<VisionVersion>('POST', `${territoryPath(slug)}/pact/vision`, { json: input }),
  createTaskForce: (slug: string, input: TaskForceInput) =>
    request<TaskForceDetail>('POST', `${territoryPath(slug)}/task-forces`, { json: input }),
  updateTaskForce: (slug: string, id: string, patch: TaskForcePatch) =>
    request<TaskForceDetail>('PATCH', `${territoryPath(slug)}/task-forces/${encodeURIComponent(id)}`, { json: patch }),
  /** Adds a member, or changes the role of one already there. */
  setTaskForceMember: (slug: string, id: string, input: TaskForceMemberInput) =>
    request<TaskForceMember>('POST', `${territoryPath(slug)}/task-forces/${encodeURIComponent(id)}/members`, { json: input }),
  makeCommitment: (slug: string, input: CommitmentInput) => request<Commitment>('POST', `${territoryPath(slug)}/commitments`, { json: input }),
  postCommitmentUpdate: (slug: string, id: string, input: CommitmentUpdateInput) =>
    request<CommitmentDetail>('POST', `${territoryPath(slug)}/commitments/${encodeURIComponent(id)}/updates`, { json: input }),
  decisions: (slug: string, taskForceId: string) =>
    request<Items<Decision>>('GET', `${territoryPath(slug)}/task-forces/${encodeURIComponent(taskForceId)}/decisions`),
  decision: (slug: string, taskForceId: string, id: string) =>
    request<DecisionDetail>('GET', `${territoryPath(slug)}/task-forces/${encodeURIComponent(taskForceId)}/decisions/${encodeURIComponent(id)}`),
  openDecision: (slug: string, taskForceId: string, input: DecisionInput) =>
    request<DecisionDetail>('POST', `${territoryPath(slug)}/task-forces/${encodeURIComponent(taskForceId)}/decisions`, { json: input }),
  /** Votes as oneself, or with `organisationId` for that organisation as its representative; a second vote replaces the first. */
  voteOnDecision: (slug: string, taskForceId: string, id: string, input: { choice: VoteChoice; organisationId?: string }) =>
    request<DecisionDetail>(
      'POST',
      `${territoryPath(slug)}/task-forces/${encodeURIComponent(taskForceId)}/decisions/${encodeURIComponent(id)}/votes`,
      { json: input },
    ),
  closeDecision: (slug: string, taskForceId: string, id: string) =>
    request<DecisionDetail>(
      'POST',
      `${territoryPath(slug)}/task-forces/${encodeURIComponent(taskForceId)}/decisions/${encodeURIComponent(id)}/close`,
    ),
  /** The address of the chronicle's Atom feed, with the same filters (for a feed reader: not fetched here). */
  chronicleFeedUrl: (slug: string, filter: ChronicleFilter) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(filter)) if (value) params.set(key, value);
    const search = params.toString();
    return `/api/v1${territoryPath(slug)}/chronicle.atom${search ? `?${search}` : ''}`;
  },
};

/** The metabolism and symbiosis module (src/modules/metabolism), kept apart so that modules do not edit the same lines. */
const metabolismPath = (slug: string) => `${territoryPath(slug)}/metabolism`;
const symbiosisPath = (slug: string) => `${territoryPath(slug)}/symbiosis`;

export const metabolismApi = {
  /** The years that have accounts, oldest first, with their number of flows and tonnes. */
  years: (slug: string) => request<Items<MetabolismYear>>('GET', `${metabolismPath(slug)}/years`).then((page) => page.items),
  indicators: (slug: string, year: number) => request<YearIndicators>('GET', `${metabolismPath(slug)}/indicators`, { query: { year } }),
  /** At most `maxNodes` nodes: beyond, the server groups actors (then processes) by NAF section. */
  sankey: (slug: string, year: number, drill: { category: string | null; actor: string | null; section: string | null }, maxNodes?: number) =>
    request<MetabolismSankey>('GET', `${metabolismPath(slug)}/sankey`, {
      query: { year, maxNodes, category: drill.category, actor: drill.actor, section: drill.section },
    }),

  nodes: (slug: string, year: number) => request<Items<MetabolismNode>>('GET', `${metabolismPath(slug)}/nodes`, { query: { year } }),
  createNode: (slug: string, input: NodeInput) => request<MetabolismNode>('POST', `${metabolismPath(slug)}/nodes`, { json: input }),
  flows: (slug: string, year: number, params: { limit?: number; cursor?: string | null } = {}) =>
    request<FlowPage>('GET', `${metabolismPath(slug)}/flows`, { query: { year, ...params } }),
  createFlow: (slug: string, year: number, input: FlowInput) =>
    request<MetabolismFlow>('POST', `${metabolismPath(slug)}/flows`, { json: { year, ...input } }),
  updateFlow: (slug: string, id: string, patch: Partial<FlowInput>) =>
    request<MetabolismFlow>('PATCH', `${metabolismPath(slug)}/flows/${encodeURIComponent(id)}`, { json: patch }),
  importFlows: (slug: string, year: number, csv: string) =>
    request<ImportResult>('POST', `${metabolismPath(slug)}/flows/import`, { text: csv, contentType: 'text/csv', query: { year } }),
  importWasteDeclarations: (slug: string, year: number, csv: string) =>
    request<ImportResult>('POST', `${metabolismPath(slug)}/declarations/import`, { text: csv, contentType: 'text/csv', query: { year } }),
  balances: (slug: string, year: number) => request<Items<NodeBalance>>('GET', `${metabolismPath(slug)}/balances`, { query: { year } }),
  /** What a reconciliation would give; nothing is written. */
  reconciliation: (slug: string, year: number) => request<ReconciliationReport>('GET', `${metabolismPath(slug)}/reconciliation`, { query: { year } }),
  applyReconciliation: (slug: string, year: number) =>
    request<AppliedReconciliation>('POST', `${metabolismPath(slug)}/reconciliation`, { query: { year } }),

  synergies: (slug: string) => request<PublicSynergies>('GET', `${symbiosisPath(slug)}/synergies`),
  synergy: (slug: string, id: string) => request<PublicSynergyDetail>('GET', `${symbiosisPath(slug)}/synergies/${encodeURIComponent(id)}`),
  offers: (slug: string, organisationId?: string) =>
    request<Items<SymbiosisOffer> & { hiddenConfidential: number }>('GET', `${symbiosisPath(slug)}/offers`, { query: { organisationId } }),
  createOffer: (slug: string, input: OfferInput) => request<SymbiosisOffer>('POST', `${symbiosisPath(slug)}/offers`, { json: input }),
  needs: (slug: string, organisationId?: string) => request<Items<SymbiosisNeed>>('GET', `${symbiosisPath(slug)}/needs`, { query: { organisationId } }),
  createNeed: (slug: string, input: NeedInput) => request<SymbiosisNeed>('POST', `${symbiosisPath(slug)}/needs`, { json: input }),
  /** The funnel board: matches of my organisations, every one for facilitators and auditors. */
  matches: (slug: string, params: { organisationId?: string; status?: MatchStatus } = {}) =>
    request<Items<SymbiosisMatch>>('GET', `${symbiosisPath(slug)}/matches`, { query: params }),
  moveMatch: (slug: string, id: string, transition: MatchTransition) =>
    request<SymbiosisMatch>('POST', `${symbiosisPath(slug)}/matches/${encodeURIComponent(id)}/transitions`, { json: transition }),
};
