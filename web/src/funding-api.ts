import { ApiProblem, api, currentCsrfToken, readProblem, request, territoryPath } from './api';
import type { Items } from './api-contract';
import type {
  ApprovalRule,
  Campaign,
  CampaignDetail,
  CampaignInput,
  CampaignResolution,
  CampaignStatus,
  CeeCatalogue,
  CeeEstimate,
  CeeEstimateInput,
  CeeLineInput,
  Execution,
  Expense,
  ExpenseInput,
  FundingLine,
  FundingLineInput,
  FundingLinePatch,
  FundingPlan,
  FundingProject,
  FundingSettings,
  MatchPool,
  MatchPoolInput,
  Pledge,
  PledgeInput,
  ProjectInput,
} from './funding-contract';

/** The funding module (src/modules/funding), kept apart so that modules do not edit the same lines. */
const fundingPath = (slug: string) => `${territoryPath(slug)}/funding`;
const taskForcePath = (slug: string, taskForceId: string) => `${fundingPath(slug)}/task-forces/${encodeURIComponent(taskForceId)}`;
const idPath = (slug: string, collection: string, id: string) => `${fundingPath(slug)}/${collection}/${encodeURIComponent(id)}`;

/** Public files (open data, the CEE catalogue as CSV): plain links, which a spreadsheet or a script can fetch alike. */
export function fundingFileUrl(slug: string, file: string): string {
  return `/api/v1${fundingPath(slug)}/${file}`;
}

/** Where the receipt of an expense is downloaded (working members, facilitators, auditors). */
export function receiptUrl(slug: string, expenseId: string): string {
  return `/api/v1${idPath(slug, 'expenses', expenseId)}/receipt`;
}

async function postFile<T>(path: string, file: File): Promise<T> {
  const send = async () => {
    const body = new FormData();
    body.append('file', file, file.name);
    try {
      return await fetch(`/api/v1${path}`, {
        method: 'POST',
        headers: { accept: 'application/json', 'accept-language': document.documentElement.lang || 'fr', 'x-csrf-token': await currentCsrfToken() },
        body,
        credentials: 'same-origin',
      });
    } catch (error) {
      throw new ApiProblem(0, { detail: error instanceof Error ? error.message : String(error) });
    }
  };
  let response = await send();
  if (response.status === 403 && /csrf/i.test((await readProblem(response.clone())).code)) {
    // A stale token (signed in elsewhere meanwhile): the session call fetches a fresh one.
    await api.session();
    response = await send();
  }
  if (!response.ok) throw await readProblem(response);
  return (await response.json()) as T;
}

export const fundingApi = {
  taskForcePlan: (slug: string, taskForceId: string) => request<FundingPlan>('GET', `${taskForcePath(slug, taskForceId)}/plan`),
  projectPlan: (slug: string, projectId: string) => request<FundingPlan>('GET', `${idPath(slug, 'projects', projectId)}/plan`),
  projects: (slug: string, taskForceId?: string) =>
    request<Items<FundingProject>>('GET', `${fundingPath(slug)}/projects`, { query: { taskForceId } }).then((page) => page.items),
  createProject: (slug: string, taskForceId: string, input: ProjectInput) =>
    request<FundingProject>('POST', `${taskForcePath(slug, taskForceId)}/projects`, { json: input }),
  updateProject: (slug: string, id: string, patch: Partial<ProjectInput>) =>
    request<FundingProject>('PATCH', idPath(slug, 'projects', id), { json: patch }),

  addLine: (slug: string, taskForceId: string, input: FundingLineInput) =>
    request<FundingLine>('POST', `${taskForcePath(slug, taskForceId)}/lines`, { json: input }),
  addCeeLine: (slug: string, taskForceId: string, input: CeeLineInput) =>
    request<FundingLine>('POST', `${taskForcePath(slug, taskForceId)}/lines/cee`, { json: input }),
  updateLine: (slug: string, id: string, patch: FundingLinePatch) => request<FundingLine>('PATCH', idPath(slug, 'lines', id), { json: patch }),

  settings: (slug: string) => request<FundingSettings>('GET', `${fundingPath(slug)}/settings`),
  updateSettings: (slug: string, patch: Partial<Pick<FundingSettings, 'ceePriceCentsPerMWh' | 'climateZone'>>) =>
    request<FundingSettings>('PATCH', `${fundingPath(slug)}/settings`, { json: patch }),
  ceeCatalogue: (slug: string) => request<CeeCatalogue>('GET', `${fundingPath(slug)}/cee/operations`),
  /** All rows or none: a refusal names each row and column at fault. */
  replaceCeeCatalogue: (slug: string, file: { csv: string } | { operations: unknown[] }) =>
    request<CeeCatalogue>(
      'PUT',
      `${fundingPath(slug)}/cee/operations`,
      'csv' in file ? { text: file.csv, contentType: 'text/csv' } : { json: { operations: file.operations } },
    ),
  estimateCee: (slug: string, input: CeeEstimateInput) => request<CeeEstimate>('POST', `${fundingPath(slug)}/cee/estimate`, { json: input }),

  campaigns: (slug: string, params: { taskForceId?: string; projectId?: string; status?: CampaignStatus } = {}) =>
    request<Items<Campaign>>('GET', `${fundingPath(slug)}/campaigns`, { query: params }).then((page) => page.items),
  campaign: (slug: string, id: string) => request<CampaignDetail>('GET', idPath(slug, 'campaigns', id)),
  createCampaign: (slug: string, projectId: string, input: CampaignInput) =>
    request<Campaign>('POST', `${idPath(slug, 'projects', projectId)}/campaigns`, { json: input }),
  updateCampaign: (slug: string, id: string, patch: Partial<CampaignInput> & { status?: 'open' | 'closed' }) =>
    request<Campaign>('PATCH', idPath(slug, 'campaigns', id), { json: patch }),
  /** A retry with the same key returns the first pledge instead of pledging twice. */
  pledge: (slug: string, campaignId: string, input: PledgeInput, idempotencyKey: string) =>
    request<Pledge>('POST', `${idPath(slug, 'campaigns', campaignId)}/pledges`, { json: input, idempotencyKey }),
  myPledges: (slug: string) => request<Items<Pledge>>('GET', `${fundingPath(slug)}/my-pledges`).then((page) => page.items),
  closeDueCampaigns: (slug: string) =>
    request<Items<CampaignResolution>>('POST', `${fundingPath(slug)}/campaigns/close-due`).then((page) => page.items),

  pools: (slug: string) => request<Items<MatchPool>>('GET', `${fundingPath(slug)}/match-pools`).then((page) => page.items),
  createPool: (slug: string, input: MatchPoolInput) => request<MatchPool>('POST', `${fundingPath(slug)}/match-pools`, { json: input }),
  closePool: (slug: string, id: string) => request<MatchPool>('POST', `${idPath(slug, 'match-pools', id)}/close`),

  expenses: (slug: string, taskForceId: string) =>
    request<Items<Expense>>('GET', `${taskForcePath(slug, taskForceId)}/expenses`).then((page) => page.items),
  createExpense: (slug: string, taskForceId: string, input: ExpenseInput) =>
    request<Expense>('POST', `${taskForcePath(slug, taskForceId)}/expenses`, { json: input }),
  updateExpense: (slug: string, id: string, patch: Partial<ExpenseInput>) => request<Expense>('PATCH', idPath(slug, 'expenses', id), { json: patch }),
  /** Multipart, field `file`: PDF, PNG, JPEG or WebP, 10 MB at most. */
  attachReceipt: (slug: string, id: string, file: File) => postFile<Expense>(`${idPath(slug, 'expenses', id)}/receipt`, file),
  submitExpense: (slug: string, id: string) => request<Expense>('POST', `${idPath(slug, 'expenses', id)}/submit`),
  decideExpense: (slug: string, id: string, input: { decision: 'approve' | 'reject'; note?: string }) =>
    request<Expense>('POST', `${idPath(slug, 'expenses', id)}/approvals`, { json: input }),
  payExpense: (slug: string, id: string) => request<Expense>('POST', `${idPath(slug, 'expenses', id)}/pay`),
  approvalRule: (slug: string, taskForceId: string) => request<ApprovalRule>('GET', `${taskForcePath(slug, taskForceId)}/approval-rule`),
  setApprovalRule: (slug: string, taskForceId: string, approversRequired: number) =>
    request<ApprovalRule>('PUT', `${taskForcePath(slug, taskForceId)}/approval-rule`, { json: { approversRequired } }),
  execution: (slug: string, taskForceId: string) => request<Execution>('GET', `${taskForcePath(slug, taskForceId)}/execution`),
};
