import type { TFunction } from 'i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api';
import { HOUR_UNIT, type LedgerAccount, type Owner } from '../../../api-contract';
import { ProblemAlert } from '../../../components/problem-alert';
import { asProblem } from '../../../components/problem';
import { QueryState } from '../../../components/query-state';
import { useFormat } from '../../../format';
import { useDocumentTitle } from '../../../layout/document-title';
import { accountStatusName } from '../../../currency-labels';
import { readRecipient, RecipientFields, recipientName } from '../currency/recipient-fields';
import { useWorkspace } from '../workspace-layout';

function unitName(t: TFunction, unit: string, currencyName: string | undefined): string {
  return unit === HOUR_UNIT ? t('wallet.hoursBalance') : (currencyName ?? unit);
}

function AccountsTable({ slug, owner, ownerName }: { slug: string; owner: Owner; ownerName: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const territory = useQuery({ queryKey: ['territory', slug], queryFn: () => api.territory(slug) });
  const accounts = useQuery({ queryKey: ['accounts', slug, owner.type, owner.id], queryFn: () => api.accounts(slug, owner) });
  const setStatus = useMutation({
    mutationFn: ({ account, frozen }: { account: LedgerAccount; frozen: boolean }) => api.setAccountFrozen(slug, account.id, frozen),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['accounts', slug] }),
  });
  function toggle(account: LedgerAccount) {
    const frozen = account.status !== 'frozen';
    const name = unitName(t, account.unit, territory.data?.currencyName);
    const question = frozen
      ? t('operator.accounts.confirmFreeze', { account: name, owner: ownerName })
      : t('operator.accounts.confirmUnfreeze', { account: name, owner: ownerName });
    if (window.confirm(question)) setStatus.mutate({ account, frozen });
  }
  return (
    <QueryState query={accounts}>
      {({ items }) => (
        <>
          <ProblemAlert problem={asProblem(setStatus.error)} focus />
          {setStatus.isSuccess && (
            <p className="alert alert--success" role="status">
              {setStatus.data.status === 'frozen'
                ? t('operator.accounts.frozen', { owner: ownerName })
                : t('operator.accounts.unfrozen', { owner: ownerName })}
            </p>
          )}
          {items.length === 0 ? (
            <p>{t('operator.accounts.none', { owner: ownerName })}</p>
          ) : (
            <div className="table-wrap">
              <table>
                <caption>{t('operator.accounts.caption', { owner: ownerName })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('operator.accounts.unit')}</th>
                    <th scope="col" className="numeric">
                      {t('operator.accounts.balance')}
                    </th>
                    <th scope="col" className="numeric">
                      {t('operator.accounts.onHold')}
                    </th>
                    <th scope="col">{t('operator.accounts.status')}</th>
                    <th scope="col">{t('common.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((account) => (
                    <tr key={account.id}>
                      <th scope="row">{unitName(t, account.unit, territory.data?.currencyName)}</th>
                      <td className="numeric nowrap">{format.amount(account.balance, account.unit)}</td>
                      <td className="numeric nowrap">{format.amount(account.pendingDebits, account.unit)}</td>
                      <td>
                        <span className={account.status === 'frozen' ? 'badge badge--warning' : 'badge badge--success'}>
                          {accountStatusName(t, account.status)}
                        </span>
                      </td>
                      <td>
                        {account.status !== 'closed' && (
                          <button
                            type="button"
                            className={account.status === 'frozen' ? 'button button--small button--secondary' : 'button button--small button--danger'}
                            onClick={() => toggle(account)}
                            disabled={setStatus.isPending}
                          >
                            {account.status === 'frozen' ? t('operator.accounts.unfreeze') : t('operator.accounts.freeze')}
                            <span className="sr-only"> — {unitName(t, account.unit, territory.data?.currencyName)}</span>
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
      )}
    </QueryState>
  );
}

/** Any member's accounts, to read their balances and to freeze or unfreeze them. */
export function OperatorAccountsPage() {
  const { t } = useTranslation();
  const { slug, territory } = useWorkspace();
  useDocumentTitle(t('operator.accounts.title'), territory.name);
  const [chosen, setChosen] = useState<{ owner: Owner; name: string } | null>(null);
  const [error, setError] = useState<string | undefined>();
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const owner = readRecipient(new FormData(form));
    setError(owner ? undefined : t('fieldErrors.required'));
    setChosen(owner ? { owner, name: recipientName(form, owner) } : null);
  }
  return (
    <>
      <h1>{t('operator.accounts.title')}</h1>
      <p className="lead">{t('operator.accounts.intro')}</p>
      <form onSubmit={submit} noValidate className="form">
        <RecipientFields slug={slug} idPrefix="accounts-owner" legend={t('operator.accounts.owner')} error={error} />
        <button type="submit" className="button">
          {t('operator.accounts.show')}
        </button>
      </form>
      {chosen && (
        <section aria-labelledby="owner-accounts-heading" className="section">
          <h2 id="owner-accounts-heading">{t('operator.accounts.of', { owner: chosen.name })}</h2>
          <AccountsTable key={`${chosen.owner.type}:${chosen.owner.id}`} slug={slug} owner={chosen.owner} ownerName={chosen.name} />
        </section>
      )}
    </>
  );
}
