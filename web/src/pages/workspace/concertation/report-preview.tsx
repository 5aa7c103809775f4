import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { concertationWorkspaceApi, snapshotChartUrl } from '../../../concertation-workspace-api';
import type { ChartSpec } from '../../../concertation-contract';
import { ReportTableView } from '../../portal/concertation/report-page';
import { ProblemAlert } from '../../../components/problem-alert';
import { Loading } from '../../../components/query-state';
import { currentLanguage } from '../../../i18n';
import { useConcertationProblem } from './concertation-problem';
import { concertationKey } from './concertation-queries';

/**
 * The report a snapshot would give, before it is published: the same words and charts as the public
 * page, drawn by the server. Each chart's figures are also in the tables, so its image only needs a
 * short alternative.
 */
export function ReportPreview({ slug, snapshotId, compareWith }: { slug: string; snapshotId: string; compareWith: string | null }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const report = useQuery({
    queryKey: [...concertationKey(slug), 'report-preview', snapshotId, compareWith, lang],
    queryFn: () => concertationWorkspaceApi.reportPreview(slug, snapshotId, lang, compareWith),
  });
  const problem = useConcertationProblem(report.error);
  if (report.isPending) return <Loading />;
  if (!report.data) return <ProblemAlert problem={problem} />;
  const data = report.data;
  const chart = (spec: ChartSpec) => (
    <figure key={spec.id} className="report-chart">
      <img src={snapshotChartUrl(slug, snapshotId, spec.id, lang, compareWith)} alt={spec.description} loading="lazy" />
      <figcaption>{spec.title}</figcaption>
    </figure>
  );
  return (
    <article className="report-preview" aria-labelledby="report-preview-heading" lang={data.language}>
      <h4 id="report-preview-heading">{data.title}</h4>
      <p className="lead">{data.subtitle}</p>
      {data.overview.paragraphs.map((p, i) => (
        <p key={i}>{p}</p>
      ))}
      {data.overview.keyFigures.length > 0 && (
        <dl className="facts">
          {data.overview.keyFigures.map((figure) => (
            <div key={figure.label}>
              <dt>{figure.label}</dt>
              <dd>
                {figure.value}
                {figure.change && <span className="cell-note">{figure.change}</span>}
              </dd>
            </div>
          ))}
        </dl>
      )}
      {data.overview.charts.map(chart)}
      {data.sections.map((section) => (
        <section key={section.id} aria-labelledby={`preview-${section.id}`}>
          <h5 id={`preview-${section.id}`}>{section.title}</h5>
          {section.paragraphs.map((p, i) => (
            <p key={i}>{p}</p>
          ))}
          {section.charts.map(chart)}
          {section.tables.map((table) => (
            <ReportTableView key={table.caption} table={table} />
          ))}
        </section>
      ))}
      {data.method.length > 0 && (
        <details>
          <summary>{t('concertationWorkspace.evaluation.method')}</summary>
          {data.method.map((p, i) => (
            <p key={i}>{p}</p>
          ))}
        </details>
      )}
    </article>
  );
}
