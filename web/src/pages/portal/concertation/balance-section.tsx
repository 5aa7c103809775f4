import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../../components/query-state';
import { concertationApi } from '../../../concertation-api';
import { actorKinds, participationWays, type ParticipationBalance } from '../../../concertation-contract';
import { useFormat } from '../../../format';
import { listInWords, useConcertationFormat } from './concertation-format';
import { balanceKey } from './concertation-keys';

/** Says in words whether a kind of actor falls under the territory's minimum share: never by colour alone. */
function BalanceVerdict({ balance }: { balance: ParticipationBalance }) {
  const { t } = useTranslation();
  const format = useConcertationFormat();
  const threshold = format.share(balance.minimumSharePercent);
  if (balance.overall.total === 0) return <p>{t('concertation.balance.nobodyYet')}</p>;
  if (balance.underRepresented.length === 0) {
    return (
      <p className="verdict verdict--ok" role="status">
        {t('concertation.balance.balanced', { threshold })}
      </p>
    );
  }
  const kinds = balance.underRepresented.map((kind) =>
    t('concertation.balance.kindShare', { kind: t(`concertation.kindsInSentence.${kind}`), share: format.share(balance.shares[kind] ?? 0) }),
  );
  return (
    <div className="alert alert--warning" role="status">
      <p className="alert__title">{t('concertation.balance.warningTitle')}</p>
      <p>{t('concertation.balance.warning', { threshold, kinds: listInWords(t, kinds) })}</p>
    </div>
  );
}

function BalanceTable({ balance }: { balance: ParticipationBalance }) {
  const { t } = useTranslation();
  const format = useFormat();
  const shares = useConcertationFormat();
  const under = new Set(balance.underRepresented);
  return (
    <div className="table-wrap">
      <table>
        <caption>{t('concertation.balance.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('concertation.balance.kind')}</th>
            {participationWays.map((way) => (
              <th scope="col" className="numeric" key={way}>
                {t(`concertation.balance.${way}`)}
              </th>
            ))}
            <th scope="col" className="numeric">
              {t('concertation.balance.share')}
            </th>
          </tr>
        </thead>
        <tbody>
          {actorKinds.map((kind) => {
            const share = balance.shares[kind];
            return (
              <tr key={kind}>
                <th scope="row">
                  {t(`concertation.kinds.${kind}`)}
                  {under.has(kind) && (
                    <>
                      {' '}
                      <span className="badge badge--warning">{t('concertation.balance.underRepresented')}</span>
                    </>
                  )}
                </th>
                {participationWays.map((way) => (
                  <td className="numeric" key={way}>
                    {format.integer(balance[way][kind])}
                  </td>
                ))}
                <td className="numeric nowrap">{share === null ? '—' : shares.share(share)}</td>
              </tr>
            );
          })}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t('common.total')}</th>
            {participationWays.map((way) => (
              <td className="numeric" key={way}>
                {format.integer(balance[way].total)}
              </td>
            ))}
            <td className="numeric nowrap">{balance.overall.total === 0 ? '—' : shares.share(100)}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

/** Who took part, by kind of actor, and a warning when a kind falls under the territory's threshold. */
export function BalanceSection({ slug, year }: { slug: string; year: number }) {
  const { t } = useTranslation();
  const balance = useQuery({ queryKey: balanceKey(slug, year), queryFn: () => concertationApi.balance(slug, year) });
  return (
    <section aria-labelledby="balance-heading" className="section" id="balance">
      <h2 id="balance-heading">{t('concertation.balance.title')}</h2>
      <p>{t('concertation.balance.intro')}</p>
      <QueryState query={balance}>
        {(data) => (
          <>
            <BalanceVerdict balance={data} />
            <BalanceTable balance={data} />
          </>
        )}
      </QueryState>
    </section>
  );
}
