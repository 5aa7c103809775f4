import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiProblem } from '../../../api';
import type { WorkshopSession } from '../../../concertation-contract';
import type { SessionInput } from '../../../concertation-workspace-contract';
import { TextAreaField, TextField } from '../../../components/fields';
import { ProblemAlert } from '../../../components/problem-alert';
import { fieldErrorsOf } from '../../../components/problem';
import { isoToLocalDateTime, localDateTimeToIso, localProblem, parseWholeNumber } from '../pact/form-values';
import { textOf } from '../funding/form-helpers';

interface SessionFormProps {
  idPrefix: string;
  session?: WorkshopSession;
  submitLabel: string;
  pending: boolean;
  problem: ApiProblem | null;
  onSubmit: (input: SessionInput, form: HTMLFormElement) => void;
  onCancel?: () => void;
}

/** A workshop session's title, times, place, agenda and capacity; times are typed in local time and sent as instants. */
export function SessionForm({ idPrefix, session, submitLabel, pending, problem, onSubmit, onCancel }: SessionFormProps) {
  const { t } = useTranslation();
  const [local, setLocal] = useState<ApiProblem | null>(null);
  const shown = local ?? problem;
  const errors = fieldErrorsOf(t, shown);
  const labels = {
    title: t('concertationWorkspace.sessions.title'),
    startsAt: t('concertationWorkspace.sessions.startsAt'),
    endsAt: t('concertationWorkspace.sessions.endsAt'),
    place: t('concertationWorkspace.sessions.place'),
    agenda: t('concertationWorkspace.sessions.agenda'),
    capacity: t('concertationWorkspace.sessions.capacity'),
  };
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const startsAt = localDateTimeToIso(textOf(data, 'startsAt'));
    const endsAt = localDateTimeToIso(textOf(data, 'endsAt'));
    const capacity = parseWholeNumber(textOf(data, 'capacity'));
    const found = [
      ...(startsAt ? [] : [{ field: 'startsAt', code: 'required', message: t('concertationWorkspace.sessions.dateRequired') }]),
      ...(endsAt ? [] : [{ field: 'endsAt', code: 'required', message: t('concertationWorkspace.sessions.dateRequired') }]),
      ...(capacity === 'invalid' ? [{ field: 'capacity', code: 'not_a_whole_number', message: t('fieldErrors.not_a_whole_number') }] : []),
    ];
    const invalid = localProblem(found);
    setLocal(invalid);
    if (invalid || !startsAt || !endsAt || capacity === 'invalid') return;
    onSubmit({ title: textOf(data, 'title'), startsAt, endsAt, place: textOf(data, 'place'), agenda: textOf(data, 'agenda'), capacity }, form);
  }
  const at = (iso: string | undefined) => (iso ? isoToLocalDateTime(new Date(iso)) : '');
  return (
    <>
      <ProblemAlert problem={shown} idPrefix={idPrefix} fieldLabels={labels} focus />
      <form className="form" onSubmit={submit} noValidate>
        <TextField id={`${idPrefix}-title`} name="title" label={labels.title} required maxLength={200} defaultValue={session?.title} error={errors.title} />
        <div className="field-row">
          <TextField id={`${idPrefix}-startsAt`} name="startsAt" type="datetime-local" label={labels.startsAt} required defaultValue={at(session?.startsAt)} error={errors.startsAt} />
          <TextField id={`${idPrefix}-endsAt`} name="endsAt" type="datetime-local" label={labels.endsAt} required defaultValue={at(session?.endsAt)} error={errors.endsAt} />
        </div>
        <TextField id={`${idPrefix}-place`} name="place" label={labels.place} required maxLength={300} defaultValue={session?.place} error={errors.place} />
        <TextAreaField id={`${idPrefix}-agenda`} name="agenda" label={labels.agenda} maxLength={10_000} defaultValue={session?.agenda} error={errors.agenda} />
        <TextField
          id={`${idPrefix}-capacity`}
          name="capacity"
          label={labels.capacity}
          hint={t('concertationWorkspace.sessions.capacityHint')}
          inputMode="numeric"
          defaultValue={session?.capacity === null || session?.capacity === undefined ? '' : String(session.capacity)}
          error={errors.capacity}
        />
        <div className="actions">
          <button type="submit" className="button" disabled={pending}>
            {submitLabel}
          </button>
          {onCancel && (
            <button type="button" className="button button--secondary" onClick={onCancel}>
              {t('common.cancel')}
            </button>
          )}
        </div>
      </form>
    </>
  );
}
