import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { EditionSummary } from '../../../concertation-contract';
import { concertationWorkspaceApi } from '../../../concertation-workspace-api';
import type { MyParticipation } from '../../../concertation-workspace-contract';
import { ProblemAlert } from '../../../components/problem-alert';
import { Loading } from '../../../components/query-state';
import { useFormat } from '../../../format';
import { useDocumentTitle } from '../../../layout/document-title';
import { useWorkspace } from '../workspace-layout';
import { useConcertationProblem } from './concertation-problem';
import { concertationKey, useEditions } from './concertation-queries';

function EditionParticipation({ edition, participation }: { edition: EditionSummary; participation: MyParticipation }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { slug } = useWorkspace();
  const registrations = participation.registrations.filter((r) => r.editionYear === edition.year);
  const initiatives = participation.initiatives.filter((i) => i.editionYear === edition.year);
  const open = edition.phase === 'contributions' || edition.phase === 'sessions';
  const headingId = `participation-${edition.year}`;
  return (
    <section className="section" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('concertationWorkspace.participations.edition', { year: edition.year, title: edition.title })}</h2>
      <p>
        {t(`concertationWorkspace.phases.${edition.phase}`)}
        {' — '}
        <Link to={`/t/${slug}/concertation/${edition.year}`}>
          {open ? t('concertationWorkspace.participations.takePart') : t('concertationWorkspace.participations.publicPage')}
        </Link>
      </p>
      <h3>{t('concertationWorkspace.participations.registrations')}</h3>
      {registrations.length === 0 ? (
        <p>{t('concertationWorkspace.participations.noRegistration')}</p>
      ) : (
        <ul className="plain-list">
          {registrations.map((registration) => (
            <li key={registration.session.id}>
              <strong>{registration.session.title}</strong> — {format.dateTime(registration.session.startsAt)}, {registration.session.place}
              {registration.organisationName && ` (${registration.organisationName})`}
              {registration.attended === true && <> <span className="badge badge--success">{t('concertationWorkspace.participations.attended')}</span></>}
            </li>
          ))}
        </ul>
      )}
      <h3>{t('concertationWorkspace.participations.initiatives')}</h3>
      {initiatives.length === 0 ? (
        <p>{t('concertationWorkspace.participations.noInitiative')}</p>
      ) : (
        <ul className="plain-list">
          {initiatives.map((initiative) => (
            <li key={initiative.id}>
              <strong>{initiative.title}</strong> — {t(`concertationWorkspace.initiatives.statuses.${initiative.status}`)},{' '}
              {t('concertationWorkspace.initiatives.supports', { count: initiative.supports })}
              {initiative.outcome && (
                <>
                  {' — '}
                  <Link to={`/t/${slug}${initiative.outcome.path}`}>{t(`concertationWorkspace.triage.outcomeLink.${initiative.outcome.kind}`, { title: initiative.outcome.title })}</Link>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** For everyone signed in: the sessions I registered for and the initiatives I proposed, edition by edition. */
export function MyParticipationsPage() {
  const { t } = useTranslation();
  const { slug, territory } = useWorkspace();
  useDocumentTitle(t('concertationWorkspace.participations.pageTitle'), territory.name);
  const editions = useEditions(slug);
  const participation = useQuery({ queryKey: [...concertationKey(slug), 'me'], queryFn: () => concertationWorkspaceApi.myParticipation(slug) });
  const problem = useConcertationProblem(editions.error ?? participation.error);
  return (
    <>
      <h1>{t('concertationWorkspace.participations.pageTitle')}</h1>
      <p className="lead">{t('concertationWorkspace.participations.intro')}</p>
      {problem ? (
        <ProblemAlert problem={problem} />
      ) : !editions.data || !participation.data ? (
        <Loading />
      ) : editions.data.length === 0 ? (
        <p>{t('concertationWorkspace.editions.none')}</p>
      ) : (
        editions.data.map((edition) => <EditionParticipation key={edition.id} edition={edition} participation={participation.data} />)
      )}
    </>
  );
}
