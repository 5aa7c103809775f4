import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiProblem } from '../../../api';
import { commitmentStatuses, type CommitmentDetail, type CommitmentStatus, type CommitmentUpdateInput, type ProblemFieldError } from '../../../api-contract';
import { SelectField, TextAreaField, TextField } from '../../../components/fields';
import { ProblemAlert } from '../../../components/problem-alert';
import { fieldErrorsOf } from '../../../components/problem';
import { localProblem, parseWholeNumber, textOrNull } from './form-values';

const idPrefix = 'update';
/** What the server accepts (src/modules/pact/evidence-model.ts), offered first by the file picker; the server decides. */
const acceptedEvidence = '.pdf,.png,.jpg,.jpeg,.gif,.webp,.docx,.xlsx,.pptx,.odt,.ods,.odp,.doc,.xls,.ppt,.csv,.txt';

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

interface CommitmentUpdateFormProps {
  commitment: CommitmentDetail;
  pending: boolean;
  problem: ApiProblem | null;
  /** With a file, the update goes to the upload route; the server checks its size and kind. */
  onSubmit: (input: CommitmentUpdateInput, file: File | null) => void;
}

/** Reports progress on a commitment: a status, a percentage, a note and evidence; each report is kept in its history. */
export function CommitmentUpdateForm({ commitment, pending, problem, onSubmit }: CommitmentUpdateFormProps) {
  const { t } = useTranslation();
  const [local, setLocal] = useState<ApiProblem | null>(null);
  const [status, setStatus] = useState<CommitmentStatus>(commitment.status);
  const shown = local ?? problem;
  const errors = fieldErrorsOf(t, shown);
  const labels = {
    status: t('pact.status'),
    progress: t('pactWorkspace.update.progress'),
    note: t('pact.commitment.note'),
    evidenceUrl: t('pactWorkspace.update.evidenceUrl'),
    file: t('pactWorkspace.update.file'),
  };
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const found: ProblemFieldError[] = [];
    const progress = status === 'done' ? 100 : parseWholeNumber(String(data.get('progress') ?? ''));
    if (typeof progress !== 'number' || progress < 0 || progress > 100) {
      found.push({ field: 'progress', code: 'invalid_progress', message: t('pactWorkspace.update.progressError') });
    }
    const evidenceUrl = textOrNull(String(data.get('evidenceUrl') ?? ''));
    if (evidenceUrl !== null && !isHttpUrl(evidenceUrl)) found.push({ field: 'evidenceUrl', code: 'invalid_url', message: t('pactWorkspace.update.urlError') });
    const invalid = localProblem(found);
    setLocal(invalid);
    if (invalid || typeof progress !== 'number') return;
    // An unchanged status is left to the server, whose rule moves a planned commitment in progress once progress is reported.
    const note = textOrNull(String(data.get('note') ?? ''));
    const file = data.get('file');
    onSubmit(
      { ...(status !== commitment.status ? { status } : {}), progress, ...(note ? { note } : {}), ...(evidenceUrl ? { evidenceUrl } : {}) },
      file instanceof File && file.name !== '' ? file : null,
    );
  }
  return (
    <>
      <ProblemAlert problem={shown} idPrefix={idPrefix} fieldLabels={labels} focus />
      <form onSubmit={submit} noValidate className="form">
        <SelectField
          id={`${idPrefix}-status`}
          label={labels.status}
          hint={t('pactWorkspace.update.statusHint')}
          value={status}
          onChange={(event) => setStatus(event.target.value as CommitmentStatus)}
          error={errors.status}
        >
          {commitmentStatuses.map((s) => (
            <option key={s} value={s}>
              {t(`pact.commitmentStatuses.${s}`)}
            </option>
          ))}
        </SelectField>
        {status === 'done' ? (
          <p className="field__hint">{t('pactWorkspace.update.doneIsFull')}</p>
        ) : (
          <TextField
            id={`${idPrefix}-progress`}
            name="progress"
            type="number"
            min={0}
            max={100}
            step={1}
            label={labels.progress}
            hint={t('pactWorkspace.update.progressHint', { current: commitment.progress })}
            required
            defaultValue={commitment.progress}
            error={errors.progress}
          />
        )}
        <TextAreaField id={`${idPrefix}-note`} name="note" label={labels.note} hint={t('pactWorkspace.update.noteHint')} maxLength={5000} error={errors.note} />
        <fieldset className="fieldset">
          <legend>{t('pact.commitment.evidence')}</legend>
          <TextField
            id={`${idPrefix}-evidenceUrl`}
            name="evidenceUrl"
            type="url"
            label={labels.evidenceUrl}
            hint={t('pactWorkspace.update.evidenceHint')}
            maxLength={2000}
            autoComplete="url"
            error={errors.evidenceUrl}
          />
          <TextField
            id={`${idPrefix}-file`}
            name="file"
            type="file"
            accept={acceptedEvidence}
            label={labels.file}
            hint={t('pactWorkspace.update.fileHint')}
            error={errors.file}
          />
        </fieldset>
        <button type="submit" className="button" disabled={pending}>
          {t('pactWorkspace.update.submit')}
        </button>
      </form>
    </>
  );
}
