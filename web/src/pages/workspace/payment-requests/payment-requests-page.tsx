import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../../api';
import type { Owner, PaymentRequest } from '../../../api-contract';
import { parseMinorUnits } from '../../../amounts';
import { paymentRequestStatusName } from '../../../currency-labels';
import { SelectField, TextField } from '../../../components/fields';
import { ProblemAlert } from '../../../components/problem-alert';
import { asProblem, fieldErrorsOf } from '../../../components/problem';
import { QrCode } from '../../../components/qr-code';
import { Loading, QueryState } from '../../../components/query-state';
import { useFormat } from '../../../format';
import { useDocumentTitle } from '../../../layout/document-title';
import { useTerritoryCurrency } from '../currency/territory-organisations';
import { ownerParam, useActingOwner } from '../currency/acting-owner';
import { useWorkspace } from '../workspace-layout';

const pageSize = 25;
const idPrefix = 'request';

function absoluteUrl(path: string): string {
  return new URL(path, window.location.origin).href;
}

/** The link and QR code of one request, to show at the till or to send. */
function RequestShare({ request }: { request: PaymentRequest }) {
  const { t } = useTranslation();
  const format = useFormat();
  const url = absoluteUrl(request.path);
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const ref = useRef<HTMLElement>(null);
  useEffect(() => ref.current?.focus(), [request.id]);
  async function copy() {
    try {
      await navigator.clipboard.writeText(url);
      setCopied('yes');
    } catch {
      setCopied('no');
    }
  }
  const amount = format.money(request.amount, request.unit);
  return (
    <section className="result-panel share" tabIndex={-1} ref={ref} aria-labelledby="share-heading">
      <h3 id="share-heading">{t('requests.shareTitle', { amount })}</h3>
      <div className="share__body">
        <QrCode text={url} label={t('requests.qrLabel', { amount, payee: request.payee.name })} />
        <div>
          <p>{t('requests.shareIntro')}</p>
          {request.memo && <p>{t('requests.memoShown', { memo: request.memo })}</p>}
          <div className="secret">
            <label htmlFor="request-link">{t('requests.link')}</label>
            <div className="secret__row">
              <input id="request-link" readOnly value={url} onFocus={(event) => event.target.select()} />
              <button type="button" className="button button--secondary" onClick={() => void copy()}>
                {t('requests.copy')}
              </button>
            </div>
            <p role="status" className="field__hint">
              {copied === 'yes' ? t('requests.copied') : copied === 'no' ? t('apiTokens.copyFailed') : ''}
            </p>
          </div>
          <p>
            <Link to={request.path}>{t('requests.open')}</Link>
          </p>
        </div>
      </div>
    </section>
  );
}

function RequestForm({ slug, payee, currencyCode, onCreated }: { slug: string; payee: Owner; currencyCode: string; onCreated: (request: PaymentRequest) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const create = useMutation({
    mutationFn: ({ form: _form, ...input }: { amount: number; memo?: string; expiresAt?: string; form: HTMLFormElement }) =>
      api.createPaymentRequest(slug, { payee, ...input }),
    onSuccess: async (created, { form }) => {
      form.reset();
      onCreated(created);
      await queryClient.invalidateQueries({ queryKey: ['payment-requests', slug] });
    },
  });
  const problem = asProblem(create.error);
  const errors: Record<string, string | undefined> = { ...fieldErrorsOf(t, problem), ...localErrors };
  const labels = { amount: t('wallet.pay.amount'), memo: t('wallet.pay.memo'), expiresAt: t('requests.expiresAt') };
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const amount = parseMinorUnits(String(data.get('amount') ?? ''));
    setLocalErrors(amount === null || amount <= 0 ? { amount: t('fieldErrors.not_an_amount') } : {});
    if (amount === null || amount <= 0) return;
    const memo = String(data.get('memo') ?? '').trim();
    const expires = String(data.get('expiresAt') ?? '');
    create.mutate({
      amount,
      ...(memo ? { memo } : {}),
      // The field holds a local date and time; the API takes an instant.
      ...(expires ? { expiresAt: new Date(expires).toISOString() } : {}),
      form,
    });
  }
  return (
    <>
      <ProblemAlert problem={problem} idPrefix={idPrefix} fieldLabels={labels} focus />
      {Object.keys(localErrors).length > 0 && (
        <div className="alert alert--error" role="alert">
          <p className="alert__title">{t('problems.validation_error')}</p>
        </div>
      )}
      <form onSubmit={submit} noValidate className="form">
        <TextField
          id={`${idPrefix}-amount`}
          name="amount"
          label={labels.amount}
          hint={t('wallet.pay.amountHint', { code: currencyCode })}
          inputMode="decimal"
          autoComplete="off"
          required
          error={errors.amount}
        />
        <TextField
          id={`${idPrefix}-memo`}
          name="memo"
          label={labels.memo}
          hint={t('requests.memoHint')}
          maxLength={500}
          autoComplete="off"
          error={errors.memo}
        />
        <TextField
          id={`${idPrefix}-expiresAt`}
          name="expiresAt"
          type="datetime-local"
          label={labels.expiresAt}
          hint={t('requests.expiresAtHint')}
          error={errors.expiresAt}
        />
        <button type="submit" className="button" disabled={create.isPending}>
          {t('requests.create')}
        </button>
      </form>
    </>
  );
}

function RequestsTable({ slug, payee, payeeName, onShow }: { slug: string; payee: Owner; payeeName: string; onShow: (request: PaymentRequest) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const requests = useInfiniteQuery({
    queryKey: ['payment-requests', slug, payee.type, payee.id],
    queryFn: ({ pageParam }) => api.paymentRequests(slug, { payee, limit: pageSize, cursor: pageParam }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
  const cancel = useMutation({
    mutationFn: (request: PaymentRequest) => api.cancelPaymentRequest(slug, request.id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['payment-requests', slug] }),
  });
  const items = requests.data?.pages.flatMap((page) => page.items) ?? [];
  function confirmCancel(request: PaymentRequest) {
    if (window.confirm(t('requests.confirmCancel', { amount: format.money(request.amount, request.unit) }))) cancel.mutate(request);
  }
  return (
    <>
      <ProblemAlert problem={asProblem(cancel.error)} focus />
      {cancel.isSuccess && (
        <p className="alert alert--success" role="status">
          {t('requests.cancelled')}
        </p>
      )}
      {requests.isPending && <Loading />}
      <ProblemAlert problem={asProblem(requests.error)} />
      {requests.isSuccess && items.length === 0 && <p>{t('requests.empty')}</p>}
      {items.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption>{t('requests.caption', { payee: payeeName })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('requests.createdAt')}</th>
                <th scope="col" className="numeric">
                  {t('wallet.pay.amount')}
                </th>
                <th scope="col">{t('wallet.pay.memo')}</th>
                <th scope="col">{t('paymentRequest.status')}</th>
                <th scope="col">{t('requests.payer')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((request) => {
                const amount = format.money(request.amount, request.unit);
                return (
                  <tr key={request.id}>
                    <th scope="row" className="nowrap">
                      {format.dateTime(request.createdAt)}
                    </th>
                    <td className="numeric nowrap">{amount}</td>
                    <td>{request.memo ?? ''}</td>
                    <td>
                      {paymentRequestStatusName(t, request.status)}
                      {request.resolvedAt && <span className="cell-note">{format.dateTime(request.resolvedAt)}</span>}
                    </td>
                    <td>{request.payer?.name ?? '—'}</td>
                    <td>
                      {request.status === 'open' && (
                        <div className="cell-actions">
                          <button type="button" className="button button--small button--secondary" onClick={() => onShow(request)}>
                            {t('requests.showQr')}
                            <span className="sr-only"> — {amount}</span>
                          </button>
                          <button
                            type="button"
                            className="button button--small button--danger"
                            onClick={() => confirmCancel(request)}
                            disabled={cancel.isPending}
                          >
                            {t('requests.cancel')}
                            <span className="sr-only"> — {amount}</span>
                          </button>
                        </div>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {requests.hasNextPage && (
        <button
          type="button"
          className="button button--secondary"
          onClick={() => void requests.fetchNextPage()}
          disabled={requests.isFetchingNextPage}
        >
          {t('common.showMore')}
        </button>
      )}
    </>
  );
}

/** Asking to be paid: a request shown as a QR code at the till, or sent as a link, paid in one step. */
export function PaymentRequestsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { slug, territory } = useWorkspace();
  useDocumentTitle(t('requests.title'), territory.name);
  const currency = useTerritoryCurrency(slug);
  const { owners, selected, select } = useActingOwner(true);
  const [shown, setShown] = useState<PaymentRequest | null>(null);
  const refreshShown = useQuery({
    queryKey: ['payment-request', slug, shown?.id],
    queryFn: () => api.paymentRequest(slug, shown?.id ?? ''),
    enabled: shown !== null,
    refetchInterval: (query) => (query.state.data?.status === 'open' ? 5000 : false),
  });
  const live = refreshShown.data ?? shown;
  const queryClient = useQueryClient();
  const liveStatus = live?.status;
  useEffect(() => {
    // Paid at the till while the code was shown: the list below says so too.
    if (liveStatus === 'paid') void queryClient.invalidateQueries({ queryKey: ['payment-requests', slug] });
  }, [liveStatus, queryClient, slug]);
  return (
    <>
      <h1>{t('requests.title')}</h1>
      <p className="lead">{t('requests.intro')}</p>
      {owners.length > 1 && (
        <div className="filters">
          <SelectField
            id="requests-as"
            label={t('requests.payee')}
            hint={t('requests.payeeHint')}
            value={ownerParam(selected.owner)}
            onChange={(event) => {
              setShown(null);
              select(event.target.value);
            }}
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
        {(data) => (
          <div key={ownerParam(selected.owner)}>
            <section aria-labelledby="new-request-heading" className="section">
              <h2 id="new-request-heading">{t('requests.newTitle')}</h2>
              <RequestForm slug={slug} payee={selected.owner} currencyCode={data.currencyCode} onCreated={setShown} />
              {live && live.status === 'open' && <RequestShare request={live} />}
              {live && live.status === 'paid' && (
                <p className="alert alert--success" role="status">
                  {t('requests.paidNow', { amount: format.money(live.amount, live.unit), payer: live.payer?.name ?? '' })}
                </p>
              )}
            </section>
            <section aria-labelledby="requests-heading" className="section">
              <h2 id="requests-heading">{t('requests.listTitle')}</h2>
              <RequestsTable slug={slug} payee={selected.owner} payeeName={selected.name} onShow={setShown} />
            </section>
          </div>
        )}
      </QueryState>
    </>
  );
}
