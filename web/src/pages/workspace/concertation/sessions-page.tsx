import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { concertationWorkspaceApi } from '../../../concertation-workspace-api';
import type { WorkshopSession } from '../../../concertation-contract';
import type { SessionInput } from '../../../concertation-workspace-contract';
import { useDocumentTitle } from '../../../layout/document-title';
import { SuccessNotice } from '../pact/notice';
import { useConcertationProblem } from './concertation-problem';
import { concertationKey } from './concertation-queries';
import { useEditionConsole } from './edition-layout';
import { useConcertationFormat } from '../../portal/concertation/concertation-format';
import { RegistrationsTable } from './registrations-table';
import { SessionForm } from './session-form';

function EditSession({ session, onDone }: { session: WorkshopSession; onDone: () => void }) {
  const { t } = useTranslation();
  const { slug } = useEditionConsole();
  const queryClient = useQueryClient();
  const update = useMutation({
    mutationFn: (input: SessionInput) => concertationWorkspaceApi.updateSession(slug, session.id, input),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: concertationKey(slug) });
      onDone();
    },
  });
  const problem = useConcertationProblem(update.error);
  return (
    <SessionForm
      idPrefix={`session-${session.id}`}
      session={session}
      submitLabel={t('common.save')}
      pending={update.isPending}
      problem={problem}
      onSubmit={(input) => update.mutate(input)}
      onCancel={onDone}
    />
  );
}

function SessionCard({ session, manage }: { session: WorkshopSession; manage: boolean }) {
  const { t } = useTranslation();
  const when = useConcertationFormat();
  const { slug } = useEditionConsole();
  const [editing, setEditing] = useState(false);
  const headingId = `session-${session.id}-heading`;
  return (
    <section className="card session-card" aria-labelledby={headingId}>
      <h3 id={headingId} className="card__title">
        {session.title}
      </h3>
      <dl className="facts">
        <div>
          <dt>{t('concertationWorkspace.sessions.when')}</dt>
          <dd>{when.sessionWhen(session.startsAt, session.endsAt)}</dd>
        </div>
        <div>
          <dt>{t('concertationWorkspace.sessions.place')}</dt>
          <dd>{session.place}</dd>
        </div>
        <div>
          <dt>{t('concertationWorkspace.sessions.registered')}</dt>
          <dd>
            {session.capacity === null
              ? t('concertationWorkspace.sessions.registeredOpen', { count: session.registered })
              : t('concertationWorkspace.sessions.registeredOf', { count: session.registered, capacity: session.capacity })}
            {session.attended !== null && ` — ${t('concertationWorkspace.sessions.attended', { count: session.attended })}`}
          </dd>
        </div>
      </dl>
      {session.agenda && <p className="statement">{session.agenda}</p>}
      {manage && (
        <>
          {editing ? (
            <EditSession session={session} onDone={() => setEditing(false)} />
          ) : (
            <p>
              <button type="button" className="button button--secondary button--small" onClick={() => setEditing(true)}>
                {t('concertationWorkspace.sessions.edit')}
                <span className="sr-only"> {session.title}</span>
              </button>
            </p>
          )}
          <h4>{t('concertationWorkspace.registrations.heading')}</h4>
          <RegistrationsTable slug={slug} session={session} />
        </>
      )}
    </section>
  );
}

function NewSession() {
  const { t } = useTranslation();
  const { slug, year } = useEditionConsole();
  const queryClient = useQueryClient();
  const create = useMutation({
    mutationFn: ({ input }: { input: SessionInput; form: HTMLFormElement }) => concertationWorkspaceApi.createSession(slug, year, input),
    onSuccess: async (_session, { form }) => {
      form.reset();
      await queryClient.invalidateQueries({ queryKey: concertationKey(slug) });
    },
  });
  const problem = useConcertationProblem(create.error);
  return (
    <section className="section" aria-labelledby="new-session-heading">
      <h2 id="new-session-heading">{t('concertationWorkspace.sessions.newTitle')}</h2>
      {create.isSuccess && (
        <SuccessNotice key={create.submittedAt}>
          <p className="alert__title">{t('concertationWorkspace.sessions.created', { title: create.data.title })}</p>
        </SuccessNotice>
      )}
      <p>{t('common.requiredNote')}</p>
      <SessionForm
        idPrefix="new-session"
        submitLabel={t('concertationWorkspace.sessions.create')}
        pending={create.isPending}
        problem={problem}
        onSubmit={(input, form) => create.mutate({ input, form })}
      />
    </section>
  );
}

/** The edition's workshop sessions; facilitators plan them and mark who came. */
export function SessionsPage() {
  const { t } = useTranslation();
  const { edition, territory, year } = useEditionConsole();
  useDocumentTitle(t('concertationWorkspace.editionNav.sessions'), t('concertationWorkspace.edition.short', { year }), territory.name);
  return (
    <>
      <h2>{t('concertationWorkspace.sessions.heading', { count: edition.sessions.length })}</h2>
      {edition.sessions.length === 0 ? (
        <p>{t('concertationWorkspace.sessions.none')}</p>
      ) : (
        <div className="console-list">
          {edition.sessions.map((session) => (
            <SessionCard key={session.id} session={session} manage={edition.can.manage} />
          ))}
        </div>
      )}
      {edition.can.manage && <NewSession />}
    </>
  );
}
