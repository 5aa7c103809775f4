import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../../api';
import { QueryState } from '../../../components/query-state';
import { PortalBreadcrumb } from '../portal-breadcrumb';
import { useDocumentTitle } from '../../../layout/document-title';
import { CurrencyRules } from './currency-rules';
import { ProofOfReserveSection } from './proof-of-reserve';

/** The public page of the territory's local currency: proof of reserve and rules. */
export function CurrencyPage() {
  const { t } = useTranslation();
  const { slug = '' } = useParams();
  const territory = useQuery({ queryKey: ['territory', slug], queryFn: () => api.territory(slug) });
  const proof = useQuery({ queryKey: ['proof-of-reserve', slug], queryFn: () => api.proofOfReserve(slug) });
  const settings = useQuery({ queryKey: ['currency-settings', slug], queryFn: () => api.currencySettings(slug) });
  const title = territory.data
    ? t('currency.title', { currency: territory.data.currencyName })
    : t('currency.titleFallback');
  useDocumentTitle(title, territory.data?.name);
  return (
    <>
      <PortalBreadcrumb slug={slug} territoryName={territory.data?.name} current={t('currency.breadcrumb')} />
      <h1>{title}</h1>
      <QueryState query={territory}>
        {(data) => (
          <>
            <p className="lead">{t('currency.intro', { currency: data.currencyName, code: data.currencyCode })}</p>
            <ul className="link-list">
              <li>
                <Link to={`/t/${slug}/currency/directory`}>{t('currency.directoryLink', { code: data.currencyCode })}</Link>
              </li>
              <li>
                <Link to={`/t/${slug}/time-bank`}>{t('currency.timeBankLink')}</Link>
              </li>
            </ul>
            <QueryState query={proof}>{(proofData) => <ProofOfReserveSection slug={slug} proof={proofData} />}</QueryState>
            <QueryState query={settings}>{(rules) => <CurrencyRules territory={data} settings={rules} />}</QueryState>
          </>
        )}
      </QueryState>
    </>
  );
}
