import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { metabolismApi } from '../../../api';
import { ProblemAlert } from '../../../components/problem-alert';
import { asProblem } from '../../../components/problem';
import { useTonnes } from '../../../components/sankey/tonnes';
import { useFormat } from '../../../format';
import { useDocumentTitle } from '../../../layout/document-title';
import { QueryState } from '../../../components/query-state';
import type { NodeBalance, ReconciliationReport } from '../../../metabolism-contract';
import { useWorkspace } from '../workspace-layout';
import { useWorkingYear, YearPicker } from './year-picker';

/** |r| above this flags a measurement at the 95 % level (two-sided normal quantile). */
const residualThreshold = 1.96;

function Verdict({ report }: { report: ReconciliationReport }) {
  const { t } = useTranslation();
  const format = useFormat();
  const number = (value: number | null) => (value === null ? '—' : format.decimal(Math.round(value * 100) / 100));
  return (
    <>
      <p className={report.consistent ? 'verdict verdict--ok' : 'verdict verdict--warning'} role="status">
        {report.chiSquare === null
          ? t('metabolism.reconciliation.noTest')
          : report.consistent
            ? t('metabolism.reconciliation.consistent', { confidence: format.basisPoints(report.confidence * 10_000) })
            : t('metabolism.reconciliation.inconsistent', { confidence: format.basisPoints(report.confidence * 10_000) })}
      </p>
      <dl className="facts">
        <div>
          <dt>{t('metabolism.reconciliation.chiSquare')}</dt>
          <dd>{number(report.chiSquare)}</dd>
        </div>
        <div>
          <dt>{t('metabolism.reconciliation.criticalValue')}</dt>
          <dd>{number(report.criticalValue)}</dd>
        </div>
        <div>
          <dt>{t('metabolism.reconciliation.degreesOfFreedom')}</dt>
          <dd>{format.integer(report.degreesOfFreedom)}</dd>
        </div>
        <div>
          <dt>{t('metabolism.reconciliation.pValue')}</dt>
          <dd>{report.pValue === null ? '—' : report.pValue < 0.001 ? `< ${format.decimal(0.001)}` : format.decimal(Math.round(report.pValue * 1000) / 1000)}</dd>
        </div>
      </dl>
    </>
  );
}

function AdjustedFlowsTable({ report }: { report: ReconciliationReport }) {
  const { t } = useTranslation();
  const tonnes = useTonnes();
  const format = useFormat();
  const withSigma = (value: number | null, sigma: number | null) =>
    value === null ? t('metabolism.reconciliation.undetermined') : sigma === null ? tonnes(value) : `${tonnes(value)} ± ${tonnes(sigma)}`;
  const flagged = report.flows.filter((flow) => flow.normalisedResidual !== null && Math.abs(flow.normalisedResidual) > residualThreshold).length;
  return (
    <div className="table-wrap">
      <table>
        <caption>
          {t('metabolism.reconciliation.flowsCaption', { year: report.year })}
          <span className="caption__hint">
            {' — '}
            {t('metabolism.reconciliation.flagged', { count: flagged, threshold: format.decimal(residualThreshold) })}
          </span>
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('metabolism.reconciliation.flow')}</th>
            <th scope="col" className="numeric">
              {t('metabolism.reconciliation.measured')}
            </th>
            <th scope="col" className="numeric">
              {t('metabolism.reconciliation.adjusted')}
            </th>
            <th scope="col" className="numeric">
              {t('metabolism.reconciliation.residual')}
            </th>
          </tr>
        </thead>
        <tbody>
          {report.flows.map((flow) => {
            const residual = flow.normalisedResidual;
            const isFlagged = residual !== null && Math.abs(residual) > residualThreshold;
            return (
              <tr key={flow.id}>
                <th scope="row">
                  {flow.fromName} → {flow.toName}
                  <span className="cell-note">{flow.materialLabel}</span>
                </th>
                <td className="numeric nowrap">{flow.measured ? withSigma(flow.value, flow.sigma) : t('metabolism.reconciliation.unmeasured')}</td>
                <td className="numeric nowrap">{withSigma(flow.adjusted, flow.adjustedSigma)}</td>
                <td className={`numeric nowrap${isFlagged ? ' residual--flagged' : ''}`}>
                  {residual === null ? (
                    <span title={t('metabolism.reconciliation.notRedundant')}>—</span>
                  ) : (
                    <>
                      {format.decimal(Math.round(residual * 100) / 100)}
                      {isFlagged && <span className="cell-note">⚠ {t('metabolism.reconciliation.suspect')}</span>}
                    </>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function BalancesTable({ balances }: { balances: NodeBalance[] }) {
  const { t } = useTranslation();
  const tonnes = useTonnes();
  const format = useFormat();
  if (balances.length === 0) return <p>{t('metabolism.reconciliation.noBalances')}</p>;
  return (
    <div className="table-wrap">
      <table>
        <caption>{t('metabolism.reconciliation.balancesCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('metabolism.reconciliation.node')}</th>
            <th scope="col" className="numeric">
              {t('metabolism.reconciliation.inputs')}
            </th>
            <th scope="col" className="numeric">
              {t('metabolism.reconciliation.outputs')}
            </th>
            <th scope="col" className="numeric">
              {t('metabolism.reconciliation.stockChange')}
            </th>
            <th scope="col" className="numeric">
              {t('metabolism.reconciliation.balanceResidual')}
            </th>
          </tr>
        </thead>
        <tbody>
          {balances.map((balance) => (
            <tr key={balance.nodeId}>
              <th scope="row">{balance.name}</th>
              <td className="numeric nowrap">{tonnes(balance.inputs)}</td>
              <td className="numeric nowrap">{tonnes(balance.outputs)}</td>
              <td className="numeric nowrap">{tonnes(balance.stockChange)}</td>
              <td className="numeric nowrap">
                {tonnes(balance.residual)}
                {balance.relativeResidual !== null && (
                  <span className="cell-note">{format.basisPoints(Math.round(balance.relativeResidual * 10_000))}</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * Reconciles a year's flows under the mass balances: first what it would change (adjusted values,
 * normalised residuals, the χ² verdict), then, on request, the adjusted values written into the flows.
 */
export function ReconciliationPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { slug, territory } = useWorkspace();
  const { year, years, setYear } = useWorkingYear(slug);
  useDocumentTitle(t('metabolism.reconciliation.title'), territory.name);
  const queryClient = useQueryClient();
  const report = useQuery({ queryKey: ['metabolism-reconciliation', slug, year], queryFn: () => metabolismApi.reconciliation(slug, year) });
  const balances = useQuery({ queryKey: ['metabolism-balances', slug, year], queryFn: () => metabolismApi.balances(slug, year) });
  const apply = useMutation({
    mutationFn: (forYear: number) => metabolismApi.applyReconciliation(slug, forYear),
    onSuccess: () => queryClient.invalidateQueries({ predicate: (query) => String(query.queryKey[0]).startsWith('metabolism') }),
  });
  return (
    <>
      <h1>{t('metabolism.reconciliation.title')}</h1>
      <p className="lead">{t('metabolism.reconciliation.intro')}</p>
      <YearPicker year={year} years={years} setYear={setYear} idPrefix="reconciliation" />
      <QueryState query={report}>
        {(data) => (
          <section aria-labelledby="reconciliation-result" className="section">
            <h2 id="reconciliation-result">{t('metabolism.reconciliation.resultTitle', { year })}</h2>
            <Verdict report={data} />
            <AdjustedFlowsTable report={data} />
            {data.hiddenConfidential > 0 && <p className="muted">{t('metabolism.reconciliation.hidden', { count: data.hiddenConfidential })}</p>}
            <ProblemAlert problem={asProblem(apply.error)} focus />
            {apply.isSuccess && (
              <p className="alert alert--success" role="status">
                {t('metabolism.reconciliation.applied', { count: apply.data.updated, formatted: format.integer(apply.data.updated) })}
              </p>
            )}
            <p className="actions">
              <button type="button" className="button" onClick={() => apply.mutate(year)} disabled={apply.isPending || data.flows.length === 0}>
                {apply.isPending ? t('metabolism.reconciliation.running') : t('metabolism.reconciliation.run', { year })}
              </button>
            </p>
            <p className="field__hint">{t('metabolism.reconciliation.applyHint')}</p>
          </section>
        )}
      </QueryState>
      <section aria-labelledby="balances-heading" className="section">
        <h2 id="balances-heading">{t('metabolism.reconciliation.balancesTitle', { year })}</h2>
        <QueryState query={balances}>{(data) => <BalancesTable balances={data.items} />}</QueryState>
      </section>
    </>
  );
}
