import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api';
import { saveFile } from '../../../components/download-button';
import { SelectField, TextField } from '../../../components/fields';
import { ProblemAlert } from '../../../components/problem-alert';
import { asProblem, fieldErrorsOf } from '../../../components/problem';
import { useFormat } from '../../../format';
import { useDocumentTitle } from '../../../layout/document-title';
import { useTerritoryOrganisations } from '../currency/territory-organisations';
import { useWorkspace } from '../workspace-layout';

const firstFiscalYear = 2000;

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function FecForm({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const { representedOrganisations } = useWorkspace();
  const organisations = useTerritoryOrganisations(slug);
  const thisYear = new Date().getFullYear();
  const years = Array.from({ length: Math.min(6, thisYear - firstFiscalYear + 1) }, (_, index) => thisYear - index);
  const fec = useMutation({ mutationFn: (params: { year: number; organisationId: string }) => api.fec(slug, params), onSuccess: saveFile });
  const problem = asProblem(fec.error);
  const errors = fieldErrorsOf(t, problem);
  const labels = { year: t('operator.books.year'), organisationId: t('operator.books.association') };
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    fec.mutate({ year: Number(data.get('year')), organisationId: String(data.get('organisationId') ?? '') });
  }
  return (
    <>
      <p>{t('operator.books.fecIntro')}</p>
      <ProblemAlert problem={problem} idPrefix="fec" fieldLabels={labels} focus />
      {fec.isSuccess && (
        <p className="alert alert--success" role="status">
          {t('operator.books.fecSaved', { filename: fec.data.filename })}
        </p>
      )}
      <form onSubmit={submit} noValidate className="form form--inline">
        <SelectField id="fec-year" name="year" label={labels.year} defaultValue={String(thisYear - 1)} error={errors.year}>
          {years.map((year) => (
            <option key={year} value={year}>
              {year}
            </option>
          ))}
        </SelectField>
        <SelectField
          id="fec-organisationId"
          name="organisationId"
          label={labels.organisationId}
          hint={t('operator.books.associationHint')}
          defaultValue={representedOrganisations[0]?.id ?? ''}
          key={organisations.isPending ? 'loading' : 'loaded'}
          disabled={organisations.isPending}
          required
          error={errors.organisationId ?? errors.siren}
        >
          {(organisations.data ?? []).map((organisation) => (
            <option key={organisation.id} value={organisation.id}>
              {organisation.name}
            </option>
          ))}
        </SelectField>
        <button type="submit" className="button" disabled={fec.isPending}>
          {fec.isPending ? t('common.preparingFile') : t('operator.books.fecSubmit')}
        </button>
      </form>
    </>
  );
}

function DemurrageForm({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const [yesterday] = useState(() => isoDay(new Date(Date.now() - 86_400_000)));
  const run = useMutation({
    mutationFn: (date: string) => api.applyDemurrage(slug, date),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['accounts', slug] });
      await queryClient.invalidateQueries({ queryKey: ['statement', slug] });
    },
  });
  const problem = asProblem(run.error);
  const errors = fieldErrorsOf(t, problem);
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    run.mutate(String(new FormData(event.currentTarget).get('date') ?? ''));
  }
  const report = run.data;
  return (
    <>
      <p>{t('operator.books.demurrageIntro')}</p>
      <ProblemAlert problem={problem} idPrefix="demurrage" fieldLabels={{ date: t('operator.books.day') }} focus />
      {report && (
        <div className="alert alert--success" role="status">
          <p className="alert__title">
            {report.charged === 0 && report.alreadyApplied > 0
              ? t('operator.books.demurrageAlreadyApplied', { day: format.day(report.date) })
              : t('operator.books.demurrageDone', { day: format.day(report.date), total: format.money(report.total, report.unit) })}
          </p>
          <ul>
            <li>{t('operator.books.demurrageAccounts', { count: report.accounts })}</li>
            <li>{t('operator.books.demurrageCharged', { count: report.charged })}</li>
            <li>{t('operator.books.demurrageAlready', { count: report.alreadyApplied })}</li>
            {report.refused > 0 && <li>{t('operator.books.demurrageRefused', { count: report.refused })}</li>}
          </ul>
        </div>
      )}
      <form onSubmit={submit} noValidate className="form form--inline">
        <TextField
          id="demurrage-date"
          name="date"
          type="date"
          label={t('operator.books.day')}
          hint={t('operator.books.dayHint')}
          max={yesterday}
          defaultValue={yesterday}
          required
          error={errors.date}
        />
        <button type="submit" className="button" disabled={run.isPending}>
          {run.isPending ? t('operator.books.demurragePending') : t('operator.books.demurrageSubmit')}
        </button>
      </form>
    </>
  );
}

/** The association's books: the FEC for the tax authorities, and the daily demurrage. */
export function OperatorBooksPage() {
  const { t } = useTranslation();
  const { slug, territory } = useWorkspace();
  useDocumentTitle(t('operator.books.title'), territory.name);
  return (
    <>
      <h1>{t('operator.books.title')}</h1>
      <section aria-labelledby="fec-heading" className="section">
        <h2 id="fec-heading">{t('operator.books.fecTitle')}</h2>
        <FecForm slug={slug} />
      </section>
      <section aria-labelledby="demurrage-heading" className="section">
        <h2 id="demurrage-heading">{t('operator.books.demurrageTitle')}</h2>
        <DemurrageForm slug={slug} />
      </section>
    </>
  );
}
