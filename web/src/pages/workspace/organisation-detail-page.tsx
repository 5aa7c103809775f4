import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { api } from '../../api';
import { membershipRoles, type Member, type MembershipRole, type Organisation } from '../../api-contract';
import { SelectField, TextField } from '../../components/fields';
import { ProblemAlert } from '../../components/problem-alert';
import { asProblem, fieldErrorsOf } from '../../components/problem';
import { QueryState } from '../../components/query-state';
import { useFormat } from '../../format';
import { useDocumentTitle } from '../../layout/document-title';
import { meKey, useMe } from '../../session';
import { roleName } from './role-names';
import { CurrencyAcceptanceSection } from './currency/currency-acceptance-section';
import { useWorkspace } from './workspace-layout';

function OrganisationFacts({ organisation }: { organisation: Organisation }) {
  const { t } = useTranslation();
  const format = useFormat();
  const missing = <span className="muted">{t('common.notProvided')}</span>;
  const location =
    organisation.latitude !== null && organisation.longitude !== null
      ? `${format.decimal(organisation.latitude)}, ${format.decimal(organisation.longitude)}`
      : null;
  return (
    <dl className="facts">
      <div>
        <dt>{t('organisation.kind')}</dt>
        <dd>{t(`kinds.${organisation.kind}`)}</dd>
      </div>
      <div>
        <dt>{t('organisation.siret')}</dt>
        <dd>{organisation.siret ?? missing}</dd>
      </div>
      <div>
        <dt>{t('organisation.activity')}</dt>
        <dd>
          {organisation.nafCode ? (
            <>
              {organisation.nafCode} — <span lang="fr">{organisation.nafLabel}</span>
            </>
          ) : (
            missing
          )}
        </dd>
      </div>
      <div>
        <dt>{t('organisation.address')}</dt>
        <dd>{organisation.address ?? missing}</dd>
      </div>
      <div>
        <dt>{t('organisation.commune')}</dt>
        <dd>{organisation.communeName ? `${organisation.communeName} (${organisation.communeInsee ?? ''})` : missing}</dd>
      </div>
      <div>
        <dt>{t('organisation.location')}</dt>
        <dd>{location ?? missing}</dd>
      </div>
      <div>
        <dt>{t('organisation.createdAt')}</dt>
        <dd>{format.date(organisation.createdAt)}</dd>
      </div>
    </dl>
  );
}

interface MembersTableProps {
  slug: string;
  organisation: Organisation;
  members: Member[];
  canManage: boolean;
}

function MembersTable({ slug, organisation, members, canManage }: MembersTableProps) {
  const { t } = useTranslation();
  const myId = useMe().data?.person.id;
  const format = useFormat();
  const queryClient = useQueryClient();
  const end = useMutation({
    mutationFn: (member: Member) => api.endMembership(slug, organisation.id, member.personId),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['members', slug, organisation.id] });
      await queryClient.invalidateQueries({ queryKey: meKey });
    },
  });
  function confirmEnd(member: Member) {
    if (window.confirm(t('members.confirmEnd', { name: member.displayName, organisation: organisation.name }))) {
      end.mutate(member);
    }
  }
  return (
    <>
      <ProblemAlert problem={asProblem(end.error)} focus />
      {end.isSuccess && (
        <p className="alert alert--success" role="status">
          {t('members.ended', { name: end.variables.displayName })}
        </p>
      )}
      {members.length === 0 ? (
        <p>{t('members.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption>{t('members.caption', { organisation: organisation.name })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('person.displayName')}</th>
                <th scope="col">{t('person.email')}</th>
                <th scope="col">{t('members.role')}</th>
                <th scope="col">{t('members.since')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {members.map((member) => (
                <tr key={member.personId}>
                  <th scope="row">{member.displayName}</th>
                  <td>{member.email}</td>
                  <td>{roleName(t, member.role)}</td>
                  <td className="nowrap">{format.date(member.since)}</td>
                  <td>
                    {(canManage || member.personId === myId) && (
                      <button
                        type="button"
                        className="button button--small button--danger"
                        onClick={() => confirmEnd(member)}
                        disabled={end.isPending}
                      >
                        {t('members.end')}
                        <span className="sr-only"> — {member.displayName}</span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function AddMemberForm({ slug, organisationId }: { slug: string; organisationId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const add = useMutation({
    mutationFn: (input: { email: string; role: MembershipRole; form: HTMLFormElement }) =>
      api.addMember(slug, organisationId, { email: input.email, role: input.role }),
    onSuccess: async (_member, input) => {
      input.form.reset();
      await queryClient.invalidateQueries({ queryKey: ['members', slug, organisationId] });
      await queryClient.invalidateQueries({ queryKey: meKey });
    },
  });
  const problem = asProblem(add.error);
  const errors = fieldErrorsOf(t, problem);
  const labels = { email: t('person.email'), role: t('members.role') };
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    add.mutate({ email: String(data.get('email') ?? '').trim(), role: String(data.get('role')) as MembershipRole, form });
  }
  return (
    <>
      <ProblemAlert problem={problem} idPrefix="member" fieldLabels={labels} focus />
      {add.isSuccess && (
        <p className="alert alert--success" role="status">
          {t('members.added', { email: add.variables.email })}
        </p>
      )}
      <form onSubmit={submit} noValidate className="form form--inline">
        <TextField
          id="member-email"
          name="email"
          type="email"
          label={labels.email}
          hint={t('members.emailHint')}
          autoComplete="off"
          required
          error={errors.email}
        />
        <SelectField id="member-role" name="role" label={labels.role} defaultValue="staff" required error={errors.role}>
          {membershipRoles.map((role) => (
            <option key={role} value={role}>
              {roleName(t, role)}
            </option>
          ))}
        </SelectField>
        <button type="submit" className="button" disabled={add.isPending}>
          {t('members.add')}
        </button>
      </form>
    </>
  );
}

function CloseOrganisationSection({ slug, organisation }: { slug: string; organisation: Organisation }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const close = useMutation({
    mutationFn: () => api.closeOrganisation(slug, organisation.id),
    onSuccess: (closed) => {
      queryClient.setQueryData(['organisation', slug, organisation.id], closed);
      void queryClient.invalidateQueries({ queryKey: ['members', slug, organisation.id] });
      void queryClient.invalidateQueries({ queryKey: ['organisations', slug] });
    },
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    close.mutate();
  };
  return (
    <section aria-labelledby="close-heading" className="section">
      <h2 id="close-heading">{t('organisations.closeTitle')}</h2>
      <p>{t('organisations.closeExplain')}</p>
      {close.error && <ProblemAlert problem={asProblem(close.error)} />}
      <form onSubmit={submit} className="form">
        <div className="checkbox">
          <input id="close-confirm" name="confirm" type="checkbox" required />
          <label htmlFor="close-confirm">{t('organisations.closeConfirm', { name: organisation.name })}</label>
        </div>
        <button type="submit" className="button button--danger" disabled={close.isPending}>
          {t('organisations.close')}
        </button>
      </form>
    </section>
  );
}

export function OrganisationDetailPage() {
  const { t } = useTranslation();
  const { slug, territory, canManageOrganisation, isCurrencyOperator, isFacilitator } = useWorkspace();
  const format = useFormat();
  const { organisationId = '' } = useParams();
  const notice = (useLocation().state as { notice?: string } | null)?.notice;
  const organisation = useQuery({
    queryKey: ['organisation', slug, organisationId],
    queryFn: () => api.organisation(slug, organisationId),
  });
  // A closed organisation keeps its page, but can no longer be changed or gain members.
  const canManage = canManageOrganisation(organisationId) && !organisation.data?.closedAt;
  const members = useQuery({
    queryKey: ['members', slug, organisationId],
    queryFn: () => api.members(slug, organisationId),
  });
  useDocumentTitle(organisation.data?.name ?? t('organisations.detailTitle'), territory.name);
  const base = `/workspace/${slug}/organisations`;
  return (
    <>
      <p className="back-link">
        <Link to={base}>{t('organisations.backToList')}</Link>
      </p>
      <h1>{organisation.data?.name ?? t('organisations.detailTitle')}</h1>
      {notice && (
        <p className="alert alert--success" role="status">
          {notice}
        </p>
      )}
      <QueryState query={organisation}>
        {(data) => (
          <>
            <OrganisationFacts organisation={data} />
            {data.closedAt && (
              <p className="alert alert--info" role="status">
                {t('organisations.closedOn', { date: format.date(data.closedAt) })}
              </p>
            )}
            {canManage && (
              <p className="actions">
                <Link className="button button--secondary" to={`${base}/${data.id}/edit`}>
                  {t('organisations.edit')}
                </Link>
              </p>
            )}
            <CurrencyAcceptanceSection
              slug={slug}
              organisationId={data.id}
              canEdit={isCurrencyOperator || territory.organisations.some((o) => o.id === data.id && o.role === 'representative')}
            />
            <section aria-labelledby="members-heading" className="section">
              <h2 id="members-heading">{t('members.title')}</h2>
              <QueryState query={members}>
                {({ items }) => (
                  <MembersTable slug={slug} organisation={data} members={items} canManage={canManage} />
                )}
              </QueryState>
            </section>
            {canManage && (
              <section aria-labelledby="add-member-heading" className="section">
                <h2 id="add-member-heading">{t('members.addTitle')}</h2>
                <AddMemberForm slug={slug} organisationId={data.id} />
              </section>
            )}
            {isFacilitator && !data.closedAt && <CloseOrganisationSection slug={slug} organisation={data} />}
          </>
        )}
      </QueryState>
    </>
  );
}
