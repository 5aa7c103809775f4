import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiProblem } from '../../../api';
import { taskForceRoles, type TaskForceDetail, type TaskForceMember, type TaskForceMemberInput, type TaskForceRole } from '../../../api-contract';
import { SelectField } from '../../../components/fields';
import { ProblemAlert } from '../../../components/problem-alert';
import { asProblem, fieldErrorsOf } from '../../../components/problem';
import { useFormat } from '../../../format';
import { currentLanguage } from '../../../i18n';
import { pactApi } from '../../../pact-api';
import { useTerritoryOrganisations } from '../currency/territory-organisations';
import { useWorkspace } from '../workspace-layout';
import { useMemberName } from './member-names';
import { SuccessNotice } from './notice';

const idPrefix = 'member';

function SetMemberForm({ slug, taskForce }: { slug: string; taskForce: TaskForceDetail }) {
  const { t } = useTranslation();
  const { canReadPeople } = useWorkspace();
  const queryClient = useQueryClient();
  const memberName = useMemberName(slug);
  const [memberType, setMemberType] = useState<TaskForceMemberInput['memberType']>('organisation');
  const organisations = useTerritoryOrganisations(slug);
  const people = useQuery({ queryKey: ['people', slug], queryFn: () => api.people(slug), enabled: canReadPeople });
  const save = useMutation({
    mutationFn: (input: TaskForceMemberInput) => api.setTaskForceMember(slug, taskForce.id, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['task-force', slug, taskForce.id] }),
  });
  const problem = asProblem(save.error);
  const errors = fieldErrorsOf(t, problem);
  const labels = { memberId: memberType === 'organisation' ? t('pactWorkspace.members.organisation') : t('pactWorkspace.members.person'), role: t('pactWorkspace.members.role') };
  const candidates =
    memberType === 'organisation'
      ? (organisations.data ?? []).filter((o) => !o.closedAt).map((o) => ({ id: o.id, name: o.name }))
      : (people.data?.items ?? []).map((p) => ({ id: p.id, name: p.displayName }));
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    save.mutate({ memberType, memberId: String(data.get('memberId') ?? ''), role: String(data.get('role')) as TaskForceRole });
  }
  const loading = memberType === 'organisation' ? organisations.isPending : people.isPending;
  return (
    <>
      {save.isSuccess && (
        <SuccessNotice key={save.submittedAt}>
          <p>{t('pactWorkspace.members.saved', { name: memberName(save.data), role: t(`pactWorkspace.roles.${save.data.role}`) })}</p>
        </SuccessNotice>
      )}
      <ProblemAlert problem={problem} idPrefix={idPrefix} fieldLabels={labels} focus />
      <form onSubmit={submit} noValidate className="form">
        {canReadPeople ? (
          <fieldset className="fieldset">
            <legend>{t('pactWorkspace.members.type')}</legend>
            <div className="radio-row">
              {(['organisation', 'person'] as const).map((type) => (
                <div className="checkbox" key={type}>
                  <input type="radio" id={`${idPrefix}-type-${type}`} name="memberType" value={type} checked={memberType === type} onChange={() => setMemberType(type)} />
                  <label htmlFor={`${idPrefix}-type-${type}`}>{t(`pactWorkspace.members.types.${type}`)}</label>
                </div>
              ))}
            </div>
          </fieldset>
        ) : (
          <p className="field__hint">{t('pactWorkspace.members.organisationsOnly')}</p>
        )}
        <SelectField
          id={`${idPrefix}-memberId`}
          name="memberId"
          label={labels.memberId}
          required
          key={`${memberType}-${loading ? 'loading' : 'loaded'}`}
          disabled={loading}
          error={errors.memberId}
        >
          {loading && <option value="">{t('common.loading')}</option>}
          {candidates.map((candidate) => (
            <option key={candidate.id} value={candidate.id}>
              {candidate.name}
            </option>
          ))}
        </SelectField>
        <SelectField id={`${idPrefix}-role`} name="role" label={labels.role} hint={t('pactWorkspace.members.roleHint')} required defaultValue="member" error={errors.role}>
          {taskForceRoles.map((role) => (
            <option key={role} value={role}>
              {t(`pactWorkspace.roles.${role}`)}
            </option>
          ))}
        </SelectField>
        <button type="submit" className="button" disabled={save.isPending || loading}>
          {t('pactWorkspace.members.save')}
        </button>
      </form>
    </>
  );
}

const memberKey = (m: Pick<TaskForceMember, 'memberType' | 'memberId'>) => `${m.memberType}-${m.memberId}`;

type MemberChange = { member: TaskForceMember; role: TaskForceRole } | { member: TaskForceMember; role: null };

/** A member's role changed, or the member removed: the server keeps the last lead until another is named. */
function useMemberChange(slug: string, taskForce: TaskForceDetail) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (change: MemberChange) => {
      if (change.role === null) await pactApi.removeTaskForceMember(slug, taskForce.id, change.member);
      else await pactApi.changeTaskForceMemberRole(slug, taskForce.id, change.member, change.role);
      return change;
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['task-force', slug, taskForce.id] }),
  });
}

function MemberActions({ member, name, pending, onChange }: { member: TaskForceMember; name: string; pending: boolean; onChange: (change: MemberChange) => void }) {
  const { t } = useTranslation();
  const id = `member-role-${memberKey(member)}`;
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const role = String(new FormData(event.currentTarget).get('role')) as TaskForceRole;
    onChange({ member, role });
  }
  return (
    <div className="member-actions">
      <form onSubmit={submit} className="member-actions__role">
        <label htmlFor={id} className="sr-only">
          {t('pactWorkspace.members.roleOf', { name })}
        </label>
        <select id={id} name="role" defaultValue={member.role} key={member.role}>
          {taskForceRoles.map((role) => (
            <option key={role} value={role}>
              {t(`pactWorkspace.roles.${role}`)}
            </option>
          ))}
        </select>
        <button type="submit" className="button button--secondary button--small" disabled={pending}>
          {t('pactWorkspace.members.changeRole')}
          <span className="sr-only"> {t('pactWorkspace.members.ofName', { name })}</span>
        </button>
      </form>
      <button type="button" className="button button--danger button--small" disabled={pending} onClick={() => onChange({ member, role: null })}>
        {t('pactWorkspace.members.remove')}
        <span className="sr-only"> {name}</span>
      </button>
    </div>
  );
}

/** Who is in the task force, and (for its leads and the facilitators) naming members, changing their roles and removing them. */
export function MembersSection({ slug, taskForce, canEdit }: { slug: string; taskForce: TaskForceDetail; canEdit: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const memberName = useMemberName(slug);
  const editable = canEdit && taskForce.status !== 'closed';
  const change = useMemberChange(slug, taskForce);
  const failed = asProblem(change.error);
  // The last lead in words, naming whom: the server's code says why, the page says what to do.
  const problem =
    failed?.code === 'last_lead' && change.variables
      ? new ApiProblem(409, { code: 'last_lead', detail: t('pactWorkspace.members.lastLead', { name: memberName(change.variables.member) }) }, currentLanguage())
      : failed;
  return (
    <section aria-labelledby="members-heading" className="section">
      <h2 id="members-heading">{t('pact.taskForce.members')}</h2>
      {change.isSuccess && (
        <SuccessNotice key={change.submittedAt}>
          <p>
            {change.data.role === null
              ? t('pactWorkspace.members.removed', { name: memberName(change.data.member) })
              : t('pactWorkspace.members.saved', { name: memberName(change.data.member), role: t(`pactWorkspace.roles.${change.data.role}`) })}
          </p>
        </SuccessNotice>
      )}
      <ProblemAlert problem={problem} focus />
      {taskForce.members.length === 0 ? (
        <p>{t('pact.taskForce.noMembers')}</p>
      ) : (
        <div className={editable ? 'table-wrap' : 'table-wrap table-wrap--medium'}>
          <table>
            <caption>{t('pactWorkspace.members.caption', { count: taskForce.members.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('pactWorkspace.members.member')}</th>
                <th scope="col">{t('pactWorkspace.members.type')}</th>
                <th scope="col">{t('pactWorkspace.members.role')}</th>
                <th scope="col">{t('pactWorkspace.members.since')}</th>
                {editable && <th scope="col">{t('pactWorkspace.members.actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {taskForce.members.map((member) => (
                <tr key={memberKey(member)}>
                  <th scope="row">{memberName(member)}</th>
                  <td>{t(`pactWorkspace.members.types.${member.memberType}`)}</td>
                  <td>{t(`pactWorkspace.roles.${member.role}`)}</td>
                  <td className="nowrap">{format.date(member.since)}</td>
                  {editable && (
                    <td>
                      <MemberActions member={member} name={memberName(member)} pending={change.isPending} onChange={(next) => change.mutate(next)} />
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {editable && (
        <>
          <h3>{t('pactWorkspace.members.addTitle')}</h3>
          <p>{t('pactWorkspace.members.addIntro')}</p>
          <SetMemberForm slug={slug} taskForce={taskForce} />
        </>
      )}
    </section>
  );
}
