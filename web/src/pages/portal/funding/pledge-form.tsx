import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../../api';
import type { MyTerritory, Owner } from '../../../api-contract';
import { parseMinorUnits } from '../../../amounts';
import { SelectField, TextField } from '../../../components/fields';
import { ProblemAlert } from '../../../components/problem-alert';
import { fieldErrorsOf } from '../../../components/problem';
import { useSubmissionKey } from '../../../components/submission-key';
import { fundingApi } from '../../../funding-api';
import type { CampaignDetail, PledgeInput } from '../../../funding-contract';
import { useFormat } from '../../../format';
import { useMe, useSession } from '../../../session';
import { SuccessNotice } from '../../workspace/pact/notice';
import { useFundingProblem } from './funding-problem';
import { LocalErrors } from './local-errors';

const idPrefix = 'pledge';

function LocalBalance({ slug, owner, currencyCode }: { slug: string; owner: Owner; currencyCode: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const accounts = useQuery({ queryKey: ['accounts', slug, owner.type, owner.id], queryFn: () => api.accounts(slug, owner) });
  if (!accounts.data) return null;
  const account = accounts.data.items.find((a) => a.unit === currencyCode && a.kind === 'member');
  return <p>{t('funding.pledge.balance', { balance: format.money(account?.balance ?? 0, currencyCode) })}</p>;
}

function PledgeFields({ slug, campaign, territory }: { slug: string; campaign: CampaignDetail; territory: MyTerritory }) {
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const submission = useSubmissionKey();
  const { data: overview } = useQuery({ queryKey: ['territory', slug], queryFn: () => api.territory(slug) });
  const me = useMe();
  const [currency, setCurrency] = useState<PledgeInput['currency']>('EUR');
  const [pledger, setPledger] = useState('');
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const represented = territory.organisations.filter((o) => o.role === 'representative');
  const currencyName = overview?.currencyName ?? campaign.currencyCode;
  const pledge = useMutation({
    mutationFn: ({ input, key }: { input: PledgeInput; key: string; form: HTMLFormElement }) => fundingApi.pledge(slug, campaign.id, input, key),
    onSuccess: async (_pledge, { form }) => {
      submission.settle();
      form.reset();
      await queryClient.invalidateQueries({ queryKey: ['funding', slug] });
      await queryClient.invalidateQueries({ queryKey: ['accounts', slug] });
    },
  });
  const problem = useFundingProblem(pledge.error);
  const errors = { ...fieldErrorsOf(t, problem), ...localErrors };
  const labels = { currency: t('funding.pledge.currency'), amount: t('funding.pledge.amount'), organisationId: t('funding.pledge.onBehalfOf') };
  const owner: Owner | null = pledger ? { type: 'organisation', id: pledger } : me.data ? { type: 'person', id: me.data.person.id } : null;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const amount = parseMinorUnits(String(new FormData(form).get('amount') ?? ''));
    if (amount === null || amount <= 0) {
      setLocalErrors({ amount: t('fieldErrors.not_an_amount') });
      return;
    }
    setLocalErrors({});
    const input: PledgeInput = { currency, amount, ...(pledger ? { organisationId: pledger } : {}) };
    pledge.mutate({ input, key: submission.keyFor({ campaign: campaign.id, ...input }), form });
  }

  return (
    <>
      {pledge.isSuccess && (
        <SuccessNotice key={pledge.submittedAt}>
          <p className="alert__title">
            {t('funding.pledge.done', { amount: format.money(pledge.data.amount, pledge.data.unit), campaign: campaign.title })}
          </p>
          {pledge.data.matched > 0 && <p>{t('funding.pledge.doneMatched', { amount: format.euros(pledge.data.matched) })}</p>}
          <p>{pledge.data.unit === 'EUR' ? t('funding.pledge.doneEuro') : t('funding.pledge.doneLocal', { currency: currencyName })}</p>
        </SuccessNotice>
      )}
      <p>{t('common.requiredNote')}</p>
      <ProblemAlert problem={problem} idPrefix={idPrefix} fieldLabels={labels} focus />
      <LocalErrors errors={localErrors} labels={labels} idPrefix={idPrefix} />
      <form onSubmit={submit} noValidate className="form">
        <fieldset className="fieldset">
          <legend>{labels.currency}</legend>
          <div className="checkbox">
            <input type="radio" id={`${idPrefix}-currency-eur`} name="currency" value="EUR" checked={currency === 'EUR'} onChange={() => setCurrency('EUR')} />
            <label htmlFor={`${idPrefix}-currency-eur`}>
              {t('funding.pledge.inEuros')} — <span className="muted">{t('funding.pledge.inEurosHint')}</span>
            </label>
          </div>
          {campaign.acceptsLocalCurrency && (
            <div className="checkbox">
              <input type="radio" id={`${idPrefix}-currency-local`} name="currency" value="local" checked={currency === 'local'} onChange={() => setCurrency('local')} />
              <label htmlFor={`${idPrefix}-currency-local`}>
                {t('funding.pledge.inLocal', { currency: currencyName, code: campaign.currencyCode })} —{' '}
                <span className="muted">{t('funding.pledge.inLocalHint', { currency: currencyName })}</span>
              </label>
            </div>
          )}
        </fieldset>
        {represented.length > 0 && (
          <SelectField id={`${idPrefix}-organisationId`} label={labels.organisationId} value={pledger} onChange={(event) => setPledger(event.target.value)} error={errors.organisationId}>
            <option value="">{t('funding.pledge.myself', { name: me.data?.person.displayName ?? '' })}</option>
            {represented.map((organisation) => (
              <option key={organisation.id} value={organisation.id}>
                {organisation.name}
              </option>
            ))}
          </SelectField>
        )}
        {currency === 'local' && owner && <LocalBalance slug={slug} owner={owner} currencyCode={campaign.currencyCode} />}
        <TextField
          id={`${idPrefix}-amount`}
          name="amount"
          label={labels.amount}
          hint={currency === 'EUR' ? t('funding.pledge.amountHintEuro') : t('funding.pledge.amountHintLocal', { code: campaign.currencyCode })}
          inputMode="decimal"
          autoComplete="off"
          required
          error={errors.amount}
        />
        {pledger === '' && campaign.pools.some((pool) => pool.status === 'open') && <p>{t('funding.pledge.matchHint')}</p>}
        <button type="submit" className="button" disabled={pledge.isPending}>
          {pledge.isPending ? t('funding.pledge.pending') : currency === 'EUR' ? t('funding.pledge.submitEuro') : t('funding.pledge.submitLocal', { code: campaign.currencyCode })}
        </button>
      </form>
    </>
  );
}

/** Pledging: for someone signed in who joined the territory; others are told how to. */
export function PledgeSection({ slug, campaign }: { slug: string; campaign: CampaignDetail }) {
  const { t } = useTranslation();
  const session = useSession();
  const signedIn = Boolean(session.data?.person);
  const me = useMe(signedIn);
  const here = `/t/${slug}/campaigns/${campaign.id}`;
  let body;
  if (session.isPending || (signedIn && me.isPending)) body = null;
  else if (!signedIn) {
    body = (
      <p>
        <Link className="button" to={`/sign-in?next=${encodeURIComponent(here)}`}>
          {t('funding.pledge.signIn')}
        </Link>
      </p>
    );
  } else {
    const territory = me.data?.territories.find((candidate) => candidate.slug === slug);
    body = territory ? (
      <PledgeFields slug={slug} campaign={campaign} territory={territory} />
    ) : (
      <p>
        {t('funding.pledge.joinFirst')} <Link to={`/t/${slug}`}>{t('funding.pledge.joinLink')}</Link>
      </p>
    );
  }
  return (
    <section aria-labelledby="pledge-heading" className="section">
      <h2 id="pledge-heading">{t('funding.pledge.title')}</h2>
      {body}
    </section>
  );
}
