import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api';
import { HOUR_UNIT, type LedgerAccount, type TerritoryOverview } from '../../../api-contract';
import { SelectField } from '../../../components/fields';
import { QueryState } from '../../../components/query-state';
import { useFormat } from '../../../format';
import { useDocumentTitle } from '../../../layout/document-title';
import { accountStatusName } from '../../../currency-labels';
import { useTerritoryCurrency } from '../currency/territory-organisations';
import { type ActingOwner, ownerParam, useActingOwner } from '../currency/acting-owner';
import { useWorkspace } from '../workspace-layout';
import { PayForm } from './pay-form';
import { StatementSection } from './statement-section';

interface WalletOwner extends ActingOwner {
  /** Whether I may pay from this wallet: my own, or an organisation I represent. */
  canPay: boolean;
}

function Balance({ account, unit, label }: { account: LedgerAccount | undefined; unit: string; label: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <div>
      <dt>{label}</dt>
      <dd>
        {format.amount(account?.balance ?? 0, unit)}
        {!account && <span className="facts__note">{t('wallet.noAccountYet')}</span>}
        {account && account.status !== 'open' && (
          <span className="badge badge--warning">{accountStatusName(t, account.status)}</span>
        )}
        {account && account.pendingDebits > 0 && (
          <span className="facts__note">{t('wallet.onHold', { amount: format.amount(account.pendingDebits, account.unit) })}</span>
        )}
      </dd>
    </div>
  );
}

function Wallet({ walletOwner, territory }: { walletOwner: WalletOwner; territory: TerritoryOverview }) {
  const { t } = useTranslation();
  const { slug } = useWorkspace();
  const { owner } = walletOwner;
  const accounts = useQuery({ queryKey: ['accounts', slug, owner.type, owner.id], queryFn: () => api.accounts(slug, owner) });
  const [historyUnit, setHistoryUnit] = useState(territory.currencyCode);
  return (
    <QueryState query={accounts}>
      {({ items }) => {
        const currencyAccount = items.find((a) => a.unit === territory.currencyCode && a.kind === 'member');
        const hoursAccount = items.find((a) => a.unit === HOUR_UNIT && a.kind === 'member');
        const frozen = items.some((a) => a.status === 'frozen');
        const historyAccount = historyUnit === HOUR_UNIT ? hoursAccount : currencyAccount;
        return (
          <>
            <section aria-labelledby="balances-heading" className="section">
              <h2 id="balances-heading">{t('wallet.balances')}</h2>
              <dl className="facts">
                <Balance
                  account={currencyAccount}
                  unit={territory.currencyCode}
                  label={t('wallet.currencyBalance', { currency: territory.currencyName })}
                />
                <Balance account={hoursAccount} unit={HOUR_UNIT} label={t('wallet.hoursBalance')} />
              </dl>
              {frozen && (
                <div className="alert alert--warning" role="note">
                  <p className="alert__title">{t('wallet.frozenTitle')}</p>
                  <p>{t('wallet.frozenBody')}</p>
                </div>
              )}
              {owner.type === 'person' && (
                <p>
                  {t('wallet.memberId')} <code className="member-id">{owner.id}</code>
                </p>
              )}
            </section>
            <section aria-labelledby="pay-heading" className="section">
              <h2 id="pay-heading">{t('wallet.pay.title')}</h2>
              {walletOwner.canPay ? (
                <PayForm slug={slug} from={owner} currencyCode={territory.currencyCode} currencyName={territory.currencyName} />
              ) : (
                <p>{t('wallet.pay.representativesOnly', { organisation: walletOwner.name })}</p>
              )}
            </section>
            <section aria-labelledby="history-heading" className="section">
              <h2 id="history-heading">{t('wallet.history.title')}</h2>
              <div className="filters">
                <SelectField
                  id="history-unit"
                  label={t('wallet.history.account')}
                  value={historyUnit}
                  onChange={(event) => setHistoryUnit(event.target.value)}
                >
                  <option value={territory.currencyCode}>{territory.currencyName}</option>
                  <option value={HOUR_UNIT}>{t('wallet.hoursBalance')}</option>
                </SelectField>
              </div>
              {historyAccount ? (
                <StatementSection
                  key={historyAccount.id}
                  slug={slug}
                  account={historyAccount}
                  caption={t('wallet.history.caption', {
                    owner: walletOwner.name,
                    account: historyUnit === HOUR_UNIT ? t('wallet.hoursBalance') : territory.currencyName,
                  })}
                />
              ) : (
                <p>{t('wallet.history.empty')}</p>
              )}
            </section>
          </>
        );
      }}
    </QueryState>
  );
}

export function WalletPage() {
  const { t } = useTranslation();
  const { slug, territory, representedOrganisations } = useWorkspace();
  useDocumentTitle(t('wallet.title'), territory.name);
  const currency = useTerritoryCurrency(slug);
  const { owners, selected: acting, select } = useActingOwner(true);
  const selected: WalletOwner = {
    ...acting,
    canPay: acting.owner.type === 'person' || representedOrganisations.some((o) => o.id === acting.owner.id),
  };
  return (
    <>
      <h1>{t('wallet.title')}</h1>
      <p className="lead">{t('wallet.intro')}</p>
      {owners.length > 1 && (
        <div className="filters">
          <SelectField
            id="wallet-owner"
            label={t('wallet.whose')}
            hint={t('wallet.whoseHint')}
            value={ownerParam(selected.owner)}
            onChange={(event) => select(event.target.value)}
          >
            {owners.map((o) => (
              <option key={ownerParam(o.owner)} value={ownerParam(o.owner)}>
                {o.label}
              </option>
            ))}
          </SelectField>
        </div>
      )}
      <QueryState query={currency}>
        {(data) => <Wallet key={ownerParam(selected.owner)} walletOwner={selected} territory={data} />}
      </QueryState>
    </>
  );
}
