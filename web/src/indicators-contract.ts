/*
 * Shapes of the indicators API (src/modules/indicators/routes.ts and schemas.ts), as the web app reads
 * them. Kept apart from api-contract.ts so that the modules do not edit the same file.
 */

export const indicatorKinds = ['quantitative', 'binary', 'ordinal', 'narrative'] as const;
export type IndicatorKind = (typeof indicatorKinds)[number];

/** Neutral is for context figures (population) that frame others but are neither good nor bad. */
export const polarities = ['higher_is_better', 'lower_is_better', 'neutral'] as const;
export type Polarity = (typeof polarities)[number];

export const obtainedWays = ['entered', 'imported', 'computed'] as const;
export type Obtained = (typeof obtainedWays)[number];

/** The five finalités of the French reference framework for local Agendas 21 (2006). */
export const agenda21Finalites = ['climate', 'biodiversity', 'fulfilment', 'cohesion', 'responsible_production'] as const;
export type Agenda21Finalite = (typeof agenda21Finalites)[number];

/** The eleven dimensions of the OECD Regional Well-Being framework. */
export const oecdTopics = [
  'income',
  'jobs',
  'housing',
  'health',
  'education',
  'environment',
  'safety',
  'civic_engagement',
  'access_to_services',
  'community',
  'life_satisfaction',
] as const;
export type OecdTopic = (typeof oecdTopics)[number];

export const frameworks = ['nir', 'sdg', 'agenda21', 'oecd'] as const;
export type Framework = (typeof frameworks)[number];

export const sdgGoals = Array.from({ length: 17 }, (_, i) => i + 1);

export const observationStatuses = ['final', 'provisional'] as const;
export type ObservationStatus = (typeof observationStatuses)[number];

/** In the order a reader meets them: from the best news to what cannot be said yet. */
export const progressStatuses = [
  'target_achieved',
  'substantial_progress',
  'moderate_progress',
  'limited_progress',
  'deterioration',
  'target_not_achieved',
  'not_available',
] as const;
export type ProgressStatus = (typeof progressStatuses)[number];

export const notAvailableReasons = [
  'no_data',
  'too_few_years',
  'no_data_since_base_year',
  'mixed_signs',
  'neutral_polarity',
  'narrative',
  'no_target',
] as const;
export type NotAvailableReason = (typeof notAvailableReasons)[number];

export interface Bilingual {
  fr: string;
  en: string;
}

export interface SdgTag {
  goal: number;
  /** `8.5`, `17.17`, `12.a`. */
  target: string;
}

export interface IndicatorTags {
  nir: boolean;
  sdg: SdgTag[];
  agenda21: Agenda21Finalite[];
  oecd: OecdTopic[];
}

export interface Level {
  value: number;
  label: Bilingual;
}

export interface IndicatorDefinition {
  code: string;
  name: Bilingual;
  description: Bilingual;
  unit: Bilingual;
  kind: IndicatorKind;
  polarity: Polarity;
  limit: number | null;
  levels: Level[];
  tags: IndicatorTags;
  /** `nameEn` is how the English pages cite the source; null when the name needs no translation. */
  source: { name: string; nameEn: string | null; url: string | null };
  obtained: Obtained;
  computedBy: string | null;
}

export type DefinitionInput = IndicatorDefinition;
export type DefinitionUpdateInput = Omit<IndicatorDefinition, 'code'>;

/** A number; 0/1 for yes/no; the level's value for an ordinal scale; a text for a narrative. */
export type ObservationValue = number | string;

/** Dimension → value; the empty map is the total. */
export type Dimensions = Record<string, string>;

export interface Observation {
  id: string;
  indicatorCode: string;
  /** A year (2024), a month (2024-06) or a date (2024-06-30). */
  period: string;
  dimensions: Dimensions;
  value: ObservationValue;
  status: ObservationStatus;
  footnote: string | null;
  /** The footnote in English when the platform wrote it (a published computed value); null when people typed it. */
  footnoteEn: string | null;
  /** `computed:<module>` for a published computed value. */
  source: string | null;
  revision: number;
  current: boolean;
  recordedAt: string;
  recordedBy: string | null;
}

export interface ObservationInput {
  period: string;
  dimensions?: Dimensions;
  value: number | string | boolean;
  status?: ObservationStatus;
  footnote?: string | null;
  source?: string | null;
}

export type RecordOutcome = { outcome: 'created' | 'revised' | 'unchanged'; observation: Observation };

export interface ImportOutcome {
  created: number;
  revised: number;
  unchanged: number;
}

export interface Target {
  id: string;
  indicatorCode: string;
  baseYear: number | null;
  baseValue: number | null;
  targetYear: number;
  targetValue: number;
  origin: 'direct' | 'vision';
  objectiveId: string | null;
  visionVersion: number | null;
  setAt: string;
  setBy: string | null;
}

export interface TargetInput {
  baseYear?: number | null;
  baseValue?: number | null;
  targetYear: number;
  targetValue: number;
}

export interface CalculationStep {
  step: string;
  formula: string;
  value: number | string | null;
}

export interface Progress {
  status: ProgressStatus;
  score: number | null;
  method: 'target' | 'trend' | 'conditions' | null;
  reason: NotAvailableReason | null;
  progressValue: number | null;
  thresholds: { high: number; med: number; low: number } | null;
  inputs: {
    baseYear: number | null;
    baseValue: number | null;
    currentYear: number | null;
    currentValue: number | null;
    targetYear: number | null;
    targetValue: number | null;
    direction: number | null;
    sign: number | null;
    limit: number | null;
  };
  steps: CalculationStep[];
}

export interface Licence {
  name: string;
  title: string;
  path: string;
}

export interface TerritoryRef {
  slug: string;
  name: string;
}

export interface IndicatorSummary extends IndicatorDefinition {
  latest: { period: string; value: ObservationValue; status: ObservationStatus; footnote: string | null; footnoteEn: string | null } | null;
  target: Target | null;
  progress: { status: ProgressStatus; score: number | null };
}

export interface IndicatorCatalogue {
  territory: TerritoryRef;
  licence: Licence;
  items: IndicatorSummary[];
}

/** The open-data files of an indicator, relative to `/api/v1/t/{slug}/indicators/`. */
export interface IndicatorFiles {
  csv: string;
  json: string;
  metadata: string;
  progressCsv: string;
  datapackage: string;
  archive: string;
}

export interface IndicatorPage {
  territory: TerritoryRef;
  indicator: IndicatorDefinition;
  /** Dimension names of the series, `Series` first. */
  dimensions: string[];
  observations: Observation[];
  target: Target | null;
  progress: Progress;
  lastModified: string;
  licence: Licence;
  files: IndicatorFiles;
}

export interface VisionTargetsOutcome {
  applied: Target[];
  skipped: { objectiveId: string; title: string; indicatorCode: string | null; reason: string }[];
}

export interface LiveComputed {
  period: string;
  values: { code: string; module: string; value: number | null; footnote: Bilingual; published: Observation | null }[];
}

export const publishSkipReasons = ['not_in_catalogue', 'nothing_to_compute', 'already_published'] as const;
export type PublishSkipReason = (typeof publishSkipReasons)[number];

export interface PublishOutcome {
  period: string;
  published: Observation[];
  skipped: { code: string; module: string; reason: PublishSkipReason }[];
}

/** The territory-wide open-data files, relative to `/api/v1/t/{slug}/indicators/`. */
export const territoryOpenDataFiles = {
  datapackage: 'datapackage.json',
  archive: 'open-data.zip',
  catalogue: 'catalogue.csv',
  observations: 'observations.csv',
} as const;
