/**
 * The evaluation report as it is read: already in one language, every number already written out,
 * so that the web page, the PDF and the API show the same words. Built from a frozen snapshot by
 * `report-model.ts`; charts are drawn from their `ChartSpec` by `charts.ts` (SVG on the server, the
 * same picture in the page and in the PDF), and every chart has a table of the same figures beside it.
 */
export type ReportLanguage = 'fr' | 'en';

export interface ChartSeries {
  name: string;
  /** One value per category (or per x); null where there is none. */
  values: (number | null)[];
}

interface ChartBase {
  /** Stable within a report: `overview-commitments`, `task-force-<id>`; used in the chart's URL. */
  id: string;
  title: string;
  /** A sentence saying what the chart shows, for its alternative text. */
  description: string;
}

/** Horizontal bars: one row per category, one bar per series (e.g. last year and this year). */
export interface BarChartSpec extends ChartBase {
  kind: 'bar';
  unit: string;
  categories: string[];
  series: ChartSeries[];
  /** The axis maximum (100 for percentages); the data's own when absent. */
  max?: number;
}

/** Parts of a whole (commitments by status, certificates by level, participation by kind of actor). */
export interface PieChartSpec extends ChartBase {
  kind: 'pie';
  slices: { name: string; value: number }[];
}

/** Values over time (circulation against the reserve, month by month). */
export interface LineChartSpec extends ChartBase {
  kind: 'line';
  unit: string;
  x: string[];
  series: ChartSeries[];
}

export type ChartSpec = BarChartSpec | PieChartSpec | LineChartSpec;

export interface ReportTable {
  caption: string;
  columns: string[];
  /** Text cells, already formatted in the report's language. */
  rows: string[][];
  /** Numbers are right-aligned. */
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
  /** The change since the previous evaluation, in words ("+12 points depuis 2025"), when there is one. */
  change: string | null;
}

export interface EvaluationReport {
  language: ReportLanguage;
  /** The territory's name: the PDF's author. */
  territory?: string;
  title: string;
  subtitle: string;
  snapshot: { id: string; asOf: string; takenAt: string; contentSha256: string };
  comparedWith: { id: string; asOf: string } | null;
  overview: { paragraphs: string[]; keyFigures: KeyFigure[]; charts: ChartSpec[] };
  sections: ReportSection[];
  /** How to read the report: sources, what "progress" means, the snapshot's fingerprint. */
  method: string[];
}
