import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api';
import { concertationWorkspaceApi } from '../../../concertation-workspace-api';
import type { Initiative } from '../../../concertation-contract';
import { triageDecisions, type TriageDecision, type TriageInput } from '../../../concertation-workspace-contract';
import { SelectField, TextAreaField, TextField } from '../../../components/fields';
import { ProblemAlert } from '../../../components/problem-alert';
import { fieldErrorsOf } from '../../../components/problem';
import { textOf, useOrganisations } from '../funding/form-helpers';
import { useConcertationProblem } from './concertation-problem';
import { concertationKey } from './concertation-queries';

function CommitmentFields({ slug, idPrefix, initiative, errors, labels }: { slug: string; idPrefix: string; initiative: Initiative; errors: Record<string, string>; labels: Record<string, string> }) {
  const { t } = useTranslation();
  const organisations = useOrganisations(slug);
  const taskForces = useQuery({ queryKey: [...concertationKey(slug), 'task-forces'], queryFn: () => api.taskForces(slug) });
  return (
    <>
      <SelectField id={`${idPrefix}-commitment.ownerOrganisationId`} name="ownerOrganisationId" label={labels['commitment.ownerOrganisationId'] ?? ''} required defaultValue="" error={errors['commitment.ownerOrganisationId']}>
        <option value="">{organisations.isPending ? t('common.loading') : t('concertationWorkspace.triage.chooseOrganisation')}</option>
        {(organisations.data ?? []).map((organisation) => (
          <option key={organisation.id} value={organisation.id}>
            {organisation.name}
          </option>
        ))}
      </SelectField>
      <TextAreaField id={`${idPrefix}-commitment.statement`} name="statement" label={labels['commitment.statement'] ?? ''} required rows={3} maxLength={2_000} defaultValue={initiative.title} error={errors['commitment.statement']} />
      <SelectField id={`${idPrefix}-commitment.taskForceId`} name="taskForceId" label={labels['commitment.taskForceId'] ?? ''} defaultValue="" error={errors['commitment.taskForceId']}>
        <option value="">{t('concertationWorkspace.triage.noTaskForce')}</option>
        {(taskForces.data?.items ?? []).map((taskForce) => (
          <option key={taskForce.id} value={taskForce.id}>
            {taskForce.name}
          </option>
        ))}
      </SelectField>
      <TextField id={`${idPrefix}-commitment.deadline`} name="deadline" type="date" label={labels['commitment.deadline'] ?? ''} error={errors['commitment.deadline']} />
    </>
  );
}

function inputOf(decision: TriageDecision, data: FormData): TriageInput {
  const reason = textOf(data, 'reason');
  const optionalReason = reason ? { reason } : {};
  switch (decision) {
    case 'accept_task_force':
      return { decision, ...optionalReason, taskForce: { name: textOf(data, 'name'), mission: textOf(data, 'mission') } };
    case 'accept_commitment': {
      const taskForceId = textOf(data, 'taskForceId');
      const deadline = textOf(data, 'deadline');
      return {
        decision,
        ...optionalReason,
        commitment: { ownerOrganisationId: textOf(data, 'ownerOrganisationId'), statement: textOf(data, 'statement'), ...(taskForceId ? { taskForceId } : {}), ...(deadline ? { deadline } : {}) },
      };
    }
    case 'merge':
      return { decision, ...optionalReason, mergedIntoId: textOf(data, 'mergedIntoId') };
    case 'decline':
      // The reason is required; an empty one is sent so that the server names the field at fault.
      return { decision, reason };
  }
}

/** A facilitator's public answer to an initiative: a new task force, a commitment, a merge, or a reasoned refusal. */
export function TriageForm({ slug, initiative, others, onTriaged }: { slug: string; initiative: Initiative; others: Initiative[]; onTriaged: (result: Initiative) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [decision, setDecision] = useState<TriageDecision>('accept_task_force');
  const triage = useMutation({
    mutationFn: (input: TriageInput) => concertationWorkspaceApi.triage(slug, initiative.id, input),
    onSuccess: async (result) => {
      onTriaged(result);
      await queryClient.invalidateQueries({ queryKey: concertationKey(slug) });
    },
  });
  const problem = useConcertationProblem(triage.error);
  const errors = fieldErrorsOf(t, problem);
  const idPrefix = `triage-${initiative.id}`;
  const labels: Record<string, string> = {
    decision: t('concertationWorkspace.triage.decision'),
    reason: decision === 'decline' ? t('concertationWorkspace.triage.reasonRequired') : t('concertationWorkspace.triage.reason'),
    'taskForce.name': t('concertationWorkspace.triage.taskForceName'),
    'taskForce.mission': t('concertationWorkspace.triage.taskForceMission'),
    'commitment.ownerOrganisationId': t('concertationWorkspace.triage.owner'),
    'commitment.statement': t('concertationWorkspace.triage.statement'),
    'commitment.taskForceId': t('concertationWorkspace.triage.taskForce'),
    'commitment.deadline': t('concertationWorkspace.triage.deadline'),
    mergedIntoId: t('concertationWorkspace.triage.mergeInto'),
  };
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    triage.mutate(inputOf(decision, new FormData(event.currentTarget)));
  }
  const mergeTargets = others.filter((other) => other.id !== initiative.id && other.status !== 'merged' && other.status !== 'declined');
  return (
    <form className="form triage-form" onSubmit={submit} noValidate aria-label={t('concertationWorkspace.triage.formLabel', { title: initiative.title })}>
      <ProblemAlert problem={problem} idPrefix={idPrefix} fieldLabels={labels} focus />
      <fieldset className="fieldset" id={`${idPrefix}-decision`}>
        <legend>{labels.decision}</legend>
        <div className="radio-row">
          {triageDecisions.map((choice) => (
            <div className="checkbox" key={choice}>
              <input type="radio" id={`${idPrefix}-choice-${choice}`} name="decision" value={choice} checked={decision === choice} onChange={() => setDecision(choice)} />
              <label htmlFor={`${idPrefix}-choice-${choice}`}>{t(`concertationWorkspace.triage.decisions.${choice}`)}</label>
            </div>
          ))}
        </div>
      </fieldset>
      {decision === 'accept_task_force' && (
        <>
          <TextField id={`${idPrefix}-taskForce.name`} name="name" label={labels['taskForce.name'] ?? ''} required maxLength={200} defaultValue={initiative.title} error={errors['taskForce.name']} />
          <TextAreaField id={`${idPrefix}-taskForce.mission`} name="mission" label={labels['taskForce.mission'] ?? ''} required rows={3} maxLength={5_000} defaultValue={initiative.description} error={errors['taskForce.mission']} />
        </>
      )}
      {decision === 'accept_commitment' && <CommitmentFields slug={slug} idPrefix={idPrefix} initiative={initiative} errors={errors} labels={labels} />}
      {decision === 'merge' && (
        <SelectField id={`${idPrefix}-mergedIntoId`} name="mergedIntoId" label={labels.mergedIntoId ?? ''} required defaultValue="" error={errors.mergedIntoId}>
          <option value="">{t('concertationWorkspace.triage.chooseInitiative')}</option>
          {mergeTargets.map((other) => (
            <option key={other.id} value={other.id}>
              {other.title}
            </option>
          ))}
        </SelectField>
      )}
      <TextAreaField
        id={`${idPrefix}-reason`}
        name="reason"
        label={labels.reason ?? ''}
        required={decision === 'decline'}
        hint={t('concertationWorkspace.triage.reasonHint')}
        rows={3}
        maxLength={2_000}
        error={errors.reason}
      />
      <button type="submit" className="button" disabled={triage.isPending}>
        {t(`concertationWorkspace.triage.submit.${decision}`)}
      </button>
    </form>
  );
}
