import { ApiProblem, request, territoryPath } from './api';
import type { Items } from './api-contract';
import type {
  Edition,
  EditionSummary,
  EvaluationReport,
  Initiative,
  InitiativeInput,
  InitiativeOrigin,
  ParticipationBalance,
  ReportLanguage,
  SnapshotComparison,
  SnapshotHead,
  WorkshopSession,
} from './concertation-contract';

/** The concertation module (src/modules/concertation): yearly workshops, their initiatives and their evaluation report. */
const concertationPath = (slug: string) => `${territoryPath(slug)}/concertation`;
const editionPath = (slug: string, year: number) => `${concertationPath(slug)}/editions/${year}`;
const idPath = (slug: string, collection: string, id: string) => `${concertationPath(slug)}/${collection}/${encodeURIComponent(id)}`;

/** Public files (the report's PDF and its charts): plain addresses, for links and images. */
export function reportPdfUrl(slug: string, year: number, lang: ReportLanguage): string {
  return `/api/v1${editionPath(slug, year)}/report.pdf?lang=${lang}`;
}

export function reportChartUrl(slug: string, year: number, chartId: string, lang: ReportLanguage): string {
  return `/api/v1${editionPath(slug, year)}/report/charts/${encodeURIComponent(chartId)}.svg?lang=${lang}`;
}

export const concertationApi = {
  editions: (slug: string) => request<Items<EditionSummary>>('GET', `${concertationPath(slug)}/editions`).then((page) => page.items),
  edition: (slug: string, year: number) => request<Edition>('GET', editionPath(slug, year)),
  initiatives: (slug: string, year: number) =>
    request<Items<Initiative>>('GET', `${editionPath(slug, year)}/initiatives`).then((page) => page.items),
  balance: (slug: string, year: number) => request<ParticipationBalance>('GET', `${editionPath(slug, year)}/balance`),
  report: (slug: string, year: number, lang: ReportLanguage) =>
    request<EvaluationReport>('GET', `${editionPath(slug, year)}/report`, { query: { lang } }),

  register: (slug: string, sessionId: string, onBehalfOf: string | null) =>
    request<WorkshopSession>('POST', `${idPath(slug, 'sessions', sessionId)}/registrations`, { json: { onBehalfOf } }),
  unregister: (slug: string, sessionId: string) => request<void>('DELETE', `${idPath(slug, 'sessions', sessionId)}/registrations/me`),

  propose: (slug: string, year: number, input: InitiativeInput) =>
    request<Initiative>('POST', `${editionPath(slug, year)}/initiatives`, { json: input }),
  support: (slug: string, initiativeId: string, onBehalfOf: string | null) =>
    request<Initiative>('POST', `${idPath(slug, 'initiatives', initiativeId)}/supports`, { json: { onBehalfOf } }),
  withdrawSupport: (slug: string, initiativeId: string) => request<void>('DELETE', `${idPath(slug, 'initiatives', initiativeId)}/supports/me`),

  /** The initiative a task force or a commitment was born from; null when it was not born from one. */
  origin: async (slug: string, kind: 'task-forces' | 'commitments', id: string): Promise<InitiativeOrigin | null> => {
    try {
      return await request<InitiativeOrigin>('GET', `${concertationPath(slug)}/origins/${kind}/${encodeURIComponent(id)}`);
    } catch (error) {
      if (error instanceof ApiProblem && error.status === 404) return null;
      throw error;
    }
  },

  snapshots: (slug: string) => request<Items<SnapshotHead>>('GET', `${concertationPath(slug)}/snapshots`).then((page) => page.items),
  compare: (slug: string, id: string, otherId: string) =>
    request<SnapshotComparison>('GET', `${idPath(slug, 'snapshots', id)}/compare/${encodeURIComponent(otherId)}`),
};
