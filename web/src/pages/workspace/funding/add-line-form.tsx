import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { parseMinorUnits } from '../../../amounts';
import { SelectField, TextAreaField, TextField } from '../../../components/fields';
import { ProblemAlert } from '../../../components/problem-alert';
import { fieldErrorsOf } from '../../../components/problem';
import { fundingApi } from '../../../funding-api';
import { instruments, sourceKinds, type FundingLineInput, type FundingProject, type SourceKind } from '../../../funding-contract';
import { useFormat } from '../../../format';
import { useFundingProblem } from '../../portal/funding/funding-problem';
import { LocalErrors } from '../../portal/funding/local-errors';
import { SuccessNotice } from '../pact/notice';
import { textOf, useOrganisations } from './form-helpers';

const idPrefix = 'line';

/** A new funding line: its source, its funder (one of the territory's organisations, or a name), its amount and where it stands. */
export function AddLineForm({ slug, taskForceId, projects }: { slug: string; taskForceId: string; projects: FundingProject[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const organisations = useOrganisations(slug);
  const [kind, setKind] = useState<SourceKind>('subsidy');
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const add = useMutation({
    mutationFn: ({ input }: { input: FundingLineInput; form: HTMLFormElement }) => fundingApi.addLine(slug, taskForceId, input),
    onSuccess: async (_line, { form }) => {
      form.reset();
      setKind('subsidy');
      await queryClient.invalidateQueries({ queryKey: ['funding', slug] });
    },
  });
  const problem = useFundingProblem(add.error);
  const errors = { ...fieldErrorsOf(t, problem), ...localErrors };
  const labels = {
    sourceKind: t('funding.plan.source'),
    instrument: t('funding.lines.instrument'),
    funderOrganisationId: t('funding.lines.funderOrganisation'),
    funderName: t('funding.lines.funderName'),
    projectId: t('funding.plan.project'),
    amount: t('funding.plan.amount'),
    status: t('funding.plan.status'),
    note: t('funding.plan.note'),
  };

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const amount = parseMinorUnits(textOf(data, 'amount'));
    const funderOrganisationId = textOf(data, 'funderOrganisationId');
    const funderName = textOf(data, 'funderName');
    const invalid: Record<string, string> = {};
    if (amount === null || amount <= 0) invalid.amount = t('fieldErrors.not_an_amount');
    if (!funderOrganisationId && !funderName) invalid.funderName = t('funding.lines.funderRequired');
    setLocalErrors(invalid);
    if (amount === null || Object.keys(invalid).length > 0) return;
    const projectId = textOf(data, 'projectId');
    const note = textOf(data, 'note');
    const input: FundingLineInput = {
      sourceKind: kind,
      amount,
      status: textOf(data, 'status') as FundingLineInput['status'],
      ...(kind === 'public_institution' ? { instrument: textOf(data, 'instrument') as FundingLineInput['instrument'] } : {}),
      ...(funderOrganisationId ? { funderOrganisationId } : { funderName }),
      ...(projectId ? { projectId } : {}),
      ...(note ? { note } : {}),
    };
    add.mutate({ input, form });
  }

  return (
    <>
      {add.isSuccess && (
        <SuccessNotice key={add.submittedAt}>
          <p>{t('funding.lines.added', { amount: format.euros(add.data.amount), funder: add.data.funderName })}</p>
        </SuccessNotice>
      )}
      <p>{t('common.requiredNote')}</p>
      <ProblemAlert problem={problem} idPrefix={idPrefix} fieldLabels={labels} focus />
      <LocalErrors errors={localErrors} labels={labels} idPrefix={idPrefix} />
      <form onSubmit={submit} noValidate className="form">
        <SelectField id={`${idPrefix}-sourceKind`} name="sourceKind" label={labels.sourceKind} value={kind} onChange={(event) => setKind(event.target.value as SourceKind)} required error={errors.sourceKind}>
          {sourceKinds.map((source) => (
            <option key={source} value={source}>
              {t(`funding.sourceKinds.${source}`)}
            </option>
          ))}
        </SelectField>
        {kind === 'public_institution' && (
          <SelectField id={`${idPrefix}-instrument`} name="instrument" label={labels.instrument} required error={errors.instrument}>
            {instruments.map((instrument) => (
              <option key={instrument} value={instrument}>
                {t(`funding.instruments.${instrument}`)}
              </option>
            ))}
          </SelectField>
        )}
        <fieldset className="fieldset">
          <legend>{t('funding.plan.funder')}</legend>
          <SelectField id={`${idPrefix}-funderOrganisationId`} name="funderOrganisationId" label={labels.funderOrganisationId} hint={t('funding.lines.funderHint')} error={errors.funderOrganisationId}>
            <option value="">{t('funding.lines.noOrganisation')}</option>
            {(organisations.data ?? []).map((organisation) => (
              <option key={organisation.id} value={organisation.id}>
                {organisation.name}
              </option>
            ))}
          </SelectField>
          <TextField id={`${idPrefix}-funderName`} name="funderName" label={labels.funderName} maxLength={300} autoComplete="off" error={errors.funderName} />
        </fieldset>
        {projects.length > 0 && (
          <SelectField id={`${idPrefix}-projectId`} name="projectId" label={labels.projectId} error={errors.projectId}>
            <option value="">{t('funding.plan.wholeTaskForce')}</option>
            {projects.map((project) => (
              <option key={project.id} value={project.id}>
                {project.name}
              </option>
            ))}
          </SelectField>
        )}
        <TextField id={`${idPrefix}-amount`} name="amount" label={labels.amount} hint={t('funding.amountHint')} inputMode="decimal" autoComplete="off" required error={errors.amount} />
        <SelectField id={`${idPrefix}-status`} name="status" label={labels.status} hint={t('funding.lines.statusHint')} defaultValue="planned" error={errors.status}>
          {(['planned', 'requested', 'granted', 'received'] as const).map((status) => (
            <option key={status} value={status}>
              {t(`funding.statuses.${status}`)}
            </option>
          ))}
        </SelectField>
        <TextAreaField id={`${idPrefix}-note`} name="note" label={labels.note} maxLength={2000} rows={2} error={errors.note} />
        <button type="submit" className="button" disabled={add.isPending}>
          {t('funding.lines.add')}
        </button>
      </form>
    </>
  );
}
