import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { minorUnitsForInput, parseMinorUnits } from '../../../amounts';
import type { TaskForceDetail } from '../../../api-contract';
import { SelectField, TextField } from '../../../components/fields';
import { ProblemAlert } from '../../../components/problem-alert';
import { fieldErrorsOf } from '../../../components/problem';
import { fundingApi } from '../../../funding-api';
import type { FundingProject, ProjectCost } from '../../../funding-contract';
import { useFormat } from '../../../format';
import { useFundingProblem } from '../../portal/funding/funding-problem';
import { LocalErrors } from '../../portal/funding/local-errors';
import { SuccessNotice } from '../pact/notice';

interface CostRow {
  /** Stable across removals, so that React keeps each row's inputs with their row. */
  key: number;
  label: string;
  budgetLinePosition: string;
  amount: string;
}

let nextKey = 0;
const rowOf = (cost: ProjectCost | null, language: string): CostRow => ({
  key: (nextKey += 1),
  label: cost?.label ?? '',
  budgetLinePosition: cost?.budgetLinePosition === null || cost?.budgetLinePosition === undefined ? '' : String(cost.budgetLinePosition),
  amount: cost ? minorUnitsForInput(cost.amount, language) : '',
});

/**
 * A project's cost lines — what it costs, each under one of the task force's budget lines or none — edited
 * as a whole list: rows added and removed here, saved together (the server takes the whole list).
 */
export function ProjectCostsForm({ slug, project, budgetLines }: { slug: string; project: FundingProject; budgetLines: TaskForceDetail['budgetLines'] }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const [rows, setRows] = useState<CostRow[]>(() => project.costs.map((cost) => rowOf(cost, i18n.language)));
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: (costs: ProjectCost[]) => fundingApi.updateProject(slug, project.id, { costs }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['funding', slug] }),
  });
  const problem = useFundingProblem(save.error);
  const prefix = `costs-${project.id}`;
  const labels: Record<string, string> = {};
  rows.forEach((_row, i) => {
    labels[`costs[${i}].label`] = t('funding.projects.costField', { n: i + 1, field: t('funding.projects.costLabel') });
    labels[`costs[${i}].budgetLinePosition`] = t('funding.projects.costField', { n: i + 1, field: t('funding.plan.budgetLine') });
    labels[`costs[${i}].amount`] = t('funding.projects.costField', { n: i + 1, field: t('funding.plan.amount') });
  });
  const errors = { ...fieldErrorsOf(t, problem), ...localErrors };
  const change = (key: number, field: 'label' | 'budgetLinePosition' | 'amount', value: string) => setRows((current) => current.map((row) => (row.key === key ? { ...row, [field]: value } : row)));

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const invalid: Record<string, string> = {};
    const costs = rows.map((row, i) => {
      const amount = parseMinorUnits(row.amount.trim());
      if (amount === null || amount < 0) invalid[`costs[${i}].amount`] = t('fieldErrors.not_an_amount');
      return { label: row.label.trim(), budgetLinePosition: row.budgetLinePosition === '' ? null : Number(row.budgetLinePosition), amount: amount ?? 0 };
    });
    setLocalErrors(invalid);
    if (Object.keys(invalid).length === 0) save.mutate(costs);
  }

  return (
    <details className="funding-edit">
      <summary>{t('funding.projects.editCosts', { name: project.name })}</summary>
      {save.isSuccess && (
        <SuccessNotice key={save.submittedAt}>
          <p>{t('funding.projects.costsSaved', { name: save.data.name, total: format.euros(save.data.totalCost) })}</p>
        </SuccessNotice>
      )}
      <ProblemAlert problem={problem} idPrefix={prefix} fieldLabels={labels} focus />
      <LocalErrors errors={localErrors} labels={labels} idPrefix={prefix} />
      <form onSubmit={submit} noValidate className="form" aria-label={t('funding.projects.costsFormLabel', { name: project.name })}>
        <p>{t('funding.projects.costsHint')}</p>
        {rows.length === 0 && <p>{t('funding.projects.noCosts')}</p>}
        {rows.map((row, i) => (
          <fieldset key={row.key} className="fieldset funding-cost-row">
            <legend>{t('funding.projects.costRow', { n: i + 1 })}</legend>
            <TextField
              id={`${prefix}-costs[${i}].label`}
              label={t('funding.projects.costLabel')}
              value={row.label}
              onChange={(event) => change(row.key, 'label', event.target.value)}
              maxLength={300}
              required
              autoComplete="off"
              error={errors[`costs[${i}].label`]}
            />
            <SelectField
              id={`${prefix}-costs[${i}].budgetLinePosition`}
              label={t('funding.plan.budgetLine')}
              value={row.budgetLinePosition}
              onChange={(event) => change(row.key, 'budgetLinePosition', event.target.value)}
              error={errors[`costs[${i}].budgetLinePosition`]}
            >
              <option value="">{t('funding.projects.noBudgetLine')}</option>
              {budgetLines.map((line, position) => (
                <option key={position} value={position}>
                  {line.label}
                </option>
              ))}
            </SelectField>
            <TextField
              id={`${prefix}-costs[${i}].amount`}
              label={t('funding.plan.amount')}
              hint={t('funding.amountHint')}
              value={row.amount}
              onChange={(event) => change(row.key, 'amount', event.target.value)}
              inputMode="decimal"
              autoComplete="off"
              required
              error={errors[`costs[${i}].amount`]}
            />
            <button type="button" className="button button--secondary" onClick={() => setRows((current) => current.filter((other) => other.key !== row.key))}>
              {t('funding.projects.removeCost', { n: i + 1 })}
            </button>
          </fieldset>
        ))}
        <div className="funding-actions">
          <button type="button" className="button button--secondary" onClick={() => setRows((current) => [...current, rowOf(null, i18n.language)])}>
            {t('funding.projects.addCost')}
          </button>
          <button type="submit" className="button" disabled={save.isPending}>
            {t('funding.projects.saveCosts')}
          </button>
        </div>
      </form>
    </details>
  );
}
