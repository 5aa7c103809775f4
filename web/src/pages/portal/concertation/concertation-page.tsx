import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../../api';
import { QueryState } from '../../../components/query-state';
import { concertationApi } from '../../../concertation-api';
import type { EditionSummary } from '../../../concertation-contract';
import { useDocumentTitle } from '../../../layout/document-title';
import { PortalBreadcrumb } from '../portal-breadcrumb';
import { useConcertationFormat } from './concertation-format';
import { concertationKey, editionKey } from './concertation-keys';
import { PhaseBadge } from './phase-stepper';
import { reportPagePath } from './report-links';
import './concertation.css';

const editionPath = (slug: string, year: number) => `/t/${slug}/concertation/${year}`;

function NextSession({ slug, year }: { slug: string; year: number }) {
  const { t } = useTranslation();
  const format = useConcertationFormat();
  const edition = useQuery({ queryKey: editionKey(slug, year), queryFn: () => concertationApi.edition(slug, year) });
  if (!edition.data) return null;
  const now = Date.now();
  const next = edition.data.sessions.filter((session) => Date.parse(session.endsAt) > now).sort((a, b) => a.startsAt.localeCompare(b.startsAt))[0];
  return (
    <div>
      <dt>{t('concertation.editions.nextSession')}</dt>
      <dd>
        {next
          ? t('concertation.editions.nextSessionValue', { title: next.title, when: format.sessionWhen(next.startsAt, next.endsAt), place: next.place })
          : t('concertation.editions.noNextSession')}
      </dd>
    </div>
  );
}

function CurrentEdition({ slug, edition }: { slug: string; edition: EditionSummary }) {
  const { t } = useTranslation();
  const path = editionPath(slug, edition.year);
  const live = edition.phase !== 'closed';
  return (
    <section aria-labelledby="current-heading" className="section concertation-current">
      <h2 id="current-heading">{live ? t('concertation.editions.current') : t('concertation.editions.latest')}</h2>
      <p className="concertation-current__title">
        <Link to={path}>{edition.title}</Link>
      </p>
      <dl className="facts">
        <div>
          <dt>{t('concertation.phaseLabel')}</dt>
          <dd>
            <PhaseBadge phase={edition.phase} />
          </dd>
        </div>
        <div>
          <dt>{t('concertation.editions.editionOf', { year: edition.year })}</dt>
          <dd>
            {t('concertation.editions.counts', {
              sessions: t('concertation.editions.sessionCount', { count: edition.sessions }),
              initiatives: t('concertation.editions.initiativeCount', { count: edition.initiatives }),
              supports: t('concertation.editions.supportCount', { count: edition.supports }),
            })}
          </dd>
        </div>
        {live && <NextSession slug={slug} year={edition.year} />}
      </dl>
      <p className="actions">
        {edition.opens.proposals && (
          <Link className="button" to={`${path}#propose`}>
            {t('concertation.editions.propose')}
          </Link>
        )}
        {edition.opens.supports && (
          <Link className="button button--secondary" to={`${path}#initiatives`}>
            {t('concertation.editions.support')}
          </Link>
        )}
        {edition.opens.registrations && (
          <Link className="button button--secondary" to={`${path}#sessions`}>
            {t('concertation.editions.register')}
          </Link>
        )}
        {edition.reportPublishedAt && (
          <Link className="button button--secondary" to={reportPagePath(slug, edition.year)}>
            {t('concertation.editions.readReport', { year: edition.year })}
          </Link>
        )}
        <Link to={path}>{t('concertation.editions.open', { year: edition.year })}</Link>
      </p>
    </section>
  );
}

function PastEditions({ slug, editions }: { slug: string; editions: EditionSummary[] }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="past-heading" className="section">
      <h2 id="past-heading">{t('concertation.editions.past')}</h2>
      {editions.length === 0 ? (
        <p>{t('concertation.editions.pastNone')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption>{t('concertation.editions.pastCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('concertation.editions.year')}</th>
                <th scope="col">{t('concertation.editions.titleColumn')}</th>
                <th scope="col">{t('concertation.phaseLabel')}</th>
                <th scope="col">{t('concertation.editions.report')}</th>
              </tr>
            </thead>
            <tbody>
              {editions.map((edition) => (
                <tr key={edition.id}>
                  <th scope="row">{edition.year}</th>
                  <td>
                    <Link to={editionPath(slug, edition.year)}>{edition.title}</Link>
                  </td>
                  <td>{t(`concertation.phases.${edition.phase}`)}</td>
                  <td>
                    {edition.reportPublishedAt ? (
                      <Link to={reportPagePath(slug, edition.year)}>{t('concertation.editions.reportLink', { year: edition.year })}</Link>
                    ) : (
                      <span className="muted">{t('concertation.editions.noReport')}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** The territory's workshops: the edition under way first, then the past ones with their reports. */
export function ConcertationPage() {
  const { t } = useTranslation();
  const { slug = '' } = useParams();
  const territory = useQuery({ queryKey: ['territory', slug], queryFn: () => api.territory(slug) });
  const editions = useQuery({ queryKey: [...concertationKey(slug), 'editions'], queryFn: () => concertationApi.editions(slug) });
  useDocumentTitle(t('concertation.title'), territory.data?.name);
  return (
    <>
      <PortalBreadcrumb slug={slug} territoryName={territory.data?.name} current={t('concertation.title')} />
      <h1>{t('concertation.title')}</h1>
      <p className="lead">{t('concertation.lead')}</p>
      <QueryState query={editions}>
        {(items) => {
          if (items.length === 0) return <p>{t('concertation.editions.none')}</p>;
          const current = items.find((edition) => edition.phase !== 'closed') ?? items[0]!;
          return (
            <>
              <CurrentEdition slug={slug} edition={current} />
              <PastEditions slug={slug} editions={items.filter((edition) => edition !== current)} />
            </>
          );
        }}
      </QueryState>
    </>
  );
}
