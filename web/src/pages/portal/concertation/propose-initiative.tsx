import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api';
import { TextAreaField, TextField } from '../../../components/fields';
import { ProblemAlert } from '../../../components/problem-alert';
import { fieldErrorsOf } from '../../../components/problem';
import { concertationApi } from '../../../concertation-api';
import type { Edition, InitiativeInput } from '../../../concertation-contract';
import { SuccessNotice } from '../../workspace/pact/notice';
import { useConcertationProblem } from './concertation-problem';
import { balanceKey, initiativesKey } from './concertation-keys';
import { OnBehalfOfField, TakePartHint, type Participant } from './participant';

const idPrefix = 'initiative';

function ObjectivesFieldset({ slug, chosen, onToggle }: { slug: string; chosen: Set<string>; onToggle: (id: string) => void }) {
  const { t } = useTranslation();
  const vision = useQuery({ queryKey: ['pact-vision', slug], queryFn: () => api.vision(slug), retry: false });
  const objectives = vision.data?.objectives ?? [];
  if (objectives.length === 0) return null;
  return (
    <fieldset className="fieldset" id={`${idPrefix}-objectiveIds`} aria-describedby={`${idPrefix}-objectives-hint`}>
      <legend>{t('concertation.propose.objectives')}</legend>
      <p className="field__hint" id={`${idPrefix}-objectives-hint`}>
        {t('concertation.propose.objectivesHint')}
      </p>
      {objectives.map((objective) => (
        <div className="checkbox" key={objective.id}>
          <input type="checkbox" id={`${idPrefix}-objective-${objective.id}`} checked={chosen.has(objective.id)} onChange={() => onToggle(objective.id)} />
          <label htmlFor={`${idPrefix}-objective-${objective.id}`}>{objective.title}</label>
        </div>
      ))}
    </fieldset>
  );
}

function ProposeForm({ slug, edition, participant }: { slug: string; edition: Edition; participant: Participant }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [onBehalfOf, setOnBehalfOf] = useState('');
  const [objectiveIds, setObjectiveIds] = useState<Set<string>>(new Set());
  const propose = useMutation({
    mutationFn: ({ input }: { input: InitiativeInput; form: HTMLFormElement }) => concertationApi.propose(slug, edition.year, input),
    onSuccess: async (_initiative, { form }) => {
      form.reset();
      setObjectiveIds(new Set());
      await queryClient.invalidateQueries({ queryKey: initiativesKey(slug, edition.year) });
      await queryClient.invalidateQueries({ queryKey: balanceKey(slug, edition.year) });
    },
  });
  const problem = useConcertationProblem(propose.error);
  const errors = fieldErrorsOf(t, problem);
  const labels = {
    title: t('concertation.propose.titleField'),
    description: t('concertation.propose.description'),
    onBehalfOf: t('concertation.propose.onBehalfOf'),
    objectiveIds: t('concertation.propose.objectives'),
  };
  // The server names a ticked objective it does not know by its place in the list: the fieldset is at fault.
  const fieldLabels: Record<string, string> = { ...labels, ...Object.fromEntries([...objectiveIds].map((_, i) => [`objectiveIds[${i}]`, labels.objectiveIds])) };

  function toggle(id: string) {
    setObjectiveIds((previous) => {
      const next = new Set(previous);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    propose.mutate({
      input: { title: String(data.get('title') ?? ''), description: String(data.get('description') ?? ''), onBehalfOf: onBehalfOf || null, objectiveIds: [...objectiveIds] },
      form,
    });
  }

  return (
    <>
      {propose.isSuccess && (
        <SuccessNotice key={propose.submittedAt}>
          <p className="alert__title">{t('concertation.propose.done', { title: propose.data.title })}</p>
          <p>
            <a href={`#initiative-${propose.data.id}`}>{t('concertation.propose.doneLink')}</a>
          </p>
        </SuccessNotice>
      )}
      <p>{t('common.requiredNote')}</p>
      <ProblemAlert problem={problem} idPrefix={idPrefix} fieldLabels={fieldLabels} focus />
      <form className="form" onSubmit={submit} noValidate>
        <TextField id={`${idPrefix}-title`} name="title" label={labels.title} hint={t('concertation.propose.titleHint')} required maxLength={200} autoComplete="off" error={errors.title} />
        <TextAreaField id={`${idPrefix}-description`} name="description" label={labels.description} hint={t('concertation.propose.descriptionHint')} required maxLength={5000} rows={6} error={errors.description} />
        {participant.organisations.length > 0 && (
          <OnBehalfOfField id={`${idPrefix}-onBehalfOf`} label={labels.onBehalfOf} organisations={participant.organisations} value={onBehalfOf} onChange={setOnBehalfOf} error={errors.onBehalfOf} />
        )}
        <ObjectivesFieldset slug={slug} chosen={objectiveIds} onToggle={toggle} />
        <button type="submit" className="button" disabled={propose.isPending}>
          {propose.isPending ? t('concertation.propose.pending') : t('concertation.propose.submit')}
        </button>
      </form>
    </>
  );
}

/** Proposing an emerging initiative, while contributions are open. */
export function ProposeInitiativeSection({ slug, edition, participant }: { slug: string; edition: Edition; participant: Participant }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="propose-heading" className="section" id="propose">
      <h2 id="propose-heading">{t('concertation.propose.title')}</h2>
      <p>{t('concertation.propose.intro')}</p>
      <TakePartHint slug={slug} participant={participant}>
        {edition.can.propose ? <ProposeForm slug={slug} edition={edition} participant={participant} /> : <p>{t('concertation.propose.closed')}</p>}
      </TakePartHint>
    </section>
  );
}
