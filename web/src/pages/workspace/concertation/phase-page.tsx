import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { concertationWorkspaceApi } from '../../../concertation-workspace-api';
import { phases, type Edition, type Phase } from '../../../concertation-contract';
import { TextAreaField } from '../../../components/fields';
import { ProblemAlert } from '../../../components/problem-alert';
import { fieldErrorsOf } from '../../../components/problem';
import { useFormat } from '../../../format';
import { useDocumentTitle } from '../../../layout/document-title';
import { SuccessNotice } from '../pact/notice';
import { useConcertationProblem } from './concertation-problem';
import { concertationKey, editionKey } from './concertation-queries';
import { useEditionConsole } from './edition-layout';

function PhaseSteps({ edition }: { edition: Edition }) {
  const { t } = useTranslation();
  const current = phases.indexOf(edition.phase);
  return (
    <ol className="phase-steps">
      {phases.map((phase, index) => (
        <li key={phase} className={index === current ? 'phase-steps__current' : undefined} aria-current={index === current ? 'step' : undefined}>
          {t(`concertationWorkspace.phases.${phase}`)}
          {index < current && <span className="sr-only"> {t('concertationWorkspace.phase.done')}</span>}
        </li>
      ))}
    </ol>
  );
}

function NextPhaseForm({ next }: { next: Phase }) {
  const { t } = useTranslation();
  const { slug, year } = useEditionConsole();
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  const move = useMutation({
    mutationFn: () => concertationWorkspaceApi.movePhase(slug, year, { to: next, ...(note.trim() ? { note: note.trim() } : {}) }),
    onSuccess: async (edition) => {
      queryClient.setQueryData(editionKey(slug, year), edition);
      setNote('');
      await queryClient.invalidateQueries({ queryKey: concertationKey(slug) });
    },
  });
  const problem = useConcertationProblem(move.error);
  const errors = fieldErrorsOf(t, problem);
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    move.mutate();
  }
  const nextLabel = t(`concertationWorkspace.phases.${next}`);
  return (
    <form className="form" onSubmit={submit} noValidate aria-labelledby="next-phase-heading">
      <h2 id="next-phase-heading">{t('concertationWorkspace.phase.nextTitle')}</h2>
      <p>{t(`concertationWorkspace.phase.explain.${next}`)}</p>
      <ProblemAlert problem={problem} idPrefix="phase" fieldLabels={{ note: t('concertationWorkspace.phase.note') }} focus />
      <TextAreaField
        id="phase-note"
        name="note"
        label={t('concertationWorkspace.phase.note')}
        hint={t('concertationWorkspace.phase.noteHint')}
        rows={3}
        maxLength={2_000}
        value={note}
        onChange={(event) => setNote(event.target.value)}
        error={errors.note}
      />
      <button type="submit" className="button" disabled={move.isPending}>
        {t('concertationWorkspace.phase.moveTo', { phase: nextLabel })}
      </button>
    </form>
  );
}

/** Where the edition stands in its yearly cycle, how it got there, and the step forward. */
export function PhasePage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { edition, territory, year } = useEditionConsole();
  useDocumentTitle(t('concertationWorkspace.editionNav.phase'), t('concertationWorkspace.edition.short', { year }), territory.name);
  const [moved] = useState(edition.phase);
  return (
    <>
      <h2>{t('concertationWorkspace.phase.current', { phase: t(`concertationWorkspace.phases.${edition.phase}`) })}</h2>
      {moved !== edition.phase && (
        <SuccessNotice key={edition.phase}>
          <p className="alert__title">{t('concertationWorkspace.phase.moved', { phase: t(`concertationWorkspace.phases.${edition.phase}`) })}</p>
        </SuccessNotice>
      )}
      <PhaseSteps edition={edition} />
      {edition.description && <p className="statement">{edition.description}</p>}
      {edition.can.manage && edition.nextPhase && <NextPhaseForm key={edition.phase} next={edition.nextPhase} />}
      {edition.can.manage && !edition.nextPhase && <p>{t('concertationWorkspace.phase.last')}</p>}
      <section className="section" aria-labelledby="phase-history-heading">
        <h2 id="phase-history-heading">{t('concertationWorkspace.phase.history')}</h2>
        <div className="table-wrap">
          <table>
            <caption className="sr-only">{t('concertationWorkspace.phase.history')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('concertationWorkspace.phase.phase')}</th>
                <th scope="col">{t('concertationWorkspace.phase.enteredAt')}</th>
                <th scope="col">{t('concertationWorkspace.phase.by')}</th>
                <th scope="col">{t('concertationWorkspace.phase.note')}</th>
              </tr>
            </thead>
            <tbody>
              {edition.phaseHistory.map((entry) => (
                <tr key={`${entry.phase}-${entry.enteredAt}`}>
                  <th scope="row">{t(`concertationWorkspace.phases.${entry.phase}`)}</th>
                  <td>{format.dateTime(entry.enteredAt)}</td>
                  <td>{entry.by ?? t('concertationWorkspace.phase.system')}</td>
                  <td>{entry.note}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
