import { useMutation, useQuery, useQueryClient, type UseMutationResult } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, type ApiProblem } from '../../../api';
import type { DecisionDetail, DecisionTally, ProblemFieldError, TaskForceDetail, TaskForceMember, VoteChoice } from '../../../api-contract';
import { SelectField, TextAreaField } from '../../../components/fields';
import { ProblemAlert } from '../../../components/problem-alert';
import { asProblem, fieldErrorsOf } from '../../../components/problem';
import { QueryState } from '../../../components/query-state';
import { useFormat } from '../../../format';
import { useDocumentTitle } from '../../../layout/document-title';
import { useWorkspace } from '../workspace-layout';
import { DecisionOptions, DecisionState } from './decision-parts';
import { useMemberName } from './member-names';
import { localProblem, textOrNull } from './form-values';
import { SuccessNotice } from './notice';
import { acceptsVotes, canCloseDecision, pactGrantsOf, votingIdentities } from './pact-permissions';

const memberKey = (m: Pick<TaskForceMember, 'memberType' | 'memberId'>) => `${m.memberType}:${m.memberId}`;

function useDecisionUpdate(slug: string, decision: DecisionDetail) {
  const queryClient = useQueryClient();
  return async (updated: DecisionDetail) => {
    queryClient.setQueryData(['decision', slug, decision.taskForceId, decision.id], updated);
    await queryClient.invalidateQueries({ queryKey: ['decisions', slug, decision.taskForceId] });
  };
}

interface Ballot {
  choice: VoteChoice;
  reason: string | null;
}

function VoteForm({ slug, decision, identities }: { slug: string; decision: DecisionDetail; identities: TaskForceMember[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const memberName = useMemberName(slug);
  const onUpdated = useDecisionUpdate(slug, decision);
  const [as, setAs] = useState(memberKey(identities[0]!));
  const [local, setLocal] = useState<ApiProblem | null>(null);
  const voter = identities.find((m) => memberKey(m) === as) ?? identities[0]!;
  const current = decision.votes.find((v) => memberKey(v) === memberKey(voter));
  const [choice, setChoice] = useState<VoteChoice | null>(current?.choice ?? null);
  const vote = useMutation({
    mutationFn: (ballot: Ballot) =>
      api.voteOnDecision(slug, decision.taskForceId, decision.id, { ...ballot, ...(voter.memberType === 'organisation' ? { organisationId: voter.memberId } : {}) }),
    onSuccess: onUpdated,
  });
  const shown = local ?? asProblem(vote.error);
  const errors = fieldErrorsOf(t, shown);
  const objecting = choice === 'objection';
  const labels = { choice: t('pactWorkspace.vote.choice'), reason: objecting ? t('pactWorkspace.vote.objectionReason') : t('pactWorkspace.vote.reason') };
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const picked = data.get('choice');
    const reason = textOrNull(String(data.get('reason') ?? ''));
    const found: ProblemFieldError[] = [];
    if (!picked) found.push({ field: 'choice', code: 'required', message: t('pactWorkspace.vote.choiceRequired') });
    // The server's rule (decisions-model.ts `voteReasonOf`), checked here first to say it beside the field.
    if (picked === 'objection' && reason === null) found.push({ field: 'reason', code: 'objection_reason_required', message: t('pactWorkspace.vote.objectionReasonRequired') });
    const invalid = localProblem(found);
    setLocal(invalid);
    if (invalid || !picked) return;
    vote.mutate({ choice: String(picked) as VoteChoice, reason });
  }
  function switchVoter(next: string) {
    setAs(next);
    const nextVoter = identities.find((m) => memberKey(m) === next);
    setChoice(decision.votes.find((v) => nextVoter && memberKey(v) === memberKey(nextVoter))?.choice ?? null);
  }
  return (
    <>
      {vote.isSuccess && (
        <SuccessNotice key={vote.submittedAt}>
          <p>{t('pactWorkspace.vote.recorded', { choice: t(`pactWorkspace.choices.${vote.variables.choice}`), name: memberName(voter) })}</p>
        </SuccessNotice>
      )}
      <ProblemAlert problem={shown} idPrefix="vote" fieldLabels={labels} focus />
      <form onSubmit={submit} noValidate className="form">
        {identities.length > 1 && (
          <SelectField id="vote-as" label={t('pactWorkspace.vote.as')} value={as} onChange={(event) => switchVoter(event.target.value)}>
            {identities.map((identity) => (
              <option key={memberKey(identity)} value={memberKey(identity)}>
                {memberName(identity)}
              </option>
            ))}
          </SelectField>
        )}
        <p>
          {current
            ? t('pactWorkspace.vote.current', { name: memberName(voter), choice: t(`pactWorkspace.choices.${current.choice}`), date: format.dateTime(current.castAt) })
            : t('pactWorkspace.vote.notYet', { name: memberName(voter) })}
        </p>
        <fieldset className={errors.choice ? 'fieldset field--error' : 'fieldset'} id="vote-choice" aria-describedby={errors.choice ? 'vote-hint vote-choice-error' : 'vote-hint'}>
          <legend>{t('pactWorkspace.vote.legend', { name: memberName(voter) })}</legend>
          <p className="field__hint" id="vote-hint">
            {t(`pactWorkspace.vote.hints.${decision.governance.method}`)}
          </p>
          {errors.choice && (
            <p className="field__error" id="vote-choice-error">
              {errors.choice}
            </p>
          )}
          {decision.options.map((option) => (
            <div className="checkbox" key={`${as}-${option}`}>
              <input type="radio" id={`vote-${option}`} name="choice" value={option} required checked={choice === option} onChange={() => setChoice(option)} />
              <label htmlFor={`vote-${option}`}>{t(`pactWorkspace.choices.${option}`)}</label>
            </div>
          ))}
        </fieldset>
        <TextAreaField
          key={as}
          id="vote-reason"
          name="reason"
          label={labels.reason}
          hint={objecting ? t('pactWorkspace.vote.objectionReasonHint') : t('pactWorkspace.vote.reasonHint')}
          required={objecting}
          maxLength={2000}
          defaultValue={current?.reason ?? ''}
          error={errors.reason}
        />
        <button type="submit" className="button" disabled={vote.isPending}>
          {current ? t('pactWorkspace.vote.change') : t('pactWorkspace.vote.submit')}
        </button>
      </form>
    </>
  );
}

function TallyTable({ decision, tally, caption }: { decision: DecisionDetail; tally: Pick<DecisionTally, VoteChoice | 'cast'> & { votingMembers: number | null }; caption: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <div className="table-wrap table-wrap--narrow">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('pactWorkspace.vote.choice')}</th>
            <th scope="col" className="numeric">
              {t('pactWorkspace.vote.count')}
            </th>
          </tr>
        </thead>
        <tbody>
          {decision.options.map((choice) => (
            <tr key={choice}>
              <th scope="row">{t(`pactWorkspace.choices.${choice}`)}</th>
              <td className="numeric">{format.integer(tally[choice])}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t('pactWorkspace.vote.cast')}</th>
            <td className="numeric">
              {tally.votingMembers === null
                ? format.integer(tally.cast)
                : t('pactWorkspace.vote.castOf', { cast: format.integer(tally.cast), count: tally.votingMembers })}
            </td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

function ResultSection({ decision }: { decision: DecisionDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  const tally = decision.tally;
  const soFar = { consent: 0, objection: 0, for: 0, against: 0, abstain: 0, cast: decision.votes.length, votingMembers: null };
  for (const v of decision.votes) soFar[v.choice] += 1;
  return (
    <section aria-labelledby="result-heading" className="section">
      <h2 id="result-heading">{tally ? t('pactWorkspace.vote.resultTitle') : t('pactWorkspace.vote.soFarTitle')}</h2>
      {tally && decision.outcome ? (
        <>
          <p className="lead">
            <DecisionState decision={decision} />
          </p>
          <p>
            {t(`pactWorkspace.outcomeExplained.${decision.outcome}`, {
              quorum: decision.governance.quorumPercent,
              method: t(`pact.taskForce.methods.${decision.governance.method}`),
            })}
          </p>
          <TallyTable decision={decision} tally={tally} caption={t('pactWorkspace.vote.tallyCaption', { date: format.dateTime(decision.closedAt ?? decision.closesAt) })} />
        </>
      ) : (
        <>
          <p>{t('pactWorkspace.vote.soFarExplained')}</p>
          <TallyTable decision={decision} tally={soFar} caption={t('pactWorkspace.vote.soFarCaption')} />
        </>
      )}
    </section>
  );
}

function VotesSection({ slug, decision }: { slug: string; decision: DecisionDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  const memberName = useMemberName(slug);
  return (
    <section aria-labelledby="votes-heading" className="section">
      <h2 id="votes-heading">{t('pactWorkspace.vote.votesTitle')}</h2>
      {decision.votes.length === 0 ? (
        <p>{t('pactWorkspace.vote.noVotes')}</p>
      ) : (
        <div className="table-wrap table-wrap--medium">
          <table>
            <caption>{t('pactWorkspace.vote.votesCaption', { count: decision.votes.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('pactWorkspace.members.member')}</th>
                <th scope="col">{t('pactWorkspace.vote.choice')}</th>
                <th scope="col">{t('pactWorkspace.vote.reasonColumn')}</th>
                <th scope="col">{t('pactWorkspace.vote.castAt')}</th>
              </tr>
            </thead>
            <tbody>
              {decision.votes.map((vote) => (
                <tr key={memberKey(vote)}>
                  <th scope="row">{memberName(vote)}</th>
                  <td>{t(`pactWorkspace.choices.${vote.choice}`)}</td>
                  <td>{vote.reason ?? <span className="muted">{t('pactWorkspace.vote.noReason')}</span>}</td>
                  <td className="nowrap">{format.dateTime(vote.castAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function CloseSection({ decision, close }: { decision: DecisionDetail; close: UseMutationResult<DecisionDetail, Error, void> }) {
  const { t } = useTranslation();
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    close.mutate();
  }
  return (
    <section aria-labelledby="close-heading" className="section">
      <h2 id="close-heading">{t('pactWorkspace.vote.closeTitle')}</h2>
      <p>{t('pactWorkspace.vote.closeExplain')}</p>
      <ProblemAlert problem={asProblem(close.error)} focus />
      <form onSubmit={submit} className="form">
        <div className="checkbox">
          <input id="decision-close-confirm" type="checkbox" required />
          <label htmlFor="decision-close-confirm">{t('pactWorkspace.vote.closeConfirm', { title: decision.title })}</label>
        </div>
        <button type="submit" className="button button--danger" disabled={close.isPending}>
          {t('pactWorkspace.vote.close')}
        </button>
      </form>
    </section>
  );
}

function DecisionWorkspace({ slug, decision, taskForce }: { slug: string; decision: DecisionDetail; taskForce: TaskForceDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  const grants = pactGrantsOf(useWorkspace());
  const now = new Date();
  const identities = votingIdentities(grants, taskForce.members);
  const open = acceptsVotes(decision, now);
  const onUpdated = useDecisionUpdate(slug, decision);
  // Here rather than in the closing section, which disappears once the decision is closed.
  const close = useMutation({ mutationFn: () => api.closeDecision(slug, decision.taskForceId, decision.id), onSuccess: onUpdated });
  return (
    <>
      {close.isSuccess && close.data.outcome && (
        <SuccessNotice key={close.submittedAt}>
          <p>{t('pactWorkspace.vote.closedNow', { outcome: t(`pactWorkspace.outcomes.${close.data.outcome}`) })}</p>
        </SuccessNotice>
      )}
      <dl className="facts">
        <div>
          <dt>{t('pact.status')}</dt>
          <dd>
            <DecisionState decision={decision} />
          </dd>
        </div>
        <div>
          <dt>{t('pact.taskForce.governance')}</dt>
          <dd>
            {t('pact.taskForce.governanceRule', {
              method: t(`pact.taskForce.methods.${decision.governance.method}`),
              quorum: format.progress(decision.governance.quorumPercent),
            })}
          </dd>
        </div>
        <div>
          <dt>{t('pactWorkspace.decisions.options')}</dt>
          <dd>
            <DecisionOptions method={decision.governance.method} />
          </dd>
        </div>
        <div>
          <dt>{t('pactWorkspace.decisions.openedAt')}</dt>
          <dd>{format.dateTime(decision.openedAt)}</dd>
        </div>
        <div>
          <dt>{t('pactWorkspace.decisions.closesAt')}</dt>
          <dd>{format.dateTime(decision.closesAt)}</dd>
        </div>
        {decision.closedAt && (
          <div>
            <dt>{t('pactWorkspace.decisions.closedAt')}</dt>
            <dd>{format.dateTime(decision.closedAt)}</dd>
          </div>
        )}
        {decision.reviewDate && (
          <div>
            <dt>{t('pactWorkspace.decisions.reviewDate')}</dt>
            <dd>{format.day(decision.reviewDate)}</dd>
          </div>
        )}
      </dl>
      <section aria-labelledby="proposal-heading" className="section">
        <h2 id="proposal-heading">{t('pactWorkspace.decisions.text')}</h2>
        <blockquote className="statement">
          <p>{decision.text}</p>
        </blockquote>
      </section>
      {open && (
        <section aria-labelledby="vote-heading" className="section">
          <h2 id="vote-heading">{t('pactWorkspace.vote.title')}</h2>
          {identities.length > 0 ? <VoteForm slug={slug} decision={decision} identities={identities} /> : <p>{t('pactWorkspace.vote.notAVoter')}</p>}
        </section>
      )}
      {decision.status === 'open' && !open && <p>{t('pactWorkspace.vote.pastClosing')}</p>}
      <ResultSection decision={decision} />
      <VotesSection slug={slug} decision={decision} />
      {canCloseDecision(grants, taskForce.members, decision, now) && <CloseSection decision={decision} close={close} />}
    </>
  );
}

/** A decision of a task force: the proposal, voting under the task force's rule, the tally and the outcome. */
export function DecisionWorkspacePage() {
  const { t } = useTranslation();
  const { slug, territory } = useWorkspace();
  const { id = '', decisionId = '' } = useParams();
  const decision = useQuery({ queryKey: ['decision', slug, id, decisionId], queryFn: () => api.decision(slug, id, decisionId) });
  const taskForce = useQuery({ queryKey: ['task-force', slug, id], queryFn: () => api.taskForce(slug, id) });
  const title = decision.data?.title ?? t('pactWorkspace.decisions.titleFallback');
  useDocumentTitle(title, taskForce.data?.name, territory.name);
  return (
    <>
      <p className="back-link">
        <Link to={`/workspace/${slug}/pact/task-forces/${id}`}>{t('pactWorkspace.decisions.backTo', { name: taskForce.data?.name ?? t('pact.taskForce.titleFallback') })}</Link>
      </p>
      <h1>{title}</h1>
      <QueryState query={decision}>
        {(d) => <QueryState query={taskForce}>{(tf) => <DecisionWorkspace slug={slug} decision={d} taskForce={tf} />}</QueryState>}
      </QueryState>
    </>
  );
}
