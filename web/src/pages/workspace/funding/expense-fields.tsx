import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { minorUnitsForInput, parseMinorUnits } from '../../../amounts';
import type { TaskForceDetail } from '../../../api-contract';
import { SelectField, TextField } from '../../../components/fields';
import type { Expense, ExpenseInput, FundingLine, FundingProject } from '../../../funding-contract';
import { useFormat } from '../../../format';
import { sourceName } from '../../portal/funding/funding-labels';
import { textOf, todayIso } from './form-helpers';

/** What an expense may be charged to: the task force's budget lines, its projects, its funding lines. */
export interface ExpenseChoices {
  taskForce: TaskForceDetail;
  projects: FundingProject[];
  lines: FundingLine[];
}

export function expenseLabels(t: TFunction): Record<keyof ExpenseInput, string> {
  return {
    budgetLinePosition: t('funding.plan.budgetLine'),
    projectId: t('funding.plan.project'),
    fundingLineId: t('funding.expenses.fundingLine'),
    payee: t('funding.expenses.payee'),
    description: t('funding.expenses.description'),
    amount: t('funding.plan.amount'),
    incurredOn: t('funding.expenses.incurredOn'),
  };
}

/**
 * The expense a form describes, or the fields the browser finds at fault before sending. An empty
 * project or funding line is `null`, so that editing a draft can also detach it.
 */
export function readExpenseForm(t: TFunction, form: HTMLFormElement): { input: ExpenseInput } | { errors: Record<string, string> } {
  const data = new FormData(form);
  const amount = parseMinorUnits(textOf(data, 'amount'));
  if (amount === null || amount <= 0) return { errors: { amount: t('fieldErrors.not_an_amount') } };
  return {
    input: {
      budgetLinePosition: Number(textOf(data, 'budgetLinePosition')),
      payee: textOf(data, 'payee'),
      description: textOf(data, 'description'),
      amount,
      incurredOn: textOf(data, 'incurredOn'),
      projectId: textOf(data, 'projectId') || null,
      fundingLineId: textOf(data, 'fundingLineId') || null,
    },
  };
}

/** The fields of an expense, empty for a new one or filled with a draft's values. */
export function ExpenseFields({ idPrefix, choices, errors, expense }: { idPrefix: string; choices: ExpenseChoices; errors: Record<string, string | undefined>; expense?: Expense }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const labels = expenseLabels(t);
  const usable = choices.lines.filter((line) => line.status !== 'refused' || line.id === expense?.fundingLineId);
  return (
    <>
      <SelectField id={`${idPrefix}-budgetLinePosition`} name="budgetLinePosition" label={labels.budgetLinePosition} defaultValue={expense?.budgetLinePosition} required error={errors.budgetLinePosition}>
        {choices.taskForce.budgetLines.map((line, position) => (
          <option key={position} value={position}>
            {line.label} ({format.euros(line.plannedAmount)})
          </option>
        ))}
      </SelectField>
      {choices.projects.length > 0 && (
        <SelectField id={`${idPrefix}-projectId`} name="projectId" label={labels.projectId} defaultValue={expense?.projectId ?? ''} error={errors.projectId}>
          <option value="">{t('funding.plan.wholeTaskForce')}</option>
          {choices.projects.map((project) => (
            <option key={project.id} value={project.id}>
              {project.name}
            </option>
          ))}
        </SelectField>
      )}
      <SelectField id={`${idPrefix}-fundingLineId`} name="fundingLineId" label={labels.fundingLineId} hint={t('funding.expenses.fundingLineHint')} defaultValue={expense?.fundingLineId ?? ''} error={errors.fundingLineId}>
        <option value="">{t('funding.expenses.noFundingLine')}</option>
        {usable.map((line) => (
          <option key={line.id} value={line.id}>
            {sourceName(t, line)} — {line.funderName} ({format.euros(line.amount)})
          </option>
        ))}
      </SelectField>
      <TextField id={`${idPrefix}-payee`} name="payee" label={labels.payee} hint={t('funding.expenses.payeeHint')} defaultValue={expense?.payee} maxLength={300} required autoComplete="off" error={errors.payee} />
      <TextField id={`${idPrefix}-description`} name="description" label={labels.description} defaultValue={expense?.description} maxLength={2000} required autoComplete="off" error={errors.description} />
      <TextField
        id={`${idPrefix}-amount`}
        name="amount"
        label={labels.amount}
        hint={t('funding.amountHint')}
        defaultValue={expense ? minorUnitsForInput(expense.amount, i18n.language) : undefined}
        inputMode="decimal"
        autoComplete="off"
        required
        error={errors.amount}
      />
      <TextField id={`${idPrefix}-incurredOn`} name="incurredOn" type="date" label={labels.incurredOn} defaultValue={expense?.incurredOn ?? todayIso()} required error={errors.incurredOn} />
    </>
  );
}
