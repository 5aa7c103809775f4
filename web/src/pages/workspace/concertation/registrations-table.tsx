import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { concertationWorkspaceApi } from '../../../concertation-workspace-api';
import type { WorkshopSession } from '../../../concertation-contract';
import type { RegistrationRow } from '../../../concertation-workspace-contract';
import { ProblemAlert } from '../../../components/problem-alert';
import { Loading } from '../../../components/query-state';
import { useConcertationProblem } from './concertation-problem';
import { concertationKey } from './concertation-queries';

function AttendanceToggle({ slug, sessionId, registration }: { slug: string; sessionId: string; registration: RegistrationRow }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const mark = useMutation({
    mutationFn: (attended: boolean) => concertationWorkspaceApi.setAttendance(slug, sessionId, { personId: registration.personId, attended }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: concertationKey(slug) }),
  });
  const problem = useConcertationProblem(mark.error);
  const choice = (attended: boolean, label: string) => (
    <button
      type="button"
      className={`button button--small${registration.attended === attended ? '' : ' button--secondary'}`}
      aria-pressed={registration.attended === attended}
      disabled={mark.isPending}
      onClick={() => mark.mutate(attended)}
    >
      {label}
      <span className="sr-only"> {registration.personName}</span>
    </button>
  );
  return (
    <>
      <ProblemAlert problem={problem} focus />
      <div className="cell-actions attendance-toggle">
        {choice(true, t('concertationWorkspace.registrations.present'))}
        {choice(false, t('concertationWorkspace.registrations.absent'))}
      </div>
    </>
  );
}

const attendanceKey = (attended: boolean | null) => (attended === null ? 'unknown' : attended ? 'present' : 'absent');

/** Who registered for a session, for whom they speak, and whether they came (facilitators only). */
export function RegistrationsTable({ slug, session }: { slug: string; session: WorkshopSession }) {
  const { t } = useTranslation();
  const registrations = useQuery({
    queryKey: [...concertationKey(slug), 'registrations', session.id],
    queryFn: () => concertationWorkspaceApi.registrations(slug, session.id),
  });
  const problem = useConcertationProblem(registrations.error);
  if (registrations.isPending) return <Loading />;
  if (!registrations.data) return <ProblemAlert problem={problem} />;
  const items = registrations.data.items;
  if (items.length === 0) return <p>{t('concertationWorkspace.registrations.none')}</p>;
  return (
    <div className="table-wrap">
      <table>
        <caption>{t('concertationWorkspace.registrations.caption', { session: session.title })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('concertationWorkspace.registrations.name')}</th>
            <th scope="col">{t('concertationWorkspace.registrations.kind')}</th>
            <th scope="col">{t('concertationWorkspace.registrations.organisation')}</th>
            <th scope="col">{t('concertationWorkspace.registrations.attendance')}</th>
            <th scope="col">{t('concertationWorkspace.registrations.mark')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((registration) => (
            <tr key={registration.personId}>
              <th scope="row">{registration.personName}</th>
              <td>{t(`concertationWorkspace.kinds.${registration.kind}`)}</td>
              <td>{registration.organisationName ?? t('concertationWorkspace.registrations.asCitizen')}</td>
              <td>{t(`concertationWorkspace.registrations.attendanceStates.${attendanceKey(registration.attended)}`)}</td>
              <td>
                <AttendanceToggle slug={slug} sessionId={session.id} registration={registration} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
