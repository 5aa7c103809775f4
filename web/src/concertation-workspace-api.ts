import { request, territoryPath } from './api';
import type { Items } from './api-contract';
import type { Edition, EvaluationReport, Initiative, Phase, ReportLanguage, SnapshotHead, WorkshopSession } from './concertation-contract';
import type {
  ConcertationSettings,
  MyParticipation,
  EditionInput,
  PublishedVisionDraft,
  RegistrationRow,
  SessionInput,
  TriageInput,
  VisionDraft,
  VisionDraftInput,
} from './concertation-workspace-contract';

/**
 * The concertation module's calls that the workspace makes (src/modules/concertation): facilitators'
 * writes and reads; the public reads are in concertation-api.ts. `edition` in paths is the year.
 */
const basePath = (slug: string) => `${territoryPath(slug)}/concertation`;
const editionPath = (slug: string, year: number) => `${basePath(slug)}/editions/${year}`;
const idPath = (slug: string, collection: string, id: string) => `${basePath(slug)}/${collection}/${encodeURIComponent(id)}`;

/** Where a chart of a report preview is drawn by the server (SVG). */
export function snapshotChartUrl(slug: string, snapshotId: string, chartId: string, lang: ReportLanguage, compareWith: string | null): string {
  const query = new URLSearchParams({ lang, ...(compareWith ? { compareWith } : {}) });
  return `/api/v1${idPath(slug, 'snapshots', snapshotId)}/charts/${encodeURIComponent(chartId)}.svg?${query.toString()}`;
}

export const concertationWorkspaceApi = {
  myParticipation: (slug: string) => request<MyParticipation>('GET', `${basePath(slug)}/me`),
  createEdition: (slug: string, input: EditionInput) => request<Edition>('POST', `${basePath(slug)}/editions`, { json: input }),
  movePhase: (slug: string, year: number, input: { to: Phase; note?: string }) =>
    request<Edition>('POST', `${editionPath(slug, year)}/phase`, { json: input }),

  createSession: (slug: string, year: number, input: SessionInput) =>
    request<WorkshopSession>('POST', `${editionPath(slug, year)}/sessions`, { json: input }),
  updateSession: (slug: string, id: string, patch: Partial<SessionInput>) =>
    request<WorkshopSession>('PATCH', idPath(slug, 'sessions', id), { json: patch }),
  registrations: (slug: string, sessionId: string) => request<Items<RegistrationRow>>('GET', `${idPath(slug, 'sessions', sessionId)}/registrations`),
  setAttendance: (slug: string, sessionId: string, input: { personId: string; attended: boolean }) =>
    request<RegistrationRow>('PUT', `${idPath(slug, 'sessions', sessionId)}/attendance`, { json: input }),

  triage: (slug: string, initiativeId: string, input: TriageInput) =>
    request<Initiative>('POST', `${idPath(slug, 'initiatives', initiativeId)}/triage`, { json: input }),

  settings: (slug: string) => request<ConcertationSettings>('GET', `${basePath(slug)}/settings`),
  updateSettings: (slug: string, input: ConcertationSettings) => request<ConcertationSettings>('PUT', `${basePath(slug)}/settings`, { json: input }),

  takeSnapshot: (slug: string, input: { asOf: string; editionYear?: number }) => request<SnapshotHead>('POST', `${basePath(slug)}/snapshots`, { json: input }),
  reportPreview: (slug: string, snapshotId: string, lang: ReportLanguage, compareWith: string | null) =>
    request<EvaluationReport>('GET', `${idPath(slug, 'snapshots', snapshotId)}/report`, { query: { lang, compareWith } }),
  publishReport: (slug: string, year: number, input: { snapshotId: string; comparedWithSnapshotId?: string }) =>
    request<Edition>('POST', `${editionPath(slug, year)}/report`, { json: input }),

  visionDraft: (slug: string, year: number) => request<VisionDraft>('GET', `${editionPath(slug, year)}/vision-draft`),
  saveVisionDraft: (slug: string, year: number, input: VisionDraftInput) =>
    request<VisionDraft>('PUT', `${editionPath(slug, year)}/vision-draft`, { json: input }),
  publishVisionDraft: (slug: string, year: number, reason: string) =>
    request<PublishedVisionDraft>('POST', `${editionPath(slug, year)}/vision-draft/publish`, { json: { reason } }),
};
