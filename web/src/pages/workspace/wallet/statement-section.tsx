import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api';
import type { LedgerAccount, StatementLine } from '../../../api-contract';
import { DownloadButton } from '../../../components/download-button';
import { ProblemAlert } from '../../../components/problem-alert';
import { asProblem } from '../../../components/problem';
import { Loading } from '../../../components/query-state';
import { useFormat } from '../../../format';
import { translateOr } from '../../../i18n';
import { transferKindName } from '../../../currency-labels';

const pageSize = 25;

function Operation({ line }: { line: StatementLine }) {
  const { t } = useTranslation();
  const kind = transferKindName(t, line.kind);
  if (line.phase === 'single') return <>{kind}</>;
  return (
    <>
      {kind} <span className="badge badge--muted">{line.expired ? t('ledger.phases.expired') : translateOr(t, `ledger.phases.${line.phase}`, line.phase)}</span>
    </>
  );
}

/** An account's transfers, newest first, page after page, with the whole statement as CSV. */
export function StatementSection({ slug, account, caption }: { slug: string; account: LedgerAccount; caption: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const statement = useInfiniteQuery({
    queryKey: ['statement', slug, account.id],
    queryFn: ({ pageParam }) => api.statement(slug, account.id, { limit: pageSize, cursor: pageParam }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
  const lines = statement.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <>
      {statement.isPending && <Loading />}
      <ProblemAlert problem={asProblem(statement.error)} />
      {statement.isSuccess && lines.length === 0 && <p>{t('wallet.history.empty')}</p>}
      {lines.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption>
              {caption}
              <span className="caption__hint"> — {t('wallet.history.shown', { count: lines.length })}</span>
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('wallet.history.date')}</th>
                <th scope="col">{t('wallet.history.operation')}</th>
                <th scope="col">{t('wallet.history.memo')}</th>
                <th scope="col" className="numeric">
                  {t('wallet.history.debit')}
                </th>
                <th scope="col" className="numeric">
                  {t('wallet.history.credit')}
                </th>
              </tr>
            </thead>
            <tbody>
              {lines.map((line) => (
                <tr key={`${line.id}-${line.direction}`}>
                  <th scope="row" className="nowrap">
                    {format.dateTime(line.createdAt)}
                  </th>
                  <td>
                    <Operation line={line} />
                  </td>
                  <td>{line.memo ?? <span className="muted">—</span>}</td>
                  <td className="numeric nowrap">
                    {line.direction === 'debit' ? format.amount(line.amount, line.unit) : ''}
                  </td>
                  <td className="numeric nowrap">
                    {line.direction === 'credit' ? format.amount(line.amount, line.unit) : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="actions">
        {statement.hasNextPage && (
          <button
            type="button"
            className="button button--secondary"
            onClick={() => void statement.fetchNextPage()}
            disabled={statement.isFetchingNextPage}
          >
            {t('common.showMore')}
          </button>
        )}
        {lines.length > 0 && (
          <DownloadButton
            label={t('wallet.history.downloadCsv')}
            description={t('wallet.history.csvFormat')}
            fetchFile={() => api.statementCsv(slug, account.id)}
          />
        )}
      </div>
      <p className="sr-only" aria-live="polite">
        {statement.isFetchingNextPage ? t('common.loading') : ''}
      </p>
    </>
  );
}
