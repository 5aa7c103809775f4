import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../../api';
import type { ProofOfReserve } from '../../../api-contract';
import { QueryState } from '../../../components/query-state';
import { useFormat } from '../../../format';
import { useDocumentTitle } from '../../../layout/document-title';
import { useTerritoryCurrency } from '../currency/territory-organisations';
import { useWorkspace } from '../workspace-layout';
import { IssueForm } from './issue-form';
import { ReconvertForm } from './reconvert-form';
import { ReserveFigureItems } from '../../portal/currency/proof-of-reserve';

function ReserveSummary({ slug, proof }: { slug: string; proof: ProofOfReserve }) {
  const { t } = useTranslation();
  const format = useFormat();
  const gap = proof.reserve - proof.circulation;
  return (
    <>
      <dl className="facts">
        <ReserveFigureItems proof={proof} />
        <div>
          <dt>{t('operator.overview.lastMovement')}</dt>
          <dd>{proof.series.at(-1) ? format.day(proof.series.at(-1)!.day) : t('operator.overview.never')}</dd>
        </div>
      </dl>
      <p className={gap >= 0 ? 'verdict verdict--ok' : 'verdict verdict--warning'}>
        {gap >= 0 ? t('operator.overview.balanced') : t('currency.proof.notCovered', { gap: format.euros(-gap) })}
      </p>
      <p>
        <Link to={`/t/${slug}/currency`}>{t('operator.overview.publicPage')}</Link>
      </p>
    </>
  );
}

/** The operator's console: the reserve at a glance, issuance and reconversion. */
export function OperatorOverviewPage() {
  const { t } = useTranslation();
  const { slug, territory } = useWorkspace();
  useDocumentTitle(t('operator.overview.title'), territory.name);
  const currency = useTerritoryCurrency(slug);
  const proof = useQuery({ queryKey: ['proof-of-reserve', slug], queryFn: () => api.proofOfReserve(slug) });
  const settings = useQuery({ queryKey: ['currency-settings', slug], queryFn: () => api.currencySettings(slug) });
  return (
    <>
      <h1>{t('operator.overview.title')}</h1>
      <p className="lead">{t('operator.overview.intro')}</p>
      <section aria-labelledby="reserve-heading" className="section">
        <h2 id="reserve-heading">{t('currency.proof.title')}</h2>
        <QueryState query={proof}>{(data) => <ReserveSummary slug={slug} proof={data} />}</QueryState>
      </section>
      <QueryState query={currency}>
        {(data) => (
          <>
            <section aria-labelledby="issue-heading" className="section">
              <h2 id="issue-heading">{t('operator.issue.title', { code: data.currencyCode })}</h2>
              <IssueForm slug={slug} currencyCode={data.currencyCode} />
            </section>
            <section aria-labelledby="reconvert-heading" className="section">
              <h2 id="reconvert-heading">{t('operator.reconvert.title')}</h2>
              <QueryState query={settings}>
                {(rules) => <ReconvertForm slug={slug} currencyCode={data.currencyCode} settings={rules} />}
              </QueryState>
            </section>
          </>
        )}
      </QueryState>
    </>
  );
}
