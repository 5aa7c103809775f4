import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api';
import type { Exchange, ExchangeSide, Owner } from '../../../api-contract';
import { exchangeStatusName } from '../../../currency-labels';
import { ProblemAlert } from '../../../components/problem-alert';
import { asProblem } from '../../../components/problem';
import { Loading } from '../../../components/query-state';
import { useFormat } from '../../../format';

const pageSize = 25;

function sideOf(exchange: Exchange, owner: Owner): ExchangeSide {
  return exchange.provider.type === owner.type && exchange.provider.id === owner.id ? 'provider' : 'receiver';
}

function Status({ exchange }: { exchange: Exchange }) {
  const { t } = useTranslation();
  const format = useFormat();
  const status = exchangeStatusName(t, exchange.status);
  if (exchange.status === 'proposed' && exchange.awaiting) {
    const waitingFor = exchange.awaiting === 'provider' ? exchange.provider.name : exchange.receiver.name;
    return (
      <>
        {status}
        <span className="cell-note">
          {t('timeBank.awaiting', { name: waitingFor, date: format.date(exchange.expiresAt) })}
        </span>
      </>
    );
  }
  return (
    <>
      {status}
      {exchange.resolvedAt && <span className="cell-note">{format.date(exchange.resolvedAt)}</span>}
    </>
  );
}

/** The exchanges of the member I act for, newest first, with what each waits for. */
export function ExchangesTable({ slug, owner, ownerName }: { slug: string; owner: Owner; ownerName: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const exchanges = useInfiniteQuery({
    queryKey: ['exchanges', slug, owner.type, owner.id],
    queryFn: ({ pageParam }) => api.exchanges(slug, { owner, limit: pageSize, cursor: pageParam }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: ['exchanges', slug] });
    await queryClient.invalidateQueries({ queryKey: ['accounts', slug] });
  };
  const act = useMutation({
    mutationFn: ({ exchange, action }: { exchange: Exchange; action: 'confirm' | 'cancel' }) =>
      action === 'confirm' ? api.confirmExchange(slug, exchange.id) : api.cancelExchange(slug, exchange.id),
    onSuccess: refresh,
  });
  const items = exchanges.data?.pages.flatMap((page) => page.items) ?? [];
  function cancel(exchange: Exchange) {
    if (window.confirm(t('timeBank.confirmCancel', { duration: format.duration(exchange.minutes) }))) act.mutate({ exchange, action: 'cancel' });
  }
  return (
    <>
      <ProblemAlert problem={asProblem(act.error)} focus />
      {act.isSuccess && (
        <p className="alert alert--success" role="status">
          {act.data.status === 'confirmed'
            ? t('timeBank.confirmed', { duration: format.duration(act.data.minutes) })
            : t('timeBank.cancelled')}
        </p>
      )}
      {exchanges.isPending && <Loading />}
      <ProblemAlert problem={asProblem(exchanges.error)} />
      {exchanges.isSuccess && items.length === 0 && <p>{t('timeBank.noExchange')}</p>}
      {items.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption>{t('timeBank.exchangesCaption', { owner: ownerName })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('timeBank.proposedAt')}</th>
                <th scope="col">{t('timeBank.providedBy')}</th>
                <th scope="col">{t('timeBank.receivedBy')}</th>
                <th scope="col" className="numeric">
                  {t('timeBank.duration')}
                </th>
                <th scope="col">{t('timeBank.note')}</th>
                <th scope="col">{t('timeBank.status')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((exchange) => {
                const mine = sideOf(exchange, owner);
                const canConfirm = exchange.status === 'proposed' && exchange.awaiting === mine;
                const label = `${exchange.provider.name} → ${exchange.receiver.name}, ${format.duration(exchange.minutes)}`;
                return (
                  <tr key={exchange.id}>
                    <th scope="row" className="nowrap">
                      {format.date(exchange.proposedAt)}
                    </th>
                    <td>{exchange.provider.name}</td>
                    <td>{exchange.receiver.name}</td>
                    <td className="numeric nowrap">{format.duration(exchange.minutes)}</td>
                    <td>{exchange.note ?? ''}</td>
                    <td>
                      <Status exchange={exchange} />
                    </td>
                    <td>
                      {exchange.status === 'proposed' && (
                        <div className="cell-actions">
                          {canConfirm && (
                            <button
                              type="button"
                              className="button button--small"
                              onClick={() => act.mutate({ exchange, action: 'confirm' })}
                              disabled={act.isPending}
                            >
                              {t('timeBank.confirm')}
                              <span className="sr-only"> — {label}</span>
                            </button>
                          )}
                          <button
                            type="button"
                            className="button button--small button--danger"
                            onClick={() => cancel(exchange)}
                            disabled={act.isPending}
                          >
                            {t('timeBank.cancel')}
                            <span className="sr-only"> — {label}</span>
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
      {exchanges.hasNextPage && (
        <button
          type="button"
          className="button button--secondary"
          onClick={() => void exchanges.fetchNextPage()}
          disabled={exchanges.isFetchingNextPage}
        >
          {t('common.showMore')}
        </button>
      )}
    </>
  );
}
