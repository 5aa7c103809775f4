import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../../components/problem-alert';
import { concertationApi } from '../../../concertation-api';
import type { Edition, WorkshopSession } from '../../../concertation-contract';
import { useFormat } from '../../../format';
import { useConcertationFormat } from './concertation-format';
import { useConcertationProblem } from './concertation-problem';
import { balanceKey, editionKey } from './concertation-keys';
import { OnBehalfOfField, type Participant } from './participant';
import { Paragraphs } from './paragraphs';

function Seats({ session }: { session: WorkshopSession }) {
  const { t } = useTranslation();
  const format = useFormat();
  const full = session.capacity !== null && session.registered >= session.capacity;
  return (
    <>
      {session.capacity === null
        ? t('concertation.sessions.registered', { count: session.registered })
        : t('concertation.sessions.registeredOf', { registered: format.integer(session.registered), capacity: format.integer(session.capacity) })}
      {full && (
        <>
          {' '}
          <span className="badge badge--warning">{t('concertation.sessions.full')}</span>
        </>
      )}
      {session.attended !== null && <span className="cell-note">{t('concertation.sessions.attended', { count: session.attended })}</span>}
    </>
  );
}

function Registration({ slug, edition, session, participant }: { slug: string; edition: Edition; session: WorkshopSession; participant: Participant }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [onBehalfOf, setOnBehalfOf] = useState('');
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: editionKey(slug, edition.year) });
    await queryClient.invalidateQueries({ queryKey: balanceKey(slug, edition.year) });
  };
  const register = useMutation({ mutationFn: () => concertationApi.register(slug, session.id, onBehalfOf || null), onSuccess: refresh });
  const unregister = useMutation({ mutationFn: () => concertationApi.unregister(slug, session.id), onSuccess: refresh });
  const problem = useConcertationProblem(register.error ?? unregister.error);
  const mine = session.myRegistration;
  const full = session.capacity !== null && session.registered >= session.capacity;
  const open = edition.opens.registrations;
  if (!participant.signedIn || (!mine && !edition.can.register)) return null;
  const organisationName = mine?.onBehalfOf ? (participant.organisations.find((o) => o.id === mine.onBehalfOf)?.name ?? '') : null;
  const idPrefix = `register-${session.id}`;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    unregister.reset();
    register.mutate();
  }

  return (
    <div className="concertation-registration">
      <ProblemAlert problem={problem} focus />
      {mine ? (
        <>
          <p role="status">
            {organisationName
              ? t('concertation.sessions.myRegistrationFor', { organisation: organisationName })
              : t('concertation.sessions.myRegistrationCitizen')}
          </p>
          {open && (
            <button
              type="button"
              className="button button--secondary"
              disabled={unregister.isPending}
              onClick={() => {
                register.reset();
                unregister.mutate();
              }}
            >
              {t('concertation.sessions.unregister')}
              <span className="sr-only"> {t('concertation.sessions.unregisterFrom', { title: session.title })}</span>
            </button>
          )}
        </>
      ) : (
        <form className="form form--inline" onSubmit={submit} noValidate>
          {participant.organisations.length > 0 && (
            <OnBehalfOfField id={`${idPrefix}-onBehalfOf`} label={t('concertation.edition.onBehalfOf')} organisations={participant.organisations} value={onBehalfOf} onChange={setOnBehalfOf} />
          )}
          <button type="submit" className="button" disabled={register.isPending || full}>
            {register.isPending ? t('concertation.sessions.registering') : t('concertation.sessions.register')}
            <span className="sr-only"> {t('concertation.sessions.registerTo', { title: session.title })}</span>
          </button>
        </form>
      )}
    </div>
  );
}

function SessionCard({ slug, edition, session, participant }: { slug: string; edition: Edition; session: WorkshopSession; participant: Participant }) {
  const { t } = useTranslation();
  const format = useConcertationFormat();
  const headingId = `session-${session.id}-heading`;
  return (
    <li>
      <article className="concertation-card" aria-labelledby={headingId}>
        <h3 id={headingId}>{session.title}</h3>
        <dl className="concertation-meta">
          <div>
            <dt>{t('concertation.sessions.when')}</dt>
            <dd>
              <time dateTime={session.startsAt}>{format.sessionWhen(session.startsAt, session.endsAt)}</time>
            </dd>
          </div>
          <div>
            <dt>{t('concertation.sessions.place')}</dt>
            <dd>{session.place}</dd>
          </div>
          <div>
            <dt>{t('concertation.sessions.seats')}</dt>
            <dd>
              <Seats session={session} />
            </dd>
          </div>
        </dl>
        {session.agenda && (
          <>
            <h4>{t('concertation.sessions.agenda')}</h4>
            <Paragraphs text={session.agenda} />
          </>
        )}
        <Registration slug={slug} edition={edition} session={session} participant={participant} />
      </article>
    </li>
  );
}

/** The edition's sessions, with registering and unregistering for whoever is signed in. */
export function SessionsSection({ slug, edition, participant }: { slug: string; edition: Edition; participant: Participant }) {
  const { t } = useTranslation();
  const open = edition.opens.registrations;
  return (
    <section aria-labelledby="sessions-heading" className="section" id="sessions">
      <h2 id="sessions-heading">{t('concertation.sessions.title')}</h2>
      {edition.sessions.length === 0 ? (
        <p>{t('concertation.sessions.none')}</p>
      ) : (
        <>
          {!open && <p>{t('concertation.sessions.registrationsClosed')}</p>}
          <ul className="concertation-list">
            {edition.sessions.map((session) => (
              <SessionCard key={session.id} slug={slug} edition={edition} session={session} participant={participant} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
