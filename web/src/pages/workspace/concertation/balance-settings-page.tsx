import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { concertationApi } from '../../../concertation-api';
import { concertationWorkspaceApi } from '../../../concertation-workspace-api';
import { balanceKey } from '../../portal/concertation/concertation-keys';
import { actorKinds, participationWays, type ParticipationBalance, type ParticipationCounts } from '../../../concertation-contract';
import type { ConcertationSettings } from '../../../concertation-workspace-contract';
import { TextField } from '../../../components/fields';
import { ProblemAlert } from '../../../components/problem-alert';
import { fieldErrorsOf } from '../../../components/problem';
import { Loading } from '../../../components/query-state';
import { useFormat } from '../../../format';
import { useDocumentTitle } from '../../../layout/document-title';
import { textOf } from '../funding/form-helpers';
import { parseDecimal } from '../pact/form-values';
import { SuccessNotice } from '../pact/notice';
import { useConcertationProblem } from './concertation-problem';
import { concertationKey } from './concertation-queries';
import { useEditionConsole } from './edition-layout';

function BalanceTable({ balance }: { balance: ParticipationBalance }) {
  const { t } = useTranslation();
  const format = useFormat();
  const count = (counts: ParticipationCounts, kind: keyof ParticipationCounts) => format.integer(counts[kind]);
  return (
    <>
      {balance.underRepresented.length > 0 && (
        <div className="alert alert--warning">
          <p className="alert__title">
            {t('concertationWorkspace.balance.warning', {
              kinds: balance.underRepresented.map((kind) => t(`concertationWorkspace.kinds.${kind}`)).join(', '),
              share: balance.minimumSharePercent,
            })}
          </p>
        </div>
      )}
      <div className="table-wrap">
        <table>
          <caption>{t('concertationWorkspace.balance.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('concertationWorkspace.balance.way')}</th>
              {actorKinds.map((kind) => (
                <th scope="col" className="numeric" key={kind}>
                  {t(`concertationWorkspace.kinds.${kind}`)}
                </th>
              ))}
              <th scope="col" className="numeric">{t('common.total')}</th>
            </tr>
          </thead>
          <tbody>
            {participationWays.map((way) => (
              <tr key={way}>
                <th scope="row">{t(`concertationWorkspace.balance.ways.${way}`)}</th>
                {actorKinds.map((kind) => (
                  <td className="numeric" key={kind}>
                    {count(balance[way], kind)}
                  </td>
                ))}
                <td className="numeric">{count(balance[way], 'total')}</td>
              </tr>
            ))}
            <tr>
              <th scope="row">{t('concertationWorkspace.balance.share')}</th>
              {actorKinds.map((kind) => {
                const share = balance.shares[kind];
                return (
                  <td className="numeric nowrap" key={kind}>
                    {share === null ? '—' : format.basisPoints(share * 100)}
                  </td>
                );
              })}
              <td />
            </tr>
          </tbody>
        </table>
      </div>
    </>
  );
}

function SettingsForm({ settings }: { settings: ConcertationSettings }) {
  const { t, i18n } = useTranslation();
  const { slug } = useEditionConsole();
  const queryClient = useQueryClient();
  const update = useMutation({
    mutationFn: (input: ConcertationSettings) => concertationWorkspaceApi.updateSettings(slug, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: concertationKey(slug) }),
  });
  const problem = useConcertationProblem(update.error);
  const errors = fieldErrorsOf(t, problem);
  const labels = { minimumSharePercent: t('concertationWorkspace.settings.minimumShare') };
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = parseDecimal(textOf(new FormData(event.currentTarget), 'minimumSharePercent'));
    // Not a number is sent as such, so that the server names the field and its range.
    update.mutate({ minimumSharePercent: typeof value === 'number' ? value : Number.NaN });
  }
  return (
    <section className="section" aria-labelledby="settings-heading">
      <h3 id="settings-heading">{t('concertationWorkspace.settings.title')}</h3>
      {update.isSuccess && (
        <SuccessNotice key={update.submittedAt}>
          <p className="alert__title">{t('concertationWorkspace.settings.saved', { share: update.data.minimumSharePercent })}</p>
        </SuccessNotice>
      )}
      <ProblemAlert problem={problem} idPrefix="settings" fieldLabels={labels} focus />
      <form className="form form--inline" onSubmit={submit} noValidate>
        <TextField
          id="settings-minimumSharePercent"
          name="minimumSharePercent"
          label={labels.minimumSharePercent}
          hint={t('concertationWorkspace.settings.minimumShareHint')}
          inputMode="decimal"
          required
          defaultValue={new Intl.NumberFormat(i18n.language, { useGrouping: false, maximumFractionDigits: 2 }).format(settings.minimumSharePercent)}
          error={errors.minimumSharePercent}
        />
        <button type="submit" className="button" disabled={update.isPending}>
          {t('common.save')}
        </button>
      </form>
    </section>
  );
}

/** Who took part, by kind of actor, against the territory's minimum share; facilitators set that share. */
export function BalanceSettingsPage() {
  const { t } = useTranslation();
  const { slug, year, territory, edition } = useEditionConsole();
  useDocumentTitle(t('concertationWorkspace.editionNav.balance'), t('concertationWorkspace.edition.short', { year }), territory.name);
  const balance = useQuery({ queryKey: balanceKey(slug, year), queryFn: () => concertationApi.balance(slug, year) });
  const settings = useQuery({ queryKey: [...concertationKey(slug), 'settings'], queryFn: () => concertationWorkspaceApi.settings(slug) });
  const balanceProblem = useConcertationProblem(balance.error);
  const settingsProblem = useConcertationProblem(settings.error);
  return (
    <>
      <h2>{t('concertationWorkspace.balance.heading')}</h2>
      <p>{t('concertationWorkspace.balance.intro')}</p>
      {balance.isPending ? <Loading /> : balance.data ? <BalanceTable balance={balance.data} /> : <ProblemAlert problem={balanceProblem} />}
      {edition.can.manage && (settings.isPending ? <Loading /> : settings.data ? <SettingsForm settings={settings.data} /> : <ProblemAlert problem={settingsProblem} />)}
    </>
  );
}
