import { request, territoryPath } from './api';
import type { Items } from './api-contract';
import type {
  DefinitionInput,
  DefinitionUpdateInput,
  ImportOutcome,
  IndicatorCatalogue,
  IndicatorDefinition,
  IndicatorPage,
  LiveComputed,
  Observation,
  ObservationInput,
  Progress,
  PublishOutcome,
  RecordOutcome,
  Target,
  TargetInput,
  VisionTargetsOutcome,
} from './indicators-contract';

/** The indicators module (src/modules/indicators), kept apart so that modules do not edit the same lines. */
const indicatorsPath = (slug: string) => `${territoryPath(slug)}/indicators`;
const indicatorPath = (slug: string, code: string) => `${indicatorsPath(slug)}/${encodeURIComponent(code)}`;

/**
 * The stable address of an open-data file (`employment_rate.csv`, `datapackage.json`, …), for a plain
 * link: these files are public, and a link lets the browser, a spreadsheet or a script fetch them alike.
 */
export function openDataUrl(slug: string, file: string): string {
  return `/api/v1${indicatorsPath(slug)}/${file.split('/').map(encodeURIComponent).join('/')}`;
}

export const indicatorsApi = {
  /** Every indicator with its latest total value, target and progress status. */
  catalogue: (slug: string) => request<IndicatorCatalogue>('GET', indicatorsPath(slug)),
  /** The indicators that have a target, with where each stands. */
  overview: (slug: string) => request<IndicatorCatalogue>('GET', `${indicatorsPath(slug)}/overview`),
  page: (slug: string, code: string) => request<IndicatorPage>('GET', indicatorPath(slug, code)),
  progress: (slug: string, code: string) =>
    request<Progress & { indicatorCode: string; target: Target | null }>('GET', `${indicatorPath(slug, code)}/progress`),
  /** Every revision, superseded ones included, oldest first within each cell. */
  revisions: (slug: string, code: string) =>
    request<Items<Observation>>('GET', `${indicatorPath(slug, code)}/revisions`).then((page) => page.items),
  targetHistory: (slug: string, code: string) =>
    request<Items<Target>>('GET', `${indicatorPath(slug, code)}/targets`).then((page) => page.items),
  targets: (slug: string) => request<Items<Target>>('GET', `${indicatorsPath(slug)}/targets`).then((page) => page.items),
  liveComputed: (slug: string, period: string) => request<LiveComputed>('GET', `${indicatorsPath(slug)}/computed/live`, { query: { period } }),

  seedCatalogue: (slug: string) => request<{ added: string[] }>('POST', `${indicatorsPath(slug)}/catalogue/seed`),
  createDefinition: (slug: string, input: DefinitionInput) => request<IndicatorDefinition>('POST', indicatorsPath(slug), { json: input }),
  updateDefinition: (slug: string, code: string, input: DefinitionUpdateInput) =>
    request<IndicatorDefinition>('PUT', indicatorPath(slug, code), { json: input }),
  recordObservation: (slug: string, code: string, input: ObservationInput) =>
    request<RecordOutcome>('POST', `${indicatorPath(slug, code)}/observations`, { json: input }),
  /** An Open SDG tidy CSV; all rows or none. */
  importObservations: (slug: string, code: string, csv: string, source: string | null) =>
    request<ImportOutcome>('POST', `${indicatorPath(slug, code)}/observations/import`, { text: csv, contentType: 'text/csv', query: { source } }),
  setTarget: (slug: string, code: string, input: TargetInput) => request<Target>('PUT', `${indicatorPath(slug, code)}/target`, { json: input }),
  targetsFromVision: (slug: string) => request<VisionTargetsOutcome>('POST', `${indicatorsPath(slug)}/targets/from-vision`),
  publishComputed: (slug: string, period: string) => request<PublishOutcome>('POST', `${indicatorsPath(slug)}/computed/publish`, { json: { period } }),
};

/** Query keys, so that a write can refresh every view of the indicators at once. */
export const indicatorsKey = (slug: string) => ['indicators', slug] as const;
