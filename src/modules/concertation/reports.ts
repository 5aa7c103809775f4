import { anonymous } from '../../platform/auth/actor.js';
import { notFound } from '../../platform/errors.js';
import type { ConcertationService } from './service.js';
import type { EvaluationService } from './evaluation.js';
import { chartsOf, type ReportInitiative } from './report-model.js';
import type { EvaluationReport, ReportLanguage } from './report-types.js';

// ECharts and PDFKit take about a second to load: they are loaded when a report is first drawn, not
// with the app (every server start and every test that builds the app would pay for them).
const charts = () => import('./charts.js');
const pdf = () => import('./report-pdf.js');

/**
 * The evaluation report in its three forms — the data of the web page, the charts as SVG, the PDF —
 * all built from the same report, so the page and the paper say the same thing.
 */
export class EvaluationReports {
  constructor(
    private readonly concertation: ConcertationService,
    private readonly evaluation: EvaluationService,
  ) {}

  /** The published report of an edition, with the edition's initiatives. */
  async ofEdition(slug: string, year: number, language: ReportLanguage): Promise<EvaluationReport> {
    const published = await this.concertation.publishedReport(slug, year);
    const initiatives: ReportInitiative[] = (await this.concertation.listInitiatives(anonymous, slug, year)).map((i) => ({
      title: i.title,
      kind: i.kind,
      supports: i.supports,
      status: i.status,
      outcomeTitle: i.outcome?.title ?? i.mergedInto?.title ?? null,
    }));
    return this.evaluation.report(slug, published.snapshotId, language, published.comparedWithSnapshotId, { editionYear: year, initiatives });
  }

  /** A report drafted from any snapshot, before a facilitator publishes it. */
  async ofSnapshot(slug: string, snapshotId: string, language: ReportLanguage, compareWith: string | null): Promise<EvaluationReport> {
    return this.evaluation.report(slug, snapshotId, language, compareWith);
  }

  async editionPdf(slug: string, year: number, language: ReportLanguage): Promise<Buffer> {
    const report = await this.ofEdition(slug, year, language);
    return (await pdf()).renderReportPdf(report);
  }

  async snapshotPdf(slug: string, snapshotId: string, language: ReportLanguage, compareWith: string | null): Promise<Buffer> {
    const report = await this.ofSnapshot(slug, snapshotId, language, compareWith);
    return (await pdf()).renderReportPdf(report);
  }

  async chartSvg(report: EvaluationReport, chartId: string): Promise<string> {
    const chart = chartsOf(report).get(chartId);
    if (!chart) throw notFound(`The chart ${chartId} of this report`);
    return (await charts()).renderChartSvg(chart, { language: report.language });
  }
}
