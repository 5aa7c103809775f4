import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { concertationWorkspaceApi } from '../../../concertation-workspace-api';
import type { SnapshotHead } from '../../../concertation-contract';
import { SelectField, TextField } from '../../../components/fields';
import { ProblemAlert } from '../../../components/problem-alert';
import { fieldErrorsOf } from '../../../components/problem';
import { Loading } from '../../../components/query-state';
import { useFormat } from '../../../format';
import { useDocumentTitle } from '../../../layout/document-title';
import { textOf, todayIso } from '../funding/form-helpers';
import { SuccessNotice } from '../pact/notice';
import { useConcertationProblem } from './concertation-problem';
import { concertationKey, editionKey, useSnapshots } from './concertation-queries';
import { useEditionConsole } from './edition-layout';
import { ReportPreview } from './report-preview';
import { SnapshotComparisonView } from './snapshot-comparison';

const shortSha = (sha: string) => sha.slice(0, 12);

function TakeSnapshotForm() {
  const { t } = useTranslation();
  const format = useFormat();
  const { slug, year } = useEditionConsole();
  const queryClient = useQueryClient();
  const take = useMutation({
    mutationFn: (asOf: string) => concertationWorkspaceApi.takeSnapshot(slug, { asOf, editionYear: year }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...concertationKey(slug), 'snapshots'] }),
  });
  const problem = useConcertationProblem(take.error);
  const errors = fieldErrorsOf(t, problem);
  const labels = { asOf: t('concertationWorkspace.evaluation.asOf') };
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    take.mutate(textOf(new FormData(event.currentTarget), 'asOf'));
  }
  return (
    <section className="section" aria-labelledby="take-snapshot-heading">
      <h3 id="take-snapshot-heading">{t('concertationWorkspace.evaluation.takeTitle')}</h3>
      <p>{t('concertationWorkspace.evaluation.takeIntro')}</p>
      {take.isSuccess && (
        <SuccessNotice key={take.submittedAt}>
          <p className="alert__title">{t('concertationWorkspace.evaluation.taken', { date: format.day(take.data.asOf), sha: shortSha(take.data.contentSha256) })}</p>
        </SuccessNotice>
      )}
      <ProblemAlert problem={problem} idPrefix="snapshot" fieldLabels={labels} focus />
      <form className="form form--inline" onSubmit={submit} noValidate>
        <TextField id="snapshot-asOf" name="asOf" type="date" label={labels.asOf} required max={todayIso()} defaultValue={todayIso()} error={errors.asOf} />
        <button type="submit" className="button" disabled={take.isPending}>
          {t('concertationWorkspace.evaluation.take')}
        </button>
      </form>
    </section>
  );
}

function SnapshotsTable({ snapshots }: { snapshots: SnapshotHead[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <div className="table-wrap">
      <table>
        <caption>{t('concertationWorkspace.evaluation.snapshotsCaption', { count: snapshots.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('concertationWorkspace.evaluation.asOf')}</th>
            <th scope="col">{t('concertationWorkspace.evaluation.takenAt')}</th>
            <th scope="col">{t('concertationWorkspace.evaluation.edition')}</th>
            <th scope="col">{t('concertationWorkspace.evaluation.sha')}</th>
          </tr>
        </thead>
        <tbody>
          {snapshots.map((snapshot) => (
            <tr key={snapshot.id}>
              <th scope="row">{format.day(snapshot.asOf)}</th>
              <td>
                {format.dateTime(snapshot.takenAt)}
                {snapshot.takenBy && <span className="cell-note">{snapshot.takenBy}</span>}
              </td>
              <td>{snapshot.editionYear ?? '—'}</td>
              <td>
                <code title={snapshot.contentSha256}>{shortSha(snapshot.contentSha256)}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A select of the snapshots by date; `optional` adds a first choice meaning none. */
function SnapshotSelect({ id, name, label, snapshots, optional, value, onChange, error }: {
  id: string;
  name: string;
  label: string;
  snapshots: SnapshotHead[];
  optional?: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
}) {
  const format = useFormat();
  return (
    <SelectField id={id} name={name} label={label} value={value} onChange={(event) => onChange(event.target.value)} required={!optional} error={error}>
      {optional && <option value="">{optional}</option>}
      {snapshots.map((snapshot) => (
        <option key={snapshot.id} value={snapshot.id}>
          {format.day(snapshot.asOf)} — {shortSha(snapshot.contentSha256)}
        </option>
      ))}
    </SelectField>
  );
}

function CompareSnapshots({ snapshots }: { snapshots: SnapshotHead[] }) {
  const { t } = useTranslation();
  const { slug } = useEditionConsole();
  const [fromId, setFromId] = useState(snapshots[1]?.id ?? '');
  const [toId, setToId] = useState(snapshots[0]?.id ?? '');
  const [shown, setShown] = useState<{ fromId: string; toId: string } | null>(null);
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setShown({ fromId, toId });
  }
  return (
    <section className="section" aria-labelledby="compare-heading">
      <h3 id="compare-heading">{t('concertationWorkspace.compare.title')}</h3>
      <form className="form form--inline" onSubmit={submit}>
        <SnapshotSelect id="compare-from" name="from" label={t('concertationWorkspace.compare.from')} snapshots={snapshots} value={fromId} onChange={setFromId} />
        <SnapshotSelect id="compare-to" name="to" label={t('concertationWorkspace.compare.to')} snapshots={snapshots} value={toId} onChange={setToId} />
        <button type="submit" className="button button--secondary" disabled={!fromId || !toId || fromId === toId}>
          {t('concertationWorkspace.compare.submit')}
        </button>
      </form>
      {shown && <SnapshotComparisonView key={`${shown.fromId}-${shown.toId}`} slug={slug} fromId={shown.fromId} toId={shown.toId} />}
    </section>
  );
}

function ReportForms({ snapshots }: { snapshots: SnapshotHead[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { slug, year, edition } = useEditionConsole();
  const queryClient = useQueryClient();
  const [snapshotId, setSnapshotId] = useState(snapshots[0]?.id ?? '');
  const [compareWith, setCompareWith] = useState('');
  const [preview, setPreview] = useState(false);
  const publish = useMutation({
    mutationFn: () => concertationWorkspaceApi.publishReport(slug, year, { snapshotId, ...(compareWith ? { comparedWithSnapshotId: compareWith } : {}) }),
    onSuccess: async (updated) => {
      queryClient.setQueryData(editionKey(slug, year), updated);
      await queryClient.invalidateQueries({ queryKey: concertationKey(slug) });
    },
  });
  const problem = useConcertationProblem(publish.error);
  const errors = fieldErrorsOf(t, problem);
  const labels = { snapshotId: t('concertationWorkspace.evaluation.reportSnapshot'), comparedWithSnapshotId: t('concertationWorkspace.evaluation.reportCompareWith') };
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    publish.mutate();
  }
  return (
    <section className="section" aria-labelledby="report-heading">
      <h3 id="report-heading">{t('concertationWorkspace.evaluation.reportTitle')}</h3>
      {edition.report ? (
        <p>
          {t('concertationWorkspace.evaluation.reportPublished', { date: format.dateTime(edition.report.publishedAt), asOf: format.day(edition.report.asOf) })}{' '}
          <Link to={`/t/${slug}/concertation/${year}`}>{t('concertationWorkspace.evaluation.readReport')}</Link>
        </p>
      ) : (
        <p>{t('concertationWorkspace.evaluation.reportIntro')}</p>
      )}
      {publish.isSuccess && (
        <SuccessNotice key={publish.submittedAt}>
          <p className="alert__title">{t('concertationWorkspace.evaluation.reportDone')}</p>
        </SuccessNotice>
      )}
      <ProblemAlert problem={problem} idPrefix="report" fieldLabels={labels} focus />
      <form className="form" onSubmit={submit} noValidate>
        <SnapshotSelect id="report-snapshotId" name="snapshotId" label={labels.snapshotId} snapshots={snapshots} value={snapshotId} onChange={setSnapshotId} error={errors.snapshotId} />
        <SnapshotSelect
          id="report-comparedWithSnapshotId"
          name="comparedWithSnapshotId"
          label={labels.comparedWithSnapshotId}
          snapshots={snapshots.filter((s) => s.id !== snapshotId)}
          optional={t('concertationWorkspace.evaluation.noComparison')}
          value={compareWith}
          onChange={setCompareWith}
          error={errors.comparedWithSnapshotId}
        />
        <div className="actions">
          <button type="button" className="button button--secondary" aria-expanded={preview} aria-controls="report-preview" onClick={() => setPreview(!preview)}>
            {preview ? t('concertationWorkspace.evaluation.hidePreview') : t('concertationWorkspace.evaluation.showPreview')}
          </button>
          {edition.can.manage && !edition.report && (
            <button type="submit" className="button" disabled={publish.isPending || !snapshotId}>
              {t('concertationWorkspace.evaluation.publish')}
            </button>
          )}
        </div>
      </form>
      <div id="report-preview">{preview && snapshotId && <ReportPreview slug={slug} snapshotId={snapshotId} compareWith={compareWith || null} />}</div>
    </section>
  );
}

/** The evaluation: frozen snapshots, what moved between two of them, and the report published from one. */
export function EvaluationPage() {
  const { t } = useTranslation();
  const { slug, year, territory, edition } = useEditionConsole();
  useDocumentTitle(t('concertationWorkspace.editionNav.evaluation'), t('concertationWorkspace.edition.short', { year }), territory.name);
  const snapshots = useSnapshots(slug);
  const problem = useConcertationProblem(snapshots.error);
  return (
    <>
      <h2>{t('concertationWorkspace.evaluation.heading')}</h2>
      {edition.can.manage && <TakeSnapshotForm />}
      <section className="section" aria-labelledby="snapshots-heading">
        <h3 id="snapshots-heading">{t('concertationWorkspace.evaluation.snapshotsTitle')}</h3>
        {snapshots.isPending && <Loading />}
        {snapshots.isError && <ProblemAlert problem={problem} />}
        {snapshots.data && (snapshots.data.length === 0 ? <p>{t('concertationWorkspace.evaluation.noSnapshots')}</p> : <SnapshotsTable snapshots={snapshots.data} />)}
      </section>
      {snapshots.data && snapshots.data.length >= 2 && <CompareSnapshots snapshots={snapshots.data} />}
      {snapshots.data && snapshots.data.length >= 1 && <ReportForms key={snapshots.data[0]?.id} snapshots={snapshots.data} />}
    </>
  );
}
