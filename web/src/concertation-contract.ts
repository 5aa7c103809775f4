/**
 * The concertation API's shapes (src/modules/concertation), mirrored for the web app, which does not
 * import server code. Kept in step with /api/v1/t/{territory}/concertation.
 */

export const phases = ['preparation', 'contributions', 'sessions', 'evaluation', 'closed'] as const;
export type Phase = (typeof phases)[number];

/** What a phase opens to anyone signed in, as the server's model decides it (`opensIn`). */
export interface Opens {
  proposals: boolean;
  supports: boolean;
  registrations: boolean;
}

export const actorKinds = ['public', 'private', 'civil_society'] as const;
export type ActorKind = (typeof actorKinds)[number];

export interface EditionSummary {
  id: string;
  year: number;
  title: string;
  phase: Phase;
  opens: Opens;
  sessions: number;
  initiatives: number;
  supports: number;
  reportPublishedAt: string | null;
}

export interface Registration {
  kind: ActorKind;
  onBehalfOf: string | null;
  attended: boolean | null;
}

export interface WorkshopSession {
  id: string;
  title: string;
  startsAt: string;
  endsAt: string;
  place: string;
  agenda: string;
  capacity: number | null;
  registered: number;
  attended: number | null;
  myRegistration: Registration | null;
}

export interface PhaseStep {
  phase: Phase;
  enteredAt: string;
  by: string | null;
  note: string;
}

export interface PublishedReport {
  snapshotId: string;
  comparedWithSnapshotId: string | null;
  publishedAt: string;
  asOf: string;
}

export interface Edition {
  id: string;
  year: number;
  title: string;
  description: string;
  phase: Phase;
  phaseHistory: PhaseStep[];
  nextPhase: Phase | null;
  opens: Opens;
  sessions: WorkshopSession[];
  report: PublishedReport | null;
  visionDraft: { statement: string; basedOnVersion: number; updatedAt: string; publishedVersion: number | null } | null;
  /** What the current viewer may do. */
  can: { manage: boolean; propose: boolean; support: boolean; register: boolean };
}

export const initiativeStatuses = ['proposed', 'accepted', 'merged', 'declined'] as const;
export type InitiativeStatus = (typeof initiativeStatuses)[number];

export interface Initiative {
  id: string;
  editionYear: number;
  title: string;
  description: string;
  proposerName: string;
  kind: ActorKind;
  organisationName: string | null;
  objectiveIds: string[];
  objectives: { id: string; title: string }[];
  createdAt: string;
  supports: number;
  supportedByMe: boolean;
  status: InitiativeStatus;
  triage: { decision: string; reason: string | null; decidedAt: string; decidedBy: string | null } | null;
  /** `path` is relative to the territory's portal, e.g. `/task-forces/{id}`. */
  outcome: { kind: 'task_force' | 'commitment'; id: string; title: string; path: string } | null;
  mergedInto: { id: string; title: string } | null;
}

export interface InitiativeInput {
  title: string;
  description: string;
  onBehalfOf: string | null;
  objectiveIds: string[];
}

export interface ParticipationCounts {
  public: number;
  private: number;
  civil_society: number;
  total: number;
}

export const participationWays = ['registrations', 'attendance', 'initiatives', 'supports', 'overall'] as const;
export type ParticipationWay = (typeof participationWays)[number];

export interface ParticipationBalance extends Record<ParticipationWay, ParticipationCounts> {
  /** Each kind's share of `overall`, in percent; null while nobody took part. */
  shares: Record<ActorKind, number | null>;
  minimumSharePercent: number;
  underRepresented: ActorKind[];
}

export interface InitiativeOrigin {
  initiative: { id: string; title: string; editionYear: number };
}

// ── the evaluation report (src/modules/concertation/report-types.ts) ─────────────────────────────

export type ReportLanguage = 'fr' | 'en';

interface ChartBase {
  id: string;
  title: string;
  /** A sentence saying what the chart shows: its alternative text. */
  description: string;
}

export type ChartSpec =
  | (ChartBase & { kind: 'bar'; unit: string; categories: string[]; series: { name: string; values: (number | null)[] }[]; max?: number })
  | (ChartBase & { kind: 'pie'; slices: { name: string; value: number }[] })
  | (ChartBase & { kind: 'line'; unit: string; x: string[]; series: { name: string; values: (number | null)[] }[] });

export interface ReportTable {
  caption: string;
  columns: string[];
  rows: string[][];
  align: ('left' | 'right')[];
}

export interface ReportSection {
  id: string;
  kind: 'objective' | 'task_force' | 'currency' | 'metabolism' | 'certificates' | 'participation' | 'initiatives';
  title: string;
  paragraphs: string[];
  tables: ReportTable[];
  charts: ChartSpec[];
}

export interface KeyFigure {
  label: string;
  value: string;
  change: string | null;
}

export interface EvaluationReport {
  language: ReportLanguage;
  title: string;
  subtitle: string;
  snapshot: { id: string; asOf: string; takenAt: string; contentSha256: string };
  comparedWith: { id: string; asOf: string } | null;
  overview: { paragraphs: string[]; keyFigures: KeyFigure[]; charts: ChartSpec[] };
  sections: ReportSection[];
  method: string[];
}

// ── snapshots and their comparison (src/modules/concertation/snapshot-model.ts) ─────────────────

export interface Bilingual {
  fr: string;
  en: string;
}

export interface SnapshotHead {
  id: string;
  asOf: string;
  takenAt: string;
  takenBy: string | null;
  editionYear: number | null;
  contentSha256: string;
}

export const directions = ['better', 'worse', 'unchanged', 'not_comparable'] as const;
export type Direction = (typeof directions)[number];

export interface FigureChange {
  key: string;
  label: Bilingual;
  unit: Bilingual | null;
  before: number | null;
  after: number | null;
  delta: number | null;
  relativePercent: number | null;
  direction: Direction;
  targetValue: number | null;
}

export interface CommitmentChange {
  id: string;
  statement: string;
  statusBefore: string | null;
  statusAfter: string | null;
  progressBefore: number | null;
  progressAfter: number | null;
  delta: number | null;
  direction: Direction;
}

export const figureGroups = ['indicators', 'computed', 'taskForces', 'certificates', 'currency', 'metabolism'] as const;
export type FigureGroup = (typeof figureGroups)[number];

export interface SnapshotComparison extends Record<FigureGroup, FigureChange[]> {
  from: { asOf: string };
  to: { asOf: string };
  commitments: CommitmentChange[];
}
