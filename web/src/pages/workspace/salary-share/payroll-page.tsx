import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type PayrollInput } from '../../../api';
import type { PayrollProgress, PayrollReport } from '../../../api-contract';
import { CsvErrors } from '../../../components/csv-errors';
import { SelectField, TextField } from '../../../components/fields';
import { ProblemAlert } from '../../../components/problem-alert';
import { asProblem, fieldErrorsOf } from '../../../components/problem';
import { QueryState } from '../../../components/query-state';
import { type Format, useFormat } from '../../../format';
import { useDocumentTitle } from '../../../layout/document-title';
import { useWorkspace } from '../workspace-layout';
import { PayrollReportView } from './payroll-report';

const csvHeader = 'employee_email,net_salary';

function previousMonth(): string {
  const now = new Date();
  const date = new Date(Date.UTC(now.getFullYear(), now.getMonth() - 1, 1));
  return date.toISOString().slice(0, 7);
}

function OptedInEmployees({ slug, employerId }: { slug: string; employerId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const consents = useQuery({ queryKey: ['employer-consents', slug, employerId], queryFn: () => api.employerConsents(slug, employerId) });
  return (
    <QueryState query={consents}>
      {({ items }) =>
        items.length === 0 ? (
          <p>{t('payroll.noConsent')}</p>
        ) : (
          <div className="table-wrap table-wrap--medium">
            <table>
              <caption>{t('payroll.consentsCaption', { count: items.length })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('payroll.report.employee')}</th>
                  <th scope="col" className="numeric">
                    {t('payroll.report.share')}
                  </th>
                  <th scope="col">{t('salaryShare.since')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((consent) => (
                  <tr key={consent.employeeId}>
                    <th scope="row">{consent.employeeName}</th>
                    <td className="numeric">{format.basisPoints(consent.shareBp)}</td>
                    <td>{format.date(consent.consentedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      }
    </QueryState>
  );
}

/** Focuses a result when it appears, so that a screen reader reads it after the button that produced it. */
function useFocusOnChange<T>(value: T) {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    if (value) ref.current?.focus();
  }, [value]);
  return ref;
}

/**
 * Screen readers hear the progress when it passes a new quarter, and not oftener than every two seconds
 * (the start is already announced as "Converting…"): every line would be too many words.
 */
const ANNOUNCE_EVERY_MS = 2000;

/** The progress of a conversion as the server streams it, and the progress last announced to screen readers. */
function useConversionProgress() {
  const [progress, setProgress] = useState<PayrollProgress | null>(null);
  const [announced, setAnnounced] = useState<PayrollProgress | null>(null);
  const last = useRef({ at: 0, quarter: 0 });
  const report = useCallback((next: PayrollProgress) => {
    setProgress(next);
    const quarter = next.total === 0 ? 4 : Math.floor((next.done * 4) / next.total);
    const now = Date.now();
    if (quarter > last.current.quarter && now - last.current.at >= ANNOUNCE_EVERY_MS) {
      last.current = { at: now, quarter };
      setAnnounced(next);
    }
  }, []);
  const reset = useCallback(() => {
    setProgress(null);
    setAnnounced(null);
    last.current = { at: Date.now(), quarter: 0 };
  }, []);
  return { progress, announced, report, reset };
}

/** A determinate bar once the server tells how far it is; before that, an indeterminate one. */
function ConversionProgress({ progress }: { progress: PayrollProgress | null }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <div className="payroll-progress">
      <label htmlFor="payroll-progress">{progress ? progressText(t, format, progress) : t('payroll.progressStarting')}</label>
      {progress ? <progress id="payroll-progress" value={progress.done} max={Math.max(progress.total, 1)} /> : <progress id="payroll-progress" />}
    </div>
  );
}

function progressText(t: TFunction, format: Format, progress: PayrollProgress): string {
  return t('payroll.progress', { count: progress.total, done: format.integer(progress.done), total: format.integer(progress.total) });
}

function PayrollConversion({ slug, employerId }: { slug: string; employerId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const [fileError, setFileError] = useState<string | undefined>();
  const [input, setInput] = useState<PayrollInput | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const preview = useMutation({ mutationFn: (payroll: PayrollInput) => api.previewPayroll(slug, employerId, payroll) });
  const conversion = useConversionProgress();
  const run = useMutation({
    mutationFn: (payroll: PayrollInput) => {
      conversion.reset();
      return api.runPayrollWithProgress(slug, employerId, payroll, conversion.report);
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['payroll-runs', slug, employerId] });
    },
  });
  const previewRef = useFocusOnChange(preview.data);
  const resultRef = useFocusOnChange(run.data);
  const previewProblem = asProblem(preview.error);
  const rowProblem = previewProblem?.errors.some((error) => error.row !== undefined) ? previewProblem : null;
  const errors = fieldErrorsOf(t, previewProblem);
  const labels = { period: t('payroll.period'), file: t('payroll.file') };

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const file = data.get('file');
    if (!(file instanceof File) || file.size === 0) {
      setFileError(t('import.chooseFile'));
      return;
    }
    setFileError(undefined);
    run.reset();
    const payroll = { period: String(data.get('period') ?? '').trim(), csv: await file.text() };
    setInput(payroll);
    preview.mutate(payroll);
  }

  function startOver() {
    preview.reset();
    run.reset();
    setInput(null);
  }

  function convertAnother() {
    formRef.current?.reset();
    startOver();
    formRef.current?.querySelector<HTMLInputElement>('input[name="file"]')?.focus();
  }

  const report: PayrollReport | undefined = run.data?.body;
  return (
    <>
      <p>{t('payroll.intro')}</p>
      <pre className="code-block">
        <code>{`${csvHeader}\nlea.petit@example.org,2150.00`}</code>
      </pre>
      <p>{t('payroll.fileRules')}</p>
      <p>{t('common.requiredNote')}</p>
      {rowProblem ? (
        <CsvErrors problem={rowProblem} title={t('payroll.fileRejected')} consequence={t('payroll.nothingConverted')} />
      ) : (
        <ProblemAlert problem={previewProblem} idPrefix="payroll" fieldLabels={labels} focus />
      )}
      <form ref={formRef} onSubmit={(event) => void submit(event)} noValidate className="form form--inline">
        <TextField
          id="payroll-period"
          name="period"
          type="month"
          label={labels.period}
          hint={t('payroll.periodHint')}
          defaultValue={previousMonth()}
          required
          error={errors.period}
          onChange={startOver}
        />
        <TextField
          id="payroll-file"
          name="file"
          type="file"
          accept=".csv,text/csv"
          label={labels.file}
          hint={t('payroll.fileHint')}
          required
          error={fileError ?? errors.file}
          onChange={startOver}
        />
        <button type="submit" className="button" disabled={preview.isPending || run.isPending}>
          {preview.isPending ? t('payroll.previewPending') : t('payroll.preview')}
        </button>
      </form>
      {preview.isSuccess && input && !run.isSuccess && (
        <section className="result-panel" tabIndex={-1} ref={previewRef} aria-labelledby="payroll-preview-heading">
          <h3 id="payroll-preview-heading">{t('payroll.previewTitle', { month: format.month(preview.data.period) })}</h3>
          <p>{t('payroll.previewNote')}</p>
          <PayrollReportView report={preview.data} idPrefix="payroll-preview" />
          <ProblemAlert problem={asProblem(run.error)} focus />
          {run.isPending && <ConversionProgress progress={conversion.progress} />}
          <div className="actions">
            <button type="button" className="button" onClick={() => run.mutate(input)} disabled={run.isPending || preview.data.employees === 0}>
              {run.isPending
                ? t('payroll.confirmPending')
                : t('payroll.confirm', { amount: format.euros(preview.data.totalConverted) })}
            </button>
            <button type="button" className="button button--secondary" onClick={startOver} disabled={run.isPending}>
              {t('common.cancel')}
            </button>
          </div>
        </section>
      )}
      <p className="sr-only" aria-live="polite">
        {preview.isPending
          ? t('payroll.previewPending')
          : run.isPending
            ? conversion.announced
              ? progressText(t, format, conversion.announced)
              : t('payroll.confirmPending')
            : ''}
      </p>
      {run.isSuccess && report && (
        <section className="result-panel" tabIndex={-1} ref={resultRef} aria-labelledby="payroll-result-heading">
          <h3 id="payroll-result-heading">{t('payroll.resultTitle', { month: format.month(report.period) })}</h3>
          {run.data.status === 200 ? (
            <div className="alert alert--info" role="status">
              <p className="alert__title">{t('payroll.alreadyRunTitle')}</p>
              <p>
                {t('payroll.alreadyRunBody', {
                  date: report.committedAt ? format.dateTime(report.committedAt) : '',
                })}
              </p>
            </div>
          ) : (
            <p className="alert alert--success" role="status">
              {t('payroll.committed', { amount: format.euros(report.totalConverted), count: report.employees })}
            </p>
          )}
          <PayrollReportView report={report} idPrefix="payroll-result" />
          <p className="actions">
            <button type="button" className="button button--secondary" onClick={convertAnother}>
              {t('payroll.another')}
            </button>
          </p>
        </section>
      )}
    </>
  );
}

function PastRuns({ slug, employerId }: { slug: string; employerId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const runs = useQuery({ queryKey: ['payroll-runs', slug, employerId], queryFn: () => api.payrollRuns(slug, employerId) });
  const [period, setPeriod] = useState<string | null>(null);
  const report = useQuery({
    queryKey: ['payroll-run', slug, employerId, period],
    queryFn: () => api.payrollRun(slug, employerId, period ?? ''),
    enabled: period !== null,
  });
  const reportRef = useFocusOnChange(report.data);
  return (
    <QueryState query={runs}>
      {({ items }) =>
        items.length === 0 ? (
          <p>{t('payroll.noRun')}</p>
        ) : (
          <>
            <div className="table-wrap">
              <table>
                <caption>{t('payroll.runsCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('payroll.report.period')}</th>
                    <th scope="col">{t('payroll.committedAt')}</th>
                    <th scope="col" className="numeric">
                      {t('payroll.report.employees')}
                    </th>
                    <th scope="col" className="numeric">
                      {t('payroll.report.totalNet')}
                    </th>
                    <th scope="col" className="numeric">
                      {t('payroll.report.totalConverted')}
                    </th>
                    <th scope="col">{t('common.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((run) => (
                    <tr key={run.period}>
                      <th scope="row">{format.month(run.period)}</th>
                      <td className="nowrap">{run.committedAt ? format.dateTime(run.committedAt) : '—'}</td>
                      <td className="numeric">{format.integer(run.employees)}</td>
                      <td className="numeric nowrap">{format.euros(run.totalNet)}</td>
                      <td className="numeric nowrap">{format.euros(run.totalConverted)}</td>
                      <td>
                        <button
                          type="button"
                          className="button button--small button--secondary"
                          aria-pressed={period === run.period}
                          onClick={() => setPeriod(run.period)}
                        >
                          {t('payroll.showReport')}
                          <span className="sr-only"> — {format.month(run.period)}</span>
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {period !== null && (
              <QueryState query={report}>
                {(data) => (
                  <section className="result-panel" tabIndex={-1} ref={reportRef} aria-labelledby="payroll-past-heading">
                    <h3 id="payroll-past-heading">{t('payroll.resultTitle', { month: format.month(data.period) })}</h3>
                    <PayrollReportView report={data} idPrefix="payroll-past" />
                  </section>
                )}
              </QueryState>
            )}
          </>
        )
      }
    </QueryState>
  );
}

/** The employer's side of the salary share: convert a month's payroll for the employees who opted in. */
export function PayrollPage() {
  const { t } = useTranslation();
  const { slug, territory, representedOrganisations } = useWorkspace();
  useDocumentTitle(t('payroll.title'), territory.name);
  const [employerId, setEmployerId] = useState(representedOrganisations[0]?.id ?? '');
  const employer = representedOrganisations.find((o) => o.id === employerId);
  return (
    <>
      <h1>{t('payroll.title')}</h1>
      <p className="lead">{t('payroll.lead')}</p>
      {!employer ? (
        <p>{t('payroll.notRepresentative')}</p>
      ) : (
        <>
          {representedOrganisations.length > 1 && (
            <div className="filters">
              <SelectField id="payroll-employer" label={t('payroll.employer')} value={employerId} onChange={(event) => setEmployerId(event.target.value)}>
                {representedOrganisations.map((organisation) => (
                  <option key={organisation.id} value={organisation.id}>
                    {organisation.name}
                  </option>
                ))}
              </SelectField>
            </div>
          )}
          <div key={employer.id}>
            <section aria-labelledby="consents-heading" className="section">
              <h2 id="consents-heading">{t('payroll.consentsTitle', { employer: employer.name })}</h2>
              <OptedInEmployees slug={slug} employerId={employer.id} />
            </section>
            <section aria-labelledby="convert-heading" className="section">
              <h2 id="convert-heading">{t('payroll.convertTitle')}</h2>
              <PayrollConversion slug={slug} employerId={employer.id} />
            </section>
            <section aria-labelledby="runs-heading" className="section">
              <h2 id="runs-heading">{t('payroll.runsTitle')}</h2>
              <PastRuns slug={slug} employerId={employer.id} />
            </section>
          </div>
        </>
      )}
    </>
  );
}
