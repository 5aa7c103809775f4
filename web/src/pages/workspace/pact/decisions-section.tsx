import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, type ApiProblem } from '../../../api';
import type { Decision, DecisionInput, TaskForceDetail } from '../../../api-contract';
import { TextAreaField, TextField } from '../../../components/fields';
import { ProblemAlert } from '../../../components/problem-alert';
import { asProblem, fieldErrorsOf } from '../../../components/problem';
import { QueryState } from '../../../components/query-state';
import { useFormat } from '../../../format';
import { isoToLocalDateTime, localDateTimeToIso, localProblem } from './form-values';
import { SuccessNotice } from './notice';
import { DecisionOptions, DecisionState } from './decision-parts';

const idPrefix = 'decision';
const WEEK = 7 * 86_400_000;

function ProposeDecisionForm({ slug, taskForce }: { slug: string; taskForce: TaskForceDetail }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [local, setLocal] = useState<ApiProblem | null>(null);
  const open = useMutation({
    mutationFn: ({ form: _form, ...input }: DecisionInput & { form: HTMLFormElement }) => api.openDecision(slug, taskForce.id, input),
    onSuccess: async (_decision, { form }) => {
      form.reset();
      await queryClient.invalidateQueries({ queryKey: ['decisions', slug, taskForce.id] });
    },
  });
  const shown = local ?? asProblem(open.error);
  const errors = fieldErrorsOf(t, shown);
  const labels = {
    title: t('pactWorkspace.decisions.proposalTitle'),
    text: t('pactWorkspace.decisions.text'),
    closesAt: t('pactWorkspace.decisions.closesAt'),
    reviewDate: t('pactWorkspace.decisions.reviewDate'),
  };
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const closesAt = localDateTimeToIso(String(data.get('closesAt') ?? ''));
    const reviewDate = String(data.get('reviewDate') ?? '');
    const input = { title: String(data.get('title') ?? '').trim(), text: String(data.get('text') ?? '').trim(), closesAt: closesAt ?? '', ...(reviewDate ? { reviewDate } : {}) };
    const found = [];
    if (!input.title) found.push({ field: 'title', code: 'required', message: t('fieldErrors.required') });
    if (!input.text) found.push({ field: 'text', code: 'required', message: t('fieldErrors.required') });
    if (!closesAt) found.push({ field: 'closesAt', code: 'invalid_date', message: t('pactWorkspace.decisions.closesAtError') });
    const invalid = localProblem(found);
    setLocal(invalid);
    if (!invalid) open.mutate({ ...input, form });
  }
  return (
    <>
      {open.isSuccess && (
        <SuccessNotice key={open.submittedAt}>
          <p>
            {t('pactWorkspace.decisions.opened')}{' '}
            <Link to={`/workspace/${slug}/pact/task-forces/${taskForce.id}/decisions/${open.data.id}`}>{open.data.title}</Link>
          </p>
        </SuccessNotice>
      )}
      <p>{t('pactWorkspace.decisions.proposeIntro', { method: t(`pact.taskForce.methods.${taskForce.governance.method}`), quorum: taskForce.governance.quorumPercent })}</p>
      <p>
        {t('pactWorkspace.decisions.optionsAre')} <DecisionOptions method={taskForce.governance.method} />
      </p>
      <ProblemAlert problem={shown} idPrefix={idPrefix} fieldLabels={labels} focus />
      <form onSubmit={submit} noValidate className="form">
        <TextField id={`${idPrefix}-title`} name="title" label={labels.title} required maxLength={300} autoComplete="off" error={errors.title} />
        <TextAreaField id={`${idPrefix}-text`} name="text" label={labels.text} hint={t('pactWorkspace.decisions.textHint')} required maxLength={10_000} error={errors.text} />
        <TextField
          id={`${idPrefix}-closesAt`}
          name="closesAt"
          type="datetime-local"
          label={labels.closesAt}
          hint={t('pactWorkspace.decisions.closesAtHint')}
          required
          defaultValue={isoToLocalDateTime(new Date(Date.now() + WEEK))}
          error={errors.closesAt}
        />
        <TextField id={`${idPrefix}-reviewDate`} name="reviewDate" type="date" label={labels.reviewDate} hint={t('pactWorkspace.decisions.reviewDateHint')} error={errors.reviewDate} />
        <button type="submit" className="button" disabled={open.isPending}>
          {t('pactWorkspace.decisions.propose')}
        </button>
      </form>
    </>
  );
}

function DecisionsTable({ slug, taskForceId, decisions }: { slug: string; taskForceId: string; decisions: Decision[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (decisions.length === 0) return <p>{t('pactWorkspace.decisions.none')}</p>;
  return (
    <div className="table-wrap">
      <table>
        <caption>{t('pactWorkspace.decisions.caption', { count: decisions.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('pactWorkspace.decisions.proposalTitle')}</th>
            <th scope="col">{t('pact.status')}</th>
            <th scope="col">{t('pactWorkspace.decisions.closesAt')}</th>
          </tr>
        </thead>
        <tbody>
          {decisions.map((decision) => (
            <tr key={decision.id}>
              <th scope="row">
                <Link to={`/workspace/${slug}/pact/task-forces/${taskForceId}/decisions/${decision.id}`}>{decision.title}</Link>
              </th>
              <td>
                <DecisionState decision={decision} />
              </td>
              <td className="nowrap">{format.dateTime(decision.closedAt ?? decision.closesAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A task force's decisions; its leads open proposals under its rule. */
export function DecisionsSection({ slug, taskForce, isLead }: { slug: string; taskForce: TaskForceDetail; isLead: boolean }) {
  const { t } = useTranslation();
  const decisions = useQuery({ queryKey: ['decisions', slug, taskForce.id], queryFn: () => api.decisions(slug, taskForce.id) });
  return (
    <section aria-labelledby="decisions-heading" className="section">
      <h2 id="decisions-heading">{t('pactWorkspace.decisions.title')}</h2>
      <QueryState query={decisions}>{({ items }) => <DecisionsTable slug={slug} taskForceId={taskForce.id} decisions={items} />}</QueryState>
      {taskForce.status === 'closed' ? null : isLead ? (
        <>
          <h3>{t('pactWorkspace.decisions.proposeTitle')}</h3>
          <ProposeDecisionForm slug={slug} taskForce={taskForce} />
        </>
      ) : (
        <p>{t('pactWorkspace.decisions.leadsPropose')}</p>
      )}
    </section>
  );
}
