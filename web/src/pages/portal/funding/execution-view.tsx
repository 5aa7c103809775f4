import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { Execution, Expense } from '../../../funding-contract';
import { useFormat, type Format } from '../../../format';
import { ShareBar } from './funding-bars';

function remainingText(format: Format, t: TFunction, remaining: number): string {
  return remaining < 0 ? t('funding.execution.overspent', { amount: format.euros(-remaining) }) : format.euros(remaining);
}

function ByBudgetLineTable({ execution }: { execution: Execution }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <div className="table-wrap">
      <table>
        <caption>{t('funding.execution.byLineCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('funding.plan.budgetLine')}</th>
            <th scope="col" className="numeric">
              {t('funding.execution.planned')}
            </th>
            <th scope="col" className="numeric">
              {t('funding.execution.committed')}
            </th>
            <th scope="col" className="numeric">
              {t('funding.execution.paid')}
            </th>
            <th scope="col" className="numeric">
              {t('funding.execution.remaining')}
            </th>
            <th scope="col">{t('funding.execution.committedShare')}</th>
          </tr>
        </thead>
        <tbody>
          {execution.byBudgetLine.map((row) => (
            <tr key={row.position}>
              <th scope="row">{row.label}</th>
              <td className="numeric nowrap">{format.euros(row.planned)}</td>
              <td className="numeric nowrap">{format.euros(row.committed)}</td>
              <td className="numeric nowrap">{format.euros(row.paid)}</td>
              <td className="numeric nowrap">{remainingText(format, t, row.remaining)}</td>
              <td>
                <ShareBar percent={row.committedPercent} label={t('funding.execution.committedOf', { name: row.label })} />
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t('common.total')}</th>
            <td className="numeric nowrap">{format.euros(execution.totals.planned)}</td>
            <td className="numeric nowrap">{format.euros(execution.totals.committed)}</td>
            <td className="numeric nowrap">{format.euros(execution.totals.paid)}</td>
            <td className="numeric nowrap">{remainingText(format, t, execution.totals.planned - execution.totals.committed)}</td>
            <td />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

function ByFunderTable({ execution }: { execution: Execution }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (execution.byFunder.length === 0) return null;
  return (
    <div className="table-wrap">
      <table>
        <caption>{t('funding.execution.byFunderCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('funding.plan.funder')}</th>
            <th scope="col" className="numeric">
              {t('funding.execution.expectedFromFunder')}
            </th>
            <th scope="col" className="numeric">
              {t('funding.coverage.secured')}
            </th>
            <th scope="col" className="numeric">
              {t('funding.execution.committed')}
            </th>
            <th scope="col" className="numeric">
              {t('funding.execution.paid')}
            </th>
            <th scope="col" className="numeric">
              {t('funding.execution.remaining')}
            </th>
          </tr>
        </thead>
        <tbody>
          {execution.byFunder.map((row) => (
            <tr key={row.funderKey ?? 'none'}>
              <th scope="row">{row.funderKey === null ? t('funding.execution.noFunder') : row.funderName}</th>
              <td className="numeric nowrap">{row.funderKey === null ? '—' : format.euros(row.planned)}</td>
              <td className="numeric nowrap">{row.funderKey === null ? '—' : format.euros(row.secured)}</td>
              <td className="numeric nowrap">{format.euros(row.committed)}</td>
              <td className="numeric nowrap">{format.euros(row.paid)}</td>
              <td className="numeric nowrap">{row.funderKey === null ? '—' : remainingText(format, t, row.remaining)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** "2 approbations sur 2", "Refusée : hors budget"… the state of an expense in words. */
export function ExpenseStatusText({ expense, showApprovals = true }: { expense: Expense; showApprovals?: boolean }) {
  const { t } = useTranslation();
  const approvers = expense.approvals.filter((a) => a.decision === 'approve').map((a) => a.approverName);
  const rejection = expense.approvals.find((a) => a.decision === 'reject');
  return (
    <>
      {t(`funding.expenseStatuses.${expense.status}`)}
      {showApprovals && expense.status === 'submitted' && (
        <span className="cell-note">{t('funding.expenses.approvalsSoFar', { approved: approvers.length, count: expense.approversRequired })}</span>
      )}
      {showApprovals && approvers.length > 0 && <span className="cell-note">{t('funding.expenses.approvedBy', { names: approvers.join(', ') })}</span>}
      {rejection?.note && (
        <span className="cell-note">
          {rejection.approverName ? t('funding.expenses.rejectedByBecause', { who: rejection.approverName, note: rejection.note }) : t('funding.expenses.rejectedBecause', { note: rejection.note })}
        </span>
      )}
    </>
  );
}

export function ExpensesTable({ expenses }: { expenses: Expense[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (expenses.length === 0) return <p>{t('funding.expenses.none')}</p>;
  return (
    <div className="table-wrap">
      <table>
        <caption>{t('funding.expenses.caption', { count: expenses.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('funding.expenses.description')}</th>
            <th scope="col">{t('funding.expenses.incurredOn')}</th>
            <th scope="col">{t('funding.expenses.payee')}</th>
            <th scope="col">{t('funding.plan.budgetLine')}</th>
            <th scope="col" className="numeric">
              {t('funding.plan.amount')}
            </th>
            <th scope="col">{t('funding.plan.status')}</th>
            <th scope="col">{t('funding.expenses.receipt')}</th>
          </tr>
        </thead>
        <tbody>
          {expenses.map((expense) => (
            <tr key={expense.id}>
              <th scope="row">{expense.description}</th>
              <td className="nowrap">{format.day(expense.incurredOn)}</td>
              <td>{expense.payee}</td>
              <td>{expense.budgetLineLabel}</td>
              <td className="numeric nowrap">{format.euros(expense.amount)}</td>
              <td>
                <ExpenseStatusText expense={expense} />
              </td>
              <td>
                {expense.receipt ? (
                  <>
                    <span className="sr-only">{t('funding.expenses.sha256')} </span>
                    <code className="funding-hash">{expense.receipt.sha256}</code>
                  </>
                ) : (
                  <span className="muted">{t('funding.expenses.noReceipt')}</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Planned vs actual, per budget line and per funder (Territoires en Transitions' "prévu / réalisé"). */
export function ExecutionView({ execution }: { execution: Execution }) {
  const { t } = useTranslation();
  return (
    <>
      <p>{t('funding.execution.intro')}</p>
      <h3>{t('funding.execution.byLineTitle')}</h3>
      <ByBudgetLineTable execution={execution} />
      <h3>{t('funding.execution.byFunderTitle')}</h3>
      {execution.byFunder.length === 0 ? <p>{t('funding.execution.noFunders')}</p> : <ByFunderTable execution={execution} />}
    </>
  );
}
