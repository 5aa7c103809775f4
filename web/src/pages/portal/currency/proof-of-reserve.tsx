import { lazy, Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProofOfReserve, ReserveDay } from '../../../api-contract';
import { saveFile } from '../../../components/download-button';
import { Loading } from '../../../components/query-state';
import { useFormat } from '../../../format';

// ECharts is large: only this page loads it.
const ReserveChart = lazy(() => import('./reserve-chart'));

const recentDays = 31;

/** The raw series as CSV (RFC 4180, decimal point), built in the browser from the data shown. */
function seriesCsv(proof: ProofOfReserve): string {
  const decimal = (minor: number) => (minor / 100).toFixed(2);
  const header = `day,reserve_eur,circulation_${proof.currencyCode.toLowerCase()}`;
  const rows = proof.series.map((day) => `${day.day},${decimal(day.reserve)},${decimal(day.circulation)}`);
  return `${[header, ...rows].join('\r\n')}\r\n`;
}

function todayIso(): string {
  return new Date().toISOString().slice(0, 10);
}

/** Circulation, reserve and their gap, as items of a `dl.facts`; the operator's summary adds its own. */
export function ReserveFigureItems({ proof }: { proof: ProofOfReserve }) {
  const { t } = useTranslation();
  const format = useFormat();
  const gap = proof.reserve - proof.circulation;
  return (
    <>
      <div>
        <dt>{t('currency.proof.circulation')}</dt>
        <dd>{format.money(proof.circulation, proof.currencyCode)}</dd>
      </div>
      <div>
        <dt>{t('currency.proof.reserve')}</dt>
        <dd>{format.euros(proof.reserve)}</dd>
      </div>
      <div>
        <dt>{t('currency.proof.gap')}</dt>
        <dd>{format.euros(gap)}</dd>
      </div>
    </>
  );
}

function ReserveFacts({ proof }: { proof: ProofOfReserve }) {
  const { t } = useTranslation();
  const format = useFormat();
  const gap = proof.reserve - proof.circulation;
  return (
    <>
      <dl className="facts">
        <ReserveFigureItems proof={proof} />
      </dl>
      <p className={gap >= 0 ? 'verdict verdict--ok' : 'verdict verdict--warning'}>
        {proof.circulation === 0
          ? t('currency.proof.nothingInCirculation')
          : gap >= 0
            ? t('currency.proof.covered', { code: proof.currencyCode })
            : t('currency.proof.notCovered', { gap: format.euros(-gap) })}
      </p>
    </>
  );
}

function ReserveTable({ proof }: { proof: ProofOfReserve }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [showAll, setShowAll] = useState(false);
  const newestFirst = useMemo(() => [...proof.series].reverse(), [proof.series]);
  const rows = showAll ? newestFirst : newestFirst.slice(0, recentDays);
  return (
    <>
      <div className="table-wrap table-wrap--medium">
        <table>
          <caption>
            {t('currency.proof.tableCaption')}
            <span className="caption__hint">
              {' — '}
              {showAll || rows.length === newestFirst.length
                ? t('currency.proof.allDays', { count: newestFirst.length })
                : t('currency.proof.recentDays', { count: rows.length, total: newestFirst.length })}
            </span>
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('currency.proof.day')}</th>
              <th scope="col" className="numeric">
                {t('currency.proof.reserve')}
              </th>
              <th scope="col" className="numeric">
                {t('currency.proof.circulation')}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((day: ReserveDay) => (
              <tr key={day.day}>
                <th scope="row" className="nowrap">
                  {format.day(day.day)}
                </th>
                <td className="numeric nowrap">{format.euros(day.reserve)}</td>
                <td className="numeric nowrap">{format.money(day.circulation, proof.currencyCode)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {!showAll && rows.length < newestFirst.length && (
        <button type="button" className="button button--secondary" onClick={() => setShowAll(true)}>
          {t('currency.proof.showAllDays', { count: newestFirst.length })}
        </button>
      )}
    </>
  );
}

export function ProofOfReserveSection({ slug, proof }: { slug: string; proof: ProofOfReserve }) {
  const { t } = useTranslation();
  const format = useFormat();
  const today = useMemo<ReserveDay>(() => ({ day: todayIso(), reserve: proof.reserve, circulation: proof.circulation }), [proof]);
  const labels = useMemo(
    () => ({ reserve: t('currency.proof.reserve'), circulation: t('currency.proof.circulation') }),
    [t],
  );
  const formatCirculation = useMemo(() => (minor: number) => format.money(minor, proof.currencyCode), [format, proof.currencyCode]);
  const first = proof.series[0];
  const summary = first
    ? t('currency.proof.chartSummary', {
        from: format.day(first.day),
        reserve: format.euros(proof.reserve),
        circulation: format.money(proof.circulation, proof.currencyCode),
      })
    : '';
  return (
    <section aria-labelledby="proof-heading" className="section">
      <h2 id="proof-heading">{t('currency.proof.title')}</h2>
      <p>{t('currency.proof.intro', { code: proof.currencyCode })}</p>
      <ReserveFacts proof={proof} />
      {proof.series.length === 0 ? (
        <p>{t('currency.proof.noHistory')}</p>
      ) : (
        <>
          <h3 id="proof-chart-heading">{t('currency.proof.chartTitle')}</h3>
          <Suspense fallback={<Loading />}>
            <ReserveChart
              days={proof.series}
              today={today}
              labels={labels}
              summary={summary}
              formatDay={format.shortDay}
              formatReserve={format.euros}
              formatCirculation={formatCirculation}
            />
          </Suspense>
          <h3>{t('currency.proof.dataTitle')}</h3>
          <ReserveTable proof={proof} />
          <p className="actions">
            <button
              type="button"
              className="button button--secondary"
              onClick={() =>
                saveFile({
                  blob: new Blob([seriesCsv(proof)], { type: 'text/csv;charset=utf-8' }),
                  filename: `${slug}-proof-of-reserve-${today.day}.csv`,
                })
              }
            >
              {t('currency.proof.downloadCsv')}
              <span className="download__format"> ({t('currency.proof.csvFormat')})</span>
            </button>
          </p>
        </>
      )}
    </section>
  );
}
