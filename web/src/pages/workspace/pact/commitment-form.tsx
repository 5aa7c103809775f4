import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiProblem } from '../../../api';
import type { Commitment, CommitmentInput, ProblemFieldError, TaskForce } from '../../../api-contract';
import { SelectField, TextAreaField, TextField } from '../../../components/fields';
import { ProblemAlert } from '../../../components/problem-alert';
import { fieldErrorsOf } from '../../../components/problem';
import { localProblem, numberForInput, parseDecimal, parseWholeNumber } from './form-values';

const defaultIdPrefix = 'commitment';
type DueKind = 'target' | 'milestone';

interface CommitmentFormProps {
  owners: { id: string; name: string }[];
  taskForces: TaskForce[];
  defaultTaskForceId: string;
  pending: boolean;
  problem: ApiProblem | null;
  onSubmit: (input: CommitmentInput) => void;
  /** Editing this commitment: its values fill the form, and its owner stays. */
  commitment?: Commitment;
  submitLabel?: string;
  idPrefix?: string;
}

/** A commitment for an organisation: a statement, a measurable target or a milestone, and its weight. */
export function CommitmentForm({ owners, taskForces, defaultTaskForceId, pending, problem, onSubmit, commitment, submitLabel, idPrefix = defaultIdPrefix }: CommitmentFormProps) {
  const { t, i18n } = useTranslation();
  const [due, setDue] = useState<DueKind>(commitment?.target ? 'target' : 'milestone');
  const number = (value: number | undefined) => (value === undefined ? undefined : numberForInput(value, i18n.language));
  const [local, setLocal] = useState<ApiProblem | null>(null);
  const shown = local ?? problem;
  const errors = fieldErrorsOf(t, shown);
  const labels = {
    ownerOrganisationId: t('pactWorkspace.commitmentForm.owner'),
    taskForceId: t('pact.commitment.taskForce'),
    statement: t('pact.commitment.statement'),
    target: t('pactWorkspace.commitmentForm.due'),
    'target.indicatorCode': t('pactWorkspace.commitmentForm.indicatorCode'),
    'target.value': t('pactWorkspace.commitmentForm.targetValue'),
    'target.unit': t('pact.fields.unit'),
    'target.deadline': t('pactWorkspace.commitmentForm.deadline'),
    milestoneDate: t('pact.commitment.milestone'),
    weight: t('pact.commitment.weight'),
  };
  // A closed task force takes no new commitment, but one already in it stays there when edited.
  const open = taskForces.filter((tf) => tf.status !== 'closed' || tf.id === defaultTaskForceId);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const text = (name: string) => String(data.get(name) ?? '').trim();
    const found: ProblemFieldError[] = [];
    const required = (field: string) => found.push({ field, code: 'required', message: t('fieldErrors.required') });
    const statement = text('statement');
    if (!statement) required('statement');
    const weight = parseWholeNumber(text('weight'));
    if (typeof weight !== 'number' || weight < 1 || weight > 1000) found.push({ field: 'weight', code: 'invalid_weight', message: t('pactWorkspace.commitmentForm.weightError') });
    let target: CommitmentInput['target'] = null;
    let milestoneDate: string | null = null;
    if (due === 'target') {
      const value = parseDecimal(text('target.value'));
      if (value === null) required('target.value');
      else if (value === 'invalid') found.push({ field: 'target.value', code: 'not_a_number', message: t('pactWorkspace.taskForceForm.errors.not_a_number') });
      for (const field of ['target.indicatorCode', 'target.unit', 'target.deadline']) if (!text(field)) required(field);
      target = { indicatorCode: text('target.indicatorCode'), value: typeof value === 'number' ? value : 0, unit: text('target.unit'), deadline: text('target.deadline') };
    } else {
      milestoneDate = text('milestoneDate');
      if (!milestoneDate) required('milestoneDate');
    }
    const invalid = localProblem(found);
    setLocal(invalid);
    if (invalid || typeof weight !== 'number') return;
    const taskForceId = text('taskForceId');
    // Fields left out rather than sent as null: the server reads an absent field as none.
    onSubmit({
      ownerOrganisationId: commitment?.ownerOrganisationId ?? text('ownerOrganisationId'),
      ...(taskForceId ? { taskForceId } : {}),
      statement,
      ...(target ? { target } : {}),
      ...(milestoneDate ? { milestoneDate } : {}),
      weight,
    });
  }

  return (
    <>
      <p>{t('common.requiredNote')}</p>
      <ProblemAlert problem={shown} idPrefix={idPrefix} fieldLabels={labels} focus />
      <form onSubmit={submit} noValidate className="form">
        {!commitment && (
          <SelectField id={`${idPrefix}-ownerOrganisationId`} name="ownerOrganisationId" label={labels.ownerOrganisationId} required error={errors.ownerOrganisationId}>
            {owners.map((owner) => (
              <option key={owner.id} value={owner.id}>
                {owner.name}
              </option>
            ))}
          </SelectField>
        )}
        <SelectField id={`${idPrefix}-taskForceId`} name="taskForceId" label={labels.taskForceId} defaultValue={defaultTaskForceId} error={errors.taskForceId}>
          <option value="">{t('pactWorkspace.commitmentForm.noTaskForce')}</option>
          {open.map((taskForce) => (
            <option key={taskForce.id} value={taskForce.id}>
              {taskForce.name}
            </option>
          ))}
        </SelectField>
        <TextAreaField
          id={`${idPrefix}-statement`}
          name="statement"
          label={labels.statement}
          hint={t('pactWorkspace.commitmentForm.statementHint')}
          required
          maxLength={2000}
          defaultValue={commitment?.statement}
          error={errors.statement}
        />
        <fieldset className="fieldset" id={`${idPrefix}-target`}>
          <legend>{labels.target}</legend>
          {errors.target && <p className="field__error">{errors.target}</p>}
          <div className="radio-row">
            {(['milestone', 'target'] as const).map((kind) => (
              <div className="checkbox" key={kind}>
                <input type="radio" id={`${idPrefix}-due-${kind}`} name="due" value={kind} checked={due === kind} onChange={() => setDue(kind)} />
                <label htmlFor={`${idPrefix}-due-${kind}`}>{t(`pactWorkspace.commitmentForm.dueKinds.${kind}`)}</label>
              </div>
            ))}
          </div>
          {due === 'milestone' ? (
            <TextField
              id={`${idPrefix}-milestoneDate`}
              name="milestoneDate"
              type="date"
              label={labels.milestoneDate}
              required
              defaultValue={commitment?.milestoneDate ?? undefined}
              error={errors.milestoneDate}
            />
          ) : (
            <>
              <div className="field-row">
                <TextField
                  id={`${idPrefix}-target.indicatorCode`}
                  name="target.indicatorCode"
                  label={labels['target.indicatorCode']}
                  hint={t('pactWorkspace.commitmentForm.indicatorHint')}
                  required
                  maxLength={64}
                  autoComplete="off"
                  defaultValue={commitment?.target?.indicatorCode}
                  error={errors['target.indicatorCode']}
                />
                <TextField
                  id={`${idPrefix}-target.value`}
                  name="target.value"
                  label={labels['target.value']}
                  inputMode="decimal"
                  required
                  autoComplete="off"
                  defaultValue={number(commitment?.target?.value)}
                  error={errors['target.value']}
                />
                <TextField
                  id={`${idPrefix}-target.unit`}
                  name="target.unit"
                  label={labels['target.unit']}
                  required
                  maxLength={32}
                  autoComplete="off"
                  defaultValue={commitment?.target?.unit}
                  error={errors['target.unit']}
                />
              </div>
              <TextField
                id={`${idPrefix}-target.deadline`}
                name="target.deadline"
                type="date"
                label={labels['target.deadline']}
                required
                defaultValue={commitment?.target?.deadline}
                error={errors['target.deadline']}
              />
            </>
          )}
        </fieldset>
        <TextField
          id={`${idPrefix}-weight`}
          name="weight"
          label={labels.weight}
          hint={t('pactWorkspace.commitmentForm.weightHint')}
          inputMode="numeric"
          required
          defaultValue={commitment ? String(commitment.weight) : '1'}
          error={errors.weight}
        />
        <button type="submit" className="button" disabled={pending}>
          {submitLabel ?? t('pactWorkspace.commitmentForm.submit')}
        </button>
      </form>
    </>
  );
}
