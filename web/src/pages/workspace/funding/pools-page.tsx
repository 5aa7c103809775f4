import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api';
import { parseMinorUnits } from '../../../amounts';
import { SelectField, TextField } from '../../../components/fields';
import { ProblemAlert } from '../../../components/problem-alert';
import { fieldErrorsOf } from '../../../components/problem';
import { QueryState } from '../../../components/query-state';
import { fundingApi } from '../../../funding-api';
import type { MatchPool, MatchPoolInput } from '../../../funding-contract';
import { useFormat } from '../../../format';
import { useDocumentTitle } from '../../../layout/document-title';
import { useFundingProblem } from '../../portal/funding/funding-problem';
import { LocalErrors } from '../../portal/funding/local-errors';
import { SuccessNotice } from '../pact/notice';
import { useWorkspace, type WorkspaceContext } from '../workspace-layout';
import { textOf, useOrganisations } from './form-helpers';

const idPrefix = 'pool';

const mayRunPool = (context: WorkspaceContext, pool: Pick<MatchPool, 'funderOrganisationId'>) =>
  context.isFacilitator || (pool.funderOrganisationId !== null && context.representedOrganisations.some((o) => o.id === pool.funderOrganisationId));

function ClosePoolButton({ slug, pool }: { slug: string; pool: MatchPool }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const close = useMutation({ mutationFn: () => fundingApi.closePool(slug, pool.id), onSuccess: () => queryClient.invalidateQueries({ queryKey: ['funding', slug] }) });
  const problem = useFundingProblem(close.error);
  return (
    <>
      <ProblemAlert problem={problem} focus />
      <button
        type="button"
        className="button button--secondary button--small"
        aria-label={t('funding.pools.closeNamed', { funder: pool.funderName })}
        disabled={close.isPending}
        onClick={() => close.mutate()}
      >
        {t('funding.pools.close')}
      </button>
    </>
  );
}

function PoolsTable({ pools, taskForceNames }: { pools: MatchPool[]; taskForceNames: Map<string, string> }) {
  const { t } = useTranslation();
  const format = useFormat();
  const context = useWorkspace();
  return (
    <div className="table-wrap">
      <table>
        <caption>{t('funding.pools.caption', { count: pools.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('funding.pools.funder')}</th>
            <th scope="col">{t('funding.pools.scope')}</th>
            <th scope="col">{t('funding.pools.rule')}</th>
            <th scope="col" className="numeric">
              {t('funding.pools.amount')}
            </th>
            <th scope="col" className="numeric">
              {t('funding.pools.committed')}
            </th>
            <th scope="col" className="numeric">
              {t('funding.pools.remaining')}
            </th>
            <th scope="col">{t('funding.plan.status')}</th>
          </tr>
        </thead>
        <tbody>
          {pools.map((pool) => (
            <tr key={pool.id}>
              <th scope="row">{pool.funderName}</th>
              <td>{pool.taskForceId ? (taskForceNames.get(pool.taskForceId) ?? '') : t('funding.pools.wholeTerritory')}</td>
              <td>
                {t('funding.pools.ratio', { count: pool.ratioMatch, pledge: pool.ratioPledge })}
                {pool.capPerPledge !== null && <span className="cell-note">{t('funding.pools.capPerPledge', { amount: format.euros(pool.capPerPledge) })}</span>}
                {pool.capPerProject !== null && <span className="cell-note">{t('funding.pools.capPerProject', { amount: format.euros(pool.capPerProject) })}</span>}
              </td>
              <td className="numeric nowrap">{format.euros(pool.amount)}</td>
              <td className="numeric nowrap">{format.euros(pool.committed)}</td>
              <td className="numeric nowrap">{format.euros(pool.remaining)}</td>
              <td>
                {t(`funding.pools.statuses.${pool.status}`)}
                {pool.status === 'open' && mayRunPool(context, pool) && (
                  <div className="cell-actions">
                    <ClosePoolButton slug={context.slug} pool={pool} />
                  </div>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function NewPoolForm({ taskForces }: { taskForces: { id: string; name: string }[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const context = useWorkspace();
  const { slug } = context;
  const queryClient = useQueryClient();
  const organisations = useOrganisations(slug);
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const funders = context.isFacilitator ? (organisations.data ?? []) : context.representedOrganisations;
  const create = useMutation({
    mutationFn: ({ input }: { input: MatchPoolInput; form: HTMLFormElement }) => fundingApi.createPool(slug, input),
    onSuccess: async (_pool, { form }) => {
      form.reset();
      await queryClient.invalidateQueries({ queryKey: ['funding', slug] });
    },
  });
  const problem = useFundingProblem(create.error);
  const errors = { ...fieldErrorsOf(t, problem), ...localErrors };
  const labels = {
    taskForceId: t('funding.pools.scope'),
    funderOrganisationId: t('funding.lines.funderOrganisation'),
    funderName: t('funding.lines.funderName'),
    amount: t('funding.pools.amount'),
    ratio: t('funding.pools.ratioLabel'),
    ratioPledge: t('funding.pools.ratioPledge'),
    ratioMatch: t('funding.pools.ratioMatch'),
    capPerPledge: t('funding.pools.capPerPledgeLabel'),
    capPerProject: t('funding.pools.capPerProjectLabel'),
  };
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const amount = parseMinorUnits(textOf(data, 'amount'));
    const optionalAmount = (name: string) => {
      const text = textOf(data, name);
      return text ? parseMinorUnits(text) : undefined;
    };
    const capPerPledge = optionalAmount('capPerPledge');
    const capPerProject = optionalAmount('capPerProject');
    const ratioPledge = Number(textOf(data, 'ratioPledge') || '1');
    const ratioMatch = Number(textOf(data, 'ratioMatch') || '1');
    const invalid: Record<string, string> = {};
    if (amount === null || amount <= 0) invalid.amount = t('fieldErrors.not_an_amount');
    if (capPerPledge === null) invalid.capPerPledge = t('fieldErrors.not_an_amount');
    if (capPerProject === null) invalid.capPerProject = t('fieldErrors.not_an_amount');
    if (!Number.isInteger(ratioPledge) || ratioPledge < 1) invalid.ratioPledge = t('fieldErrors.not_a_whole_number');
    if (!Number.isInteger(ratioMatch) || ratioMatch < 1) invalid.ratioMatch = t('fieldErrors.not_a_whole_number');
    setLocalErrors(invalid);
    if (amount === null || Object.keys(invalid).length > 0) return;
    const taskForceId = textOf(data, 'taskForceId');
    const funderOrganisationId = textOf(data, 'funderOrganisationId');
    create.mutate({
      input: {
        amount,
        taskForceId: taskForceId || null,
        ...(funderOrganisationId ? { funderOrganisationId } : { funderName: textOf(data, 'funderName') }),
        ratio: { pledge: ratioPledge, match: ratioMatch },
        capPerPledge: capPerPledge ?? null,
        capPerProject: capPerProject ?? null,
      },
      form,
    });
  }
  return (
    <>
      {create.isSuccess && (
        <SuccessNotice key={create.submittedAt}>
          <p>{t('funding.pools.created', { funder: create.data.funderName, amount: format.euros(create.data.amount) })}</p>
        </SuccessNotice>
      )}
      <p>{t('common.requiredNote')}</p>
      <ProblemAlert problem={problem} idPrefix={idPrefix} fieldLabels={labels} focus />
      <LocalErrors errors={localErrors} labels={labels} idPrefix={idPrefix} />
      <form onSubmit={submit} noValidate className="form">
        <SelectField id={`${idPrefix}-taskForceId`} name="taskForceId" label={labels.taskForceId} error={errors.taskForceId}>
          <option value="">{t('funding.pools.wholeTerritory')}</option>
          {taskForces.map((taskForce) => (
            <option key={taskForce.id} value={taskForce.id}>
              {taskForce.name}
            </option>
          ))}
        </SelectField>
        <fieldset className="fieldset">
          <legend>{t('funding.pools.funder')}</legend>
          <SelectField id={`${idPrefix}-funderOrganisationId`} name="funderOrganisationId" label={labels.funderOrganisationId} error={errors.funderOrganisationId}>
            {context.isFacilitator && <option value="">{t('funding.lines.noOrganisation')}</option>}
            {funders.map((organisation) => (
              <option key={organisation.id} value={organisation.id}>
                {organisation.name}
              </option>
            ))}
          </SelectField>
          {context.isFacilitator && <TextField id={`${idPrefix}-funderName`} name="funderName" label={labels.funderName} maxLength={300} autoComplete="off" error={errors.funderName} />}
        </fieldset>
        <TextField id={`${idPrefix}-amount`} name="amount" label={labels.amount} hint={t('funding.amountHint')} inputMode="decimal" autoComplete="off" required error={errors.amount} />
        <fieldset className="fieldset">
          <legend>{labels.ratio}</legend>
          <p className="field__hint">{t('funding.pools.ratioHint')}</p>
          {errors.ratio && <p className="field__error">{errors.ratio}</p>}
          <div className="field-row">
            <TextField id={`${idPrefix}-ratioMatch`} name="ratioMatch" type="number" min={1} max={100} label={labels.ratioMatch} defaultValue="1" error={errors.ratioMatch} />
            <TextField id={`${idPrefix}-ratioPledge`} name="ratioPledge" type="number" min={1} max={100} label={labels.ratioPledge} defaultValue="1" error={errors.ratioPledge} />
          </div>
        </fieldset>
        <TextField id={`${idPrefix}-capPerPledge`} name="capPerPledge" label={labels.capPerPledge} hint={t('funding.pools.capHint')} inputMode="decimal" autoComplete="off" error={errors.capPerPledge} />
        <TextField id={`${idPrefix}-capPerProject`} name="capPerProject" label={labels.capPerProject} hint={t('funding.pools.capHint')} inputMode="decimal" autoComplete="off" error={errors.capPerProject} />
        <button type="submit" className="button" disabled={create.isPending}>
          {t('funding.pools.create')}
        </button>
      </form>
    </>
  );
}

function CloseDueSection({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const closeDue = useMutation({ mutationFn: () => fundingApi.closeDueCampaigns(slug), onSuccess: () => queryClient.invalidateQueries({ queryKey: ['funding', slug] }) });
  const problem = useFundingProblem(closeDue.error);
  return (
    <section aria-labelledby="close-due-heading" className="section">
      <h2 id="close-due-heading">{t('funding.closeDue.title')}</h2>
      <p>{t('funding.closeDue.intro')}</p>
      {closeDue.isSuccess && (
        <SuccessNotice key={closeDue.submittedAt}>
          {closeDue.data.length === 0 ? (
            <p>{t('funding.closeDue.none')}</p>
          ) : (
            <ul>
              {closeDue.data.map((resolution) => (
                <li key={resolution.campaignId}>
                  {t(`funding.closeDue.${resolution.outcome}`, { title: resolution.title, raised: format.euros(resolution.raised), goal: format.euros(resolution.goal) })}
                </li>
              ))}
            </ul>
          )}
        </SuccessNotice>
      )}
      <ProblemAlert problem={problem} focus />
      <button type="button" className="button button--secondary" disabled={closeDue.isPending} onClick={() => closeDue.mutate()}>
        {t('funding.closeDue.run')}
      </button>
    </section>
  );
}

/** Matchfunding pools: what each funder put in, its rule, what it committed; opening and closing them. */
export function PoolsPage() {
  const { t } = useTranslation();
  const context = useWorkspace();
  const { slug } = context;
  const pools = useQuery({ queryKey: ['funding', slug, 'pools'], queryFn: () => fundingApi.pools(slug) });
  const taskForces = useQuery({ queryKey: ['task-forces', slug], queryFn: () => api.taskForces(slug) });
  const taskForceList = taskForces.data?.items ?? [];
  const mayOpen = context.isFacilitator || context.representedOrganisations.length > 0;
  useDocumentTitle(t('funding.pools.title'), t('funding.workspace.title'));
  return (
    <>
      <h1>{t('funding.pools.title')}</h1>
      <p className="lead">{t('funding.pools.intro')}</p>
      <section aria-labelledby="pool-list-heading" className="section">
        <h2 id="pool-list-heading">{t('funding.pools.listTitle')}</h2>
        <QueryState query={pools}>
          {(items) => (items.length === 0 ? <p>{t('funding.pools.none')}</p> : <PoolsTable pools={items} taskForceNames={new Map(taskForceList.map((tf) => [tf.id, tf.name]))} />)}
        </QueryState>
      </section>
      {mayOpen && (
        <section aria-labelledby="new-pool-heading" className="section">
          <h2 id="new-pool-heading">{t('funding.pools.newTitle')}</h2>
          <NewPoolForm taskForces={taskForceList} />
        </section>
      )}
      {context.isFacilitator && <CloseDueSection slug={slug} />}
    </>
  );
}
