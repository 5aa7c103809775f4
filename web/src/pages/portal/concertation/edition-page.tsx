import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../../api';
import { QueryState } from '../../../components/query-state';
import { concertationApi } from '../../../concertation-api';
import type { Edition } from '../../../concertation-contract';
import { useFormat } from '../../../format';
import { useDocumentTitle } from '../../../layout/document-title';
import { PortalBreadcrumb } from '../portal-breadcrumb';
import { BalanceSection } from './balance-section';
import { editionKey } from './concertation-keys';
import { InitiativesSection } from './initiatives-section';
import { Paragraphs } from './paragraphs';
import { TakePartHint, useParticipant } from './participant';
import { PhaseBadge, PhaseStepper } from './phase-stepper';
import { ReportPageLink, ReportPdfLink } from './report-links';
import { SessionsSection } from './sessions-section';
import './concertation.css';

function ReportNotice({ slug, edition }: { slug: string; edition: Edition }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (!edition.report) return null;
  return (
    <div className="alert alert--info" role="note">
      <p className="alert__title">{t('concertation.edition.reportPublishedTitle')}</p>
      <p>{t('concertation.edition.reportPublishedBody', { date: format.date(edition.report.publishedAt), asOf: format.day(edition.report.asOf) })}</p>
      <ul className="link-list">
        <li>
          <ReportPageLink slug={slug} year={edition.year} />
        </li>
        <li>
          <ReportPdfLink slug={slug} year={edition.year} />
        </li>
      </ul>
    </div>
  );
}

function VisionDraftNote({ slug, edition }: { slug: string; edition: Edition }) {
  const { t } = useTranslation();
  const draft = edition.visionDraft;
  if (!draft) return null;
  return (
    <section aria-labelledby="vision-draft-heading" className="section">
      <h2 id="vision-draft-heading">{t('concertation.edition.visionDraftTitle')}</h2>
      <p>
        {draft.publishedVersion !== null
          ? t('concertation.edition.visionDraftPublished', { version: draft.publishedVersion })
          : t('concertation.edition.visionDraftBody', { version: draft.basedOnVersion })}
      </p>
      <p>
        <Link to={`/t/${slug}/pact/vision`}>{t('concertation.edition.visionLink')}</Link>
      </p>
    </section>
  );
}

function EditionBody({ slug, edition }: { slug: string; edition: Edition }) {
  const { t } = useTranslation();
  const participant = useParticipant(slug);
  return (
    <>
      <p className="lead">
        {t('concertation.edition.breadcrumb', { year: edition.year })} — {t('concertation.phaseLabel')}
        {t('common.colon')}
        <PhaseBadge phase={edition.phase} />
      </p>
      {(edition.opens.registrations || edition.opens.supports || edition.opens.proposals) && <TakePartHint slug={slug} participant={participant} />}
      <ReportNotice slug={slug} edition={edition} />
      <PhaseStepper edition={edition} />
      <section aria-labelledby="about-heading" className="section">
        <h2 id="about-heading">{t('concertation.edition.about')}</h2>
        {edition.description.trim() ? <Paragraphs text={edition.description} /> : <p>{t('concertation.edition.noDescription')}</p>}
      </section>
      <SessionsSection slug={slug} edition={edition} participant={participant} />
      <InitiativesSection slug={slug} edition={edition} participant={participant} />
      <BalanceSection slug={slug} year={edition.year} />
      <VisionDraftNote slug={slug} edition={edition} />
    </>
  );
}

/** One yearly edition of the workshops: its phases, programme, sessions, initiatives, balance and report. */
export function EditionPage() {
  const { t } = useTranslation();
  const { slug = '', year: yearParam = '' } = useParams();
  const year = Number(yearParam);
  const territory = useQuery({ queryKey: ['territory', slug], queryFn: () => api.territory(slug) });
  const edition = useQuery({ queryKey: editionKey(slug, year), queryFn: () => concertationApi.edition(slug, year) });
  const title = edition.data?.title ?? t('concertation.edition.titleFallback');
  useDocumentTitle(title, territory.data?.name);
  return (
    <>
      <PortalBreadcrumb
        slug={slug}
        territoryName={territory.data?.name}
        parents={[{ to: `/t/${slug}/concertation`, label: t('concertation.title') }]}
        current={t('concertation.edition.breadcrumb', { year: yearParam })}
      />
      <h1>{title}</h1>
      <QueryState query={edition}>{(data) => <EditionBody slug={slug} edition={data} />}</QueryState>
    </>
  );
}
