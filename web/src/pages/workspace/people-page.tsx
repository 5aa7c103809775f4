import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { managedTerritoryRoles, type Invitation, type TerritoryPerson } from '../../api-contract';
import { TextField } from '../../components/fields';
import { ProblemAlert } from '../../components/problem-alert';
import { asProblem, fieldErrorsOf } from '../../components/problem';
import { QueryState } from '../../components/query-state';
import { useFormat } from '../../format';
import { useDocumentTitle } from '../../layout/document-title';
import { meKey } from '../../session';
import { roleList, roleName } from './role-names';
import { useWorkspace } from './workspace-layout';

function RolesEditor({ slug, person, onDone }: { slug: string; person: TerritoryPerson; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (roles: string[]) => api.setRoles(slug, person.id, roles),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['people', slug] });
      await queryClient.invalidateQueries({ queryKey: meKey });
      onDone();
    },
  });
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    save.mutate(new FormData(event.currentTarget).getAll('roles').map(String));
  }
  const idPrefix = `roles-${person.id}`;
  return (
    <form onSubmit={submit} className="roles-editor">
      <ProblemAlert problem={asProblem(save.error)} fieldLabels={{ roles: t('people.roles') }} focus />
      <fieldset className="fieldset">
        <legend>{t('people.rolesOf', { name: person.displayName })}</legend>
        {managedTerritoryRoles.map((role) => (
          <div className="checkbox" key={role}>
            <input
              type="checkbox"
              id={`${idPrefix}-${role}`}
              name="roles"
              value={role}
              defaultChecked={person.roles.includes(role)}
            />
            <label htmlFor={`${idPrefix}-${role}`}>{roleName(t, role)}</label>
          </div>
        ))}
      </fieldset>
      <div className="actions">
        <button type="submit" className="button button--small" disabled={save.isPending}>
          {t('common.save')}
        </button>
        <button type="button" className="button button--small button--secondary" onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

/** The invitation link, to hand over to the person by the facilitator: the server sends no email. */
function InvitationLink({ invitation, name }: { invitation: Invitation; name: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const url = window.location.origin + invitation.path;
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  async function copy() {
    try {
      await navigator.clipboard.writeText(url);
      setCopied('yes');
    } catch {
      setCopied('no');
    }
  }
  return (
    <div className="alert alert--success" tabIndex={-1} ref={ref}>
      <p className="alert__title">{t('people.invitationTitle', { name })}</p>
      <p>{t('people.invitationIntro', { name })}</p>
      <div className="secret">
        <label htmlFor="invitation-link">{t('people.invitationLink')}</label>
        <div className="secret__row">
          <input id="invitation-link" readOnly value={url} onFocus={(event) => event.target.select()} />
          <button type="button" className="button button--secondary" onClick={() => void copy()}>
            {t('people.copyLink')}
          </button>
        </div>
        <p role="status" className="field__hint">
          {copied === 'yes' ? t('people.linkCopied') : copied === 'no' ? t('people.copyFailed') : ''}
        </p>
      </div>
      <p>{t('people.invitationExpires', { date: format.dateTime(invitation.expiresAt) })}</p>
    </div>
  );
}

/** Not an error: the person asked for needs no link, so say so, with their name. */
function AlreadySignsIn({ name }: { name: string }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <p className="alert alert--info" role="status" tabIndex={-1} ref={ref}>
      {t('people.alreadyHasPassword', { name })}
    </p>
  );
}

function PeopleTable({ slug, people, canManage }: { slug: string; people: TerritoryPerson[]; canManage: boolean }) {
  const { t } = useTranslation();
  const { territory } = useWorkspace();
  const [editing, setEditing] = useState<string | null>(null);
  const invite = useMutation({ mutationFn: (person: TerritoryPerson) => api.invitePerson(slug, person.id) });
  const inviteProblem = asProblem(invite.error);
  if (people.length === 0) return <p>{t('people.empty')}</p>;
  return (
    <>
      {/* Keyed by submission, so that each new link (or answer) is focused and announced afresh. */}
      {invite.isSuccess && (
        <InvitationLink key={invite.submittedAt} invitation={invite.data} name={invite.variables.displayName} />
      )}
      {inviteProblem?.code === 'already_has_password' && invite.variables ? (
        <AlreadySignsIn key={invite.submittedAt} name={invite.variables.displayName} />
      ) : (
        <ProblemAlert problem={inviteProblem} focus />
      )}
      <div className="table-wrap">
        <table>
          <caption>{t('people.caption', { territory: territory.name })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('person.displayName')}</th>
              <th scope="col">{t('person.email')}</th>
              <th scope="col">{t('people.roles')}</th>
              {canManage && <th scope="col">{t('common.actions')}</th>}
            </tr>
          </thead>
          <tbody>
            {people.map((person) => (
              <tr key={person.id}>
                <th scope="row">{person.displayName}</th>
                <td>{person.email}</td>
                <td>
                  {editing === person.id ? (
                    <RolesEditor slug={slug} person={person} onDone={() => setEditing(null)} />
                  ) : (
                    roleList(t, person.roles)
                  )}
                </td>
                {canManage && (
                  <td>
                    <div className="cell-actions">
                      {editing !== person.id && (
                        <button
                          type="button"
                          className="button button--small button--secondary"
                          onClick={() => setEditing(person.id)}
                        >
                          {t('people.editRoles')}
                          <span className="sr-only"> — {person.displayName}</span>
                        </button>
                      )}
                      <button
                        type="button"
                        className="button button--small button--secondary"
                        onClick={() => invite.mutate(person)}
                        disabled={invite.isPending}
                      >
                        {t('people.invite')}
                        <span className="sr-only"> — {person.displayName}</span>
                      </button>
                    </div>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function AddPersonForm({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const add = useMutation({
    mutationFn: (input: { email: string; displayName: string; form: HTMLFormElement }) =>
      api.addPerson(slug, { email: input.email, displayName: input.displayName }),
    onSuccess: async (_person, input) => {
      input.form.reset();
      await queryClient.invalidateQueries({ queryKey: ['people', slug] });
    },
  });
  const problem = asProblem(add.error);
  const errors = fieldErrorsOf(t, problem);
  const labels = { email: t('person.email'), displayName: t('person.displayName') };
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    add.mutate({
      email: String(data.get('email') ?? '').trim(),
      displayName: String(data.get('displayName') ?? '').trim(),
      form,
    });
  }
  return (
    <>
      <p>{t('people.addIntro')}</p>
      <ProblemAlert problem={problem} idPrefix="person" fieldLabels={labels} focus />
      {add.isSuccess && (
        <p className="alert alert--success" role="status">
          {t('people.added', { name: add.variables.displayName })}
        </p>
      )}
      <form onSubmit={submit} noValidate className="form form--inline">
        <TextField
          id="person-email"
          name="email"
          type="email"
          label={labels.email}
          autoComplete="off"
          required
          error={errors.email}
        />
        <TextField
          id="person-displayName"
          name="displayName"
          label={labels.displayName}
          autoComplete="off"
          required
          error={errors.displayName}
        />
        <button type="submit" className="button" disabled={add.isPending}>
          {t('people.add')}
        </button>
      </form>
    </>
  );
}

export function PeoplePage() {
  const { t } = useTranslation();
  const { slug, territory, isFacilitator } = useWorkspace();
  useDocumentTitle(t('people.title'), territory.name);
  const people = useQuery({ queryKey: ['people', slug], queryFn: () => api.people(slug) });
  return (
    <>
      <h1>{t('people.title')}</h1>
      <QueryState query={people}>
        {({ items }) => <PeopleTable slug={slug} people={items} canManage={isFacilitator} />}
      </QueryState>
      {isFacilitator && (
        <section aria-labelledby="add-person-heading" className="section">
          <h2 id="add-person-heading">{t('people.addTitle')}</h2>
          <AddPersonForm slug={slug} />
        </section>
      )}
    </>
  );
}
