import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { minorUnitsForInput, parseMinorUnits } from '../../../amounts';
import type { TaskForceDetail } from '../../../api-contract';
import { SelectField, TextAreaField, TextField } from '../../../components/fields';
import { ProblemAlert } from '../../../components/problem-alert';
import { fieldErrorsOf } from '../../../components/problem';
import { QueryState } from '../../../components/query-state';
import { fundingApi } from '../../../funding-api';
import type { Campaign, CampaignInput, FundingProject } from '../../../funding-contract';
import { useFormat } from '../../../format';
import { CampaignStatusBadge } from '../../portal/funding/campaign-parts';
import { CampaignProgress } from '../../portal/funding/funding-bars';
import { useFundingProblem } from '../../portal/funding/funding-problem';
import { LocalErrors } from '../../portal/funding/local-errors';
import { SuccessNotice } from '../pact/notice';
import { useWorkspace } from '../workspace-layout';
import { textOf, useOrganisations } from './form-helpers';
import type { FundingRights } from './funding-permissions';
import { TaskForceFrame } from './task-force-frame';

const idPrefix = 'campaign';

function CampaignActions({ slug, campaign }: { slug: string; campaign: Campaign }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const move = useMutation({
    mutationFn: (status: 'open' | 'closed') => fundingApi.updateCampaign(slug, campaign.id, { status }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['funding', slug] }),
  });
  const problem = useFundingProblem(move.error);
  const canOpen = campaign.status === 'draft';
  const canClose = campaign.status === 'draft' || campaign.status === 'succeeded' || campaign.status === 'failed';
  return (
    <>
      <ProblemAlert problem={problem} focus />
      <div className="funding-actions">
        {canOpen && (
          <button type="button" className="button" disabled={move.isPending} onClick={() => move.mutate('open')}>
            {t('funding.campaignSetup.open', { title: campaign.title })}
          </button>
        )}
        {canClose && (
          <button type="button" className="button button--secondary" disabled={move.isPending} onClick={() => move.mutate('closed')}>
            {campaign.status === 'draft' ? t('funding.campaignSetup.drop') : t('funding.campaignSetup.archive')}
          </button>
        )}
      </div>
      {campaign.status === 'open' && <p className="muted">{t('funding.campaignSetup.openNote')}</p>}
    </>
  );
}

/** A `datetime-local` value, in the person's own time zone, for an instant. */
function localDateTime(iso: string): string {
  const at = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

/** The campaign a setup form describes, or the fields the browser finds at fault before sending. */
function readCampaignForm(t: TFunction, data: FormData): { input: CampaignInput } | { errors: Record<string, string> } {
  const goal = parseMinorUnits(textOf(data, 'goal'));
  const deadlineText = textOf(data, 'deadline');
  const deadline = deadlineText ? new Date(deadlineText) : null;
  const errors: Record<string, string> = {};
  if (goal === null || goal <= 0) errors.goal = t('fieldErrors.not_an_amount');
  if (!deadline || Number.isNaN(deadline.getTime())) errors.deadline = t('fieldErrors.invalid_date');
  if (goal === null || !deadline || Object.keys(errors).length > 0) return { errors };
  return {
    input: { title: textOf(data, 'title'), description: textOf(data, 'description'), goal, deadline: deadline.toISOString(), allOrNothing: data.get('allOrNothing') === 'on' },
  };
}

function useCampaignLabels() {
  const { t } = useTranslation();
  return {
    projectId: t('funding.plan.project'),
    title: t('funding.campaignSetup.title'),
    description: t('funding.campaignSetup.description'),
    goal: t('funding.campaign.goal'),
    deadline: t('funding.campaign.deadline'),
    allOrNothing: t('funding.campaignSetup.allOrNothing'),
    beneficiaryOrganisationId: t('funding.campaignSetup.beneficiary'),
  };
}

/** Title, presentation, goal, deadline and all-or-nothing: the terms pledgers rely on, empty or a draft's. */
function CampaignTermsFields({ idPrefix, errors, campaign }: { idPrefix: string; errors: Record<string, string | undefined>; campaign?: Campaign }) {
  const { t, i18n } = useTranslation();
  const labels = useCampaignLabels();
  return (
    <>
      <TextField id={`${idPrefix}-title`} name="title" label={labels.title} defaultValue={campaign?.title} maxLength={200} required autoComplete="off" error={errors.title} />
      <TextAreaField id={`${idPrefix}-description`} name="description" label={labels.description} defaultValue={campaign?.description} maxLength={10_000} rows={4} error={errors.description} />
      <TextField
        id={`${idPrefix}-goal`}
        name="goal"
        label={labels.goal}
        hint={t('funding.amountHint')}
        defaultValue={campaign ? minorUnitsForInput(campaign.goal, i18n.language) : undefined}
        inputMode="decimal"
        autoComplete="off"
        required
        error={errors.goal}
      />
      <TextField id={`${idPrefix}-deadline`} name="deadline" type="datetime-local" label={labels.deadline} defaultValue={campaign ? localDateTime(campaign.deadline) : defaultDeadline()} required error={errors.deadline} />
      <div className="field">
        <div className="checkbox">
          <input id={`${idPrefix}-allOrNothing`} name="allOrNothing" type="checkbox" defaultChecked={campaign?.allOrNothing ?? true} aria-describedby={`${idPrefix}-allOrNothing-hint`} />
          <label htmlFor={`${idPrefix}-allOrNothing`}>{labels.allOrNothing}</label>
        </div>
        <p className="field__hint" id={`${idPrefix}-allOrNothing-hint`}>
          {t('funding.campaignSetup.allOrNothingHint')}
        </p>
      </div>
    </>
  );
}

/** A draft's terms, changed before it opens; once open they hold, and the server refuses any change. */
function CampaignDraftForm({ slug, campaign }: { slug: string; campaign: Campaign }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const organisations = useOrganisations(slug);
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: (patch: CampaignInput) => fundingApi.updateCampaign(slug, campaign.id, patch),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['funding', slug] }),
  });
  const problem = useFundingProblem(save.error);
  const labels = useCampaignLabels();
  const prefix = `edit-campaign-${campaign.id}`;
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const read = readCampaignForm(t, data);
    setLocalErrors('errors' in read ? read.errors : {});
    if ('input' in read) save.mutate({ ...read.input, beneficiaryOrganisationId: textOf(data, 'beneficiaryOrganisationId') || null });
  }
  return (
    <details className="funding-edit">
      <summary>{t('funding.campaignSetup.edit')}</summary>
      {save.isSuccess && (
        <SuccessNotice key={save.submittedAt}>
          <p>{t('funding.campaignSetup.saved', { title: save.data.title })}</p>
        </SuccessNotice>
      )}
      <ProblemAlert problem={problem} idPrefix={prefix} fieldLabels={labels} focus />
      <LocalErrors errors={localErrors} labels={labels} idPrefix={prefix} />
      <form onSubmit={submit} noValidate className="form" aria-label={t('funding.campaignSetup.editFormLabel', { title: campaign.title })}>
        <CampaignTermsFields idPrefix={prefix} errors={{ ...fieldErrorsOf(t, problem), ...localErrors }} campaign={campaign} />
        <SelectField
          id={`${prefix}-beneficiaryOrganisationId`}
          name="beneficiaryOrganisationId"
          label={labels.beneficiaryOrganisationId}
          hint={t('funding.campaignSetup.beneficiaryHint')}
          defaultValue={campaign.beneficiaryOrganisationId ?? ''}
          error={fieldErrorsOf(t, problem).beneficiaryOrganisationId}
        >
          <option value="">{t('funding.campaignSetup.noBeneficiary')}</option>
          {(organisations.data ?? []).map((organisation) => (
            <option key={organisation.id} value={organisation.id}>
              {organisation.name}
            </option>
          ))}
        </SelectField>
        <button type="submit" className="button button--secondary" disabled={save.isPending}>
          {t('funding.campaignSetup.saveDraft')}
        </button>
      </form>
    </details>
  );
}

function CampaignItem({ slug, campaign, canManage }: { slug: string; campaign: Campaign; canManage: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <li>
      <h3>
        <Link to={`/t/${slug}/campaigns/${campaign.id}`}>{campaign.title}</Link>
      </h3>
      <dl className="funding-details">
        <div>
          <dt>{t('funding.plan.status')}</dt>
          <dd>
            <CampaignStatusBadge campaign={campaign} />
          </dd>
        </div>
        <div>
          <dt>{t('funding.plan.project')}</dt>
          <dd>{campaign.projectName}</dd>
        </div>
        <div>
          <dt>{t('funding.campaign.deadline')}</dt>
          <dd>{format.dateTime(campaign.deadline)}</dd>
        </div>
        <div>
          <dt>{t('funding.campaign.progress')}</dt>
          <dd>
            <CampaignProgress campaign={campaign} />
          </dd>
        </div>
      </dl>
      {canManage && campaign.status === 'draft' && <CampaignDraftForm slug={slug} campaign={campaign} />}
      {canManage && <CampaignActions slug={slug} campaign={campaign} />}
    </li>
  );
}

/** A month from now at noon, as a `datetime-local` value: a sensible first deadline. */
function defaultDeadline(): string {
  const at = new Date(Date.now() + 30 * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T12:00`;
}

function NewCampaignForm({ slug, projects }: { slug: string; projects: FundingProject[] }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const organisations = useOrganisations(slug);
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const create = useMutation({
    mutationFn: ({ projectId, input }: { projectId: string; input: CampaignInput; form: HTMLFormElement }) => fundingApi.createCampaign(slug, projectId, input),
    onSuccess: async (_campaign, { form }) => {
      form.reset();
      await queryClient.invalidateQueries({ queryKey: ['funding', slug] });
    },
  });
  const problem = useFundingProblem(create.error);
  const errors = { ...fieldErrorsOf(t, problem), ...localErrors };
  const labels = useCampaignLabels();
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const read = readCampaignForm(t, data);
    setLocalErrors('errors' in read ? read.errors : {});
    if (!('input' in read)) return;
    const beneficiary = textOf(data, 'beneficiaryOrganisationId');
    create.mutate({ projectId: textOf(data, 'projectId'), input: { ...read.input, ...(beneficiary ? { beneficiaryOrganisationId: beneficiary } : {}) }, form });
  }
  if (projects.length === 0) return <p>{t('funding.campaignSetup.needsProject')}</p>;
  return (
    <>
      {create.isSuccess && (
        <SuccessNotice key={create.submittedAt}>
          <p>{t('funding.campaignSetup.created', { title: create.data.title })}</p>
        </SuccessNotice>
      )}
      <p>{t('common.requiredNote')}</p>
      <ProblemAlert problem={problem} idPrefix={idPrefix} fieldLabels={labels} focus />
      <LocalErrors errors={localErrors} labels={labels} idPrefix={idPrefix} />
      <form onSubmit={submit} noValidate className="form">
        <SelectField id={`${idPrefix}-projectId`} name="projectId" label={labels.projectId} required error={errors.projectId}>
          {projects.map((project) => (
            <option key={project.id} value={project.id}>
              {project.name}
            </option>
          ))}
        </SelectField>
        <CampaignTermsFields idPrefix={idPrefix} errors={errors} />
        <SelectField id={`${idPrefix}-beneficiaryOrganisationId`} name="beneficiaryOrganisationId" label={labels.beneficiaryOrganisationId} hint={t('funding.campaignSetup.beneficiaryHint')} error={errors.beneficiaryOrganisationId}>
          <option value="">{t('funding.campaignSetup.projectHolder')}</option>
          {(organisations.data ?? []).map((organisation) => (
            <option key={organisation.id} value={organisation.id}>
              {organisation.name}
            </option>
          ))}
        </SelectField>
        <button type="submit" className="button" disabled={create.isPending}>
          {t('funding.campaignSetup.create')}
        </button>
      </form>
    </>
  );
}

function CampaignsEditor({ taskForce, rights }: { taskForce: TaskForceDetail; rights: FundingRights }) {
  const { t } = useTranslation();
  const { slug } = useWorkspace();
  const campaigns = useQuery({ queryKey: ['funding', slug, 'campaigns', { taskForceId: taskForce.id }], queryFn: () => fundingApi.campaigns(slug, { taskForceId: taskForce.id }) });
  const projects = useQuery({ queryKey: ['funding', slug, 'projects', taskForce.id], queryFn: () => fundingApi.projects(slug, taskForce.id) });
  return (
    <>
      {!rights.canManage && <p className="alert alert--info">{t('funding.workspace.readOnlyCampaigns')}</p>}
      <section aria-labelledby="campaign-list-heading" className="section">
        <h2 id="campaign-list-heading">{t('funding.campaignSetup.listTitle')}</h2>
        <QueryState query={campaigns}>
          {(items) =>
            items.length === 0 ? (
              <p>{t('funding.campaigns.noneForTaskForce')}</p>
            ) : (
              <ul className="funding-list" aria-label={t('funding.campaigns.taskForceCaption', { count: items.length })}>
                {items.map((campaign) => (
                  <CampaignItem key={campaign.id} slug={slug} campaign={campaign} canManage={rights.canManage} />
                ))}
              </ul>
            )
          }
        </QueryState>
        <p>
          <Link to={`/workspace/${slug}/funding/pools`}>{t('funding.campaignSetup.poolsLink')}</Link>
        </p>
      </section>
      {rights.canManage && (
        <section aria-labelledby="new-campaign-heading" className="section">
          <h2 id="new-campaign-heading">{t('funding.campaignSetup.newTitle')}</h2>
          <p>{t('funding.campaignSetup.newIntro')}</p>
          <QueryState query={projects}>{(items) => <NewCampaignForm slug={slug} projects={items} />}</QueryState>
        </section>
      )}
    </>
  );
}

/** Campaign setup: a draft for one of the task force's projects, opened for pledges, archived once resolved. */
export function CampaignsSetupPage() {
  return <TaskForceFrame tab="campaigns">{(taskForce, rights) => <CampaignsEditor taskForce={taskForce} rights={rights} />}</TaskForceFrame>;
}
