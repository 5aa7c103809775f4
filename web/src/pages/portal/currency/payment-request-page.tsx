import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../../api';
import type { Owner, PaymentRequest } from '../../../api-contract';
import { SelectField } from '../../../components/fields';
import { ProblemAlert } from '../../../components/problem-alert';
import { asProblem } from '../../../components/problem';
import { QueryState } from '../../../components/query-state';
import { useFormat } from '../../../format';
import { useDocumentTitle } from '../../../layout/document-title';
import { useMe, useSession } from '../../../session';
import { paymentRequestStatusName } from '../../../currency-labels';
import { PortalBreadcrumb } from '../portal-breadcrumb';

const requestKey = (slug: string, id: string) => ['payment-request', slug, id] as const;

function PayInOneStep({ slug, paymentRequest }: { slug: string; paymentRequest: PaymentRequest }) {
  const { t } = useTranslation();
  const format = useFormat();
  const session = useSession();
  const signedIn = Boolean(session.data?.person);
  const me = useMe(signedIn);
  const queryClient = useQueryClient();
  const pay = useMutation({
    mutationFn: (from: Owner) => api.payPaymentRequest(slug, paymentRequest.id, from),
    onSuccess: async (paid) => {
      queryClient.setQueryData(requestKey(slug, paymentRequest.id), paid);
      await queryClient.invalidateQueries({ queryKey: ['accounts', slug] });
      await queryClient.invalidateQueries({ queryKey: ['statement', slug] });
    },
  });
  const amount = format.money(paymentRequest.amount, paymentRequest.unit);
  if (pay.isSuccess) {
    return (
      <p className="alert alert--success" role="status">
        {t('paymentRequest.paid', { amount, payee: paymentRequest.payee.name })}
      </p>
    );
  }
  if (paymentRequest.status !== 'open') return null;
  if (session.isPending || (signedIn && me.isPending)) return null;
  const path = `/t/${slug}/pay/${paymentRequest.id}`;
  if (!signedIn) {
    return (
      <p className="actions">
        <Link className="button" to={`/sign-in?next=${encodeURIComponent(path)}`}>
          {t('paymentRequest.signInToPay')}
        </Link>
      </p>
    );
  }
  if (paymentRequest.payee.type === 'person' && paymentRequest.payee.id === me.data?.person.id) {
    return <p>{t('paymentRequest.ownRequest')}</p>;
  }
  const territory = me.data?.territories.find((candidate) => candidate.slug === slug);
  if (!me.data || !territory) {
    return (
      <p>
        {t('paymentRequest.joinToPay')} <Link to={`/t/${slug}`}>{t('workspace.visitPortal')}</Link>
      </p>
    );
  }
  const payers = [
    { value: `person:${me.data.person.id}`, label: t('wallet.mine', { name: me.data.person.displayName }) },
    ...territory.organisations
      .filter((organisation) => organisation.role === 'representative')
      .map((organisation) => ({ value: `organisation:${organisation.id}`, label: organisation.name })),
  ];
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const [type, id] = String(new FormData(event.currentTarget).get('from') ?? '').split(':');
    pay.mutate({ type: type === 'organisation' ? 'organisation' : 'person', id: id ?? '' });
  }
  return (
    <section aria-labelledby="pay-request-heading" className="section">
      <h2 id="pay-request-heading">{t('paymentRequest.payTitle')}</h2>
      <ProblemAlert problem={asProblem(pay.error)} focus />
      <form onSubmit={submit} noValidate className="form">
        {payers.length > 1 ? (
          <SelectField id="pay-request-from" name="from" label={t('paymentRequest.from')} defaultValue={payers[0]!.value}>
            {payers.map((payer) => (
              <option key={payer.value} value={payer.value}>
                {payer.label}
              </option>
            ))}
          </SelectField>
        ) : (
          <input type="hidden" name="from" value={payers[0]!.value} />
        )}
        <button type="submit" className="button" disabled={pay.isPending}>
          {pay.isPending ? t('wallet.pay.pending') : t('paymentRequest.pay', { amount, payee: paymentRequest.payee.name })}
        </button>
      </form>
    </section>
  );
}

export function RequestFacts({ paymentRequest }: { paymentRequest: PaymentRequest }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <dl className="facts">
      <div>
        <dt>{t('paymentRequest.payee')}</dt>
        <dd>{paymentRequest.payee.name}</dd>
      </div>
      <div>
        <dt>{t('paymentRequest.amount')}</dt>
        <dd>{format.money(paymentRequest.amount, paymentRequest.unit)}</dd>
      </div>
      {paymentRequest.memo && (
        <div>
          <dt>{t('paymentRequest.memo')}</dt>
          <dd>{paymentRequest.memo}</dd>
        </div>
      )}
      <div>
        <dt>{t('paymentRequest.status')}</dt>
        <dd>
          {paymentRequestStatusName(t, paymentRequest.status)}
          {paymentRequest.status === 'open' && paymentRequest.expiresAt && (
            <span className="facts__note">{t('paymentRequest.expiresAt', { date: format.dateTime(paymentRequest.expiresAt) })}</span>
          )}
          {paymentRequest.resolvedAt && paymentRequest.status !== 'open' && (
            <span className="facts__note">{format.dateTime(paymentRequest.resolvedAt)}</span>
          )}
          {paymentRequest.payer && (
            <span className="facts__note">{t('paymentRequest.paidBy', { payer: paymentRequest.payer.name })}</span>
          )}
        </dd>
      </div>
    </dl>
  );
}

/** The page a payment request's link or QR code opens: who asks for how much, paid in one step. */
export function PaymentRequestPage() {
  const { t } = useTranslation();
  const { slug = '', requestId = '' } = useParams();
  const territory = useQuery({ queryKey: ['territory', slug], queryFn: () => api.territory(slug) });
  const paymentRequest = useQuery({ queryKey: requestKey(slug, requestId), queryFn: () => api.paymentRequest(slug, requestId) });
  useDocumentTitle(t('paymentRequest.title'), territory.data?.name);
  return (
    <>
      <PortalBreadcrumb slug={slug} territoryName={territory.data?.name} current={t('paymentRequest.title')} />
      <h1>{t('paymentRequest.title')}</h1>
      <QueryState query={paymentRequest}>
        {(data) => (
          <>
            <p className="lead">
              {t('paymentRequest.intro', { payee: data.payee.name, currency: territory.data?.currencyName ?? data.unit })}
            </p>
            <RequestFacts paymentRequest={data} />
            <PayInOneStep slug={slug} paymentRequest={data} />
          </>
        )}
      </QueryState>
    </>
  );
}
