import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, ApiProblem } from '../../../api';
import { QueryState } from '../../../components/query-state';
import { ProblemAlert } from '../../../components/problem-alert';
import { asProblem } from '../../../components/problem';
import { concertationApi, reportChartUrl } from '../../../concertation-api';
import type { ChartSpec, EvaluationReport, ReportLanguage, ReportSection, ReportTable } from '../../../concertation-contract';
import { useFormat } from '../../../format';
import { useDocumentTitle } from '../../../layout/document-title';
import { PortalBreadcrumb } from '../portal-breadcrumb';
import { reportLanguageOf } from './concertation-format';
import { concertationKey, editionKey } from './concertation-keys';
import { ReportPdfLink } from './report-links';
import './concertation.css';

interface ReportContext {
  slug: string;
  year: number;
  lang: ReportLanguage;
}

/** A chart drawn by the server (the same picture as in the PDF); its description is its alternative text. */
function Chart({ chart, context }: { chart: ChartSpec; context: ReportContext }) {
  return (
    <figure className="report-chart">
      <img src={reportChartUrl(context.slug, context.year, chart.id, context.lang)} alt={chart.description} />
      <figcaption>{chart.title}</figcaption>
    </figure>
  );
}

/** A table of the report: its cells arrive already written in the report's language (the console's preview shows it too). */
export function ReportTableView({ table }: { table: ReportTable }) {
  const alignOf = (index: number) => (table.align[index] === 'right' ? 'numeric' : undefined);
  return (
    <div className="table-wrap">
      <table>
        <caption>{table.caption}</caption>
        <thead>
          <tr>
            {table.columns.map((column, index) => (
              <th scope="col" key={index} className={alignOf(index)}>
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, rowIndex) => (
            <tr key={rowIndex}>
              {row.map((cell, index) =>
                index === 0 ? (
                  <th scope="row" key={index} className={alignOf(index)}>
                    {cell}
                  </th>
                ) : (
                  <td key={index} className={alignOf(index)}>
                    {cell}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Each chart followed by the table of its figures, then the tables no chart draws. */
function ChartsAndTables({ charts, tables, context }: { charts: ChartSpec[]; tables: ReportTable[]; context: ReportContext }) {
  const count = Math.max(charts.length, tables.length);
  return (
    <>
      {Array.from({ length: count }, (_, index) => (
        <div className="report-pair" key={index}>
          {charts[index] && <Chart chart={charts[index]} context={context} />}
          {tables[index] && <ReportTableView table={tables[index]} />}
        </div>
      ))}
    </>
  );
}

function Contents({ report }: { report: EvaluationReport }) {
  const { t } = useTranslation();
  return (
    <nav aria-labelledby="contents-heading" className="report-contents">
      <h2 id="contents-heading">{t('concertation.report.contents')}</h2>
      <ol>
        <li>
          <a href="#overview">{t('concertation.report.overview')}</a>
        </li>
        {report.sections.map((section) => (
          <li key={section.id}>
            <a href={`#section-${section.id}`}>{section.title}</a>
          </li>
        ))}
        <li>
          <a href="#method">{t('concertation.report.method')}</a>
        </li>
      </ol>
    </nav>
  );
}

function Overview({ report, context }: { report: EvaluationReport; context: ReportContext }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="overview-heading" className="section report-section" id="overview">
      <h2 id="overview-heading">{t('concertation.report.overview')}</h2>
      {report.overview.paragraphs.map((paragraph, index) => (
        <p key={index}>{paragraph}</p>
      ))}
      {report.overview.keyFigures.length > 0 && (
        <>
          <h3>{t('concertation.report.keyFigures')}</h3>
          <dl className="facts report-figures">
            {report.overview.keyFigures.map((figure, index) => (
              <div key={index}>
                <dt>{figure.label}</dt>
                <dd>
                  {figure.value}
                  {figure.change && <span className="report-figures__change">{figure.change}</span>}
                </dd>
              </div>
            ))}
          </dl>
        </>
      )}
      {report.overview.charts.map((chart) => (
        <Chart key={chart.id} chart={chart} context={context} />
      ))}
    </section>
  );
}

function Section({ section, context }: { section: ReportSection; context: ReportContext }) {
  const headingId = `section-${section.id}-heading`;
  return (
    <section aria-labelledby={headingId} className="section report-section" id={`section-${section.id}`}>
      <h2 id={headingId}>{section.title}</h2>
      {section.paragraphs.map((paragraph, index) => (
        <p key={index}>{paragraph}</p>
      ))}
      <ChartsAndTables charts={section.charts} tables={section.tables} context={context} />
    </section>
  );
}

function ReportBody({ report, context }: { report: EvaluationReport; context: ReportContext }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <>
      <p className="lead">{report.subtitle}</p>
      <p className="muted">
        {t('concertation.report.asOf', { date: format.day(report.snapshot.asOf) })}
        {report.comparedWith && <>, {t('concertation.report.comparedWith', { date: format.day(report.comparedWith.asOf) })}</>}
      </p>
      <p className="actions">
        <ReportPdfLink slug={context.slug} year={context.year} className="button" />
        <span className="muted">{t('concertation.report.downloadHint')}</span>
      </p>
      <Contents report={report} />
      <Overview report={report} context={context} />
      {report.sections.map((section) => (
        <Section key={section.id} section={section} context={context} />
      ))}
      <section aria-labelledby="method-heading" className="section report-section" id="method">
        <h2 id="method-heading">{t('concertation.report.method')}</h2>
        {report.method.map((paragraph, index) => (
          <p key={index}>{paragraph}</p>
        ))}
        {report.comparedWith && (
          <p>
            <Link to={`/t/${context.slug}/concertation/snapshots/${report.comparedWith.id}/compare/${report.snapshot.id}`}>{t('concertation.report.compareLink')}</Link>
          </p>
        )}
      </section>
    </>
  );
}

/** The published evaluation report of an edition, in the interface language, with the same charts as its PDF. */
export function ReportPage() {
  const { t, i18n } = useTranslation();
  const { slug = '', year: yearParam = '' } = useParams();
  const year = Number(yearParam);
  const lang = reportLanguageOf(i18n.language);
  const territory = useQuery({ queryKey: ['territory', slug], queryFn: () => api.territory(slug) });
  const edition = useQuery({ queryKey: editionKey(slug, year), queryFn: () => concertationApi.edition(slug, year) });
  const report = useQuery({
    queryKey: [...concertationKey(slug), 'report', year, lang],
    queryFn: () => concertationApi.report(slug, year, lang),
    retry: (count, error) => !(error instanceof ApiProblem && error.status === 404) && count < 2,
  });
  const title = report.data?.title ?? t('concertation.report.title');
  useDocumentTitle(title, territory.data?.name);
  const notPublished = report.error instanceof ApiProblem && report.error.status === 404;
  return (
    <>
      <PortalBreadcrumb
        slug={slug}
        territoryName={territory.data?.name}
        parents={[
          { to: `/t/${slug}/concertation`, label: t('concertation.title') },
          { to: `/t/${slug}/concertation/${yearParam}`, label: edition.data?.title ?? t('concertation.edition.breadcrumb', { year: yearParam }) },
        ]}
        current={t('concertation.report.breadcrumb')}
      />
      <h1>{title}</h1>
      {notPublished ? (
        <p className="alert alert--info">{t('concertation.report.notPublished')}</p>
      ) : report.isError ? (
        <ProblemAlert problem={asProblem(report.error)} />
      ) : (
        <QueryState query={report}>{(data) => <ReportBody report={data} context={{ slug, year, lang }} />}</QueryState>
      )}
    </>
  );
}
