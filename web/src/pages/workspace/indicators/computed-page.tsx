import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TextField } from '../../../components/fields';
import { ProblemAlert } from '../../../components/problem-alert';
import { asProblem } from '../../../components/problem';
import { QueryState } from '../../../components/query-state';
import { useFormat } from '../../../format';
import { indicatorsApi, indicatorsKey } from '../../../indicators-api';
import type { LiveComputed, PublishOutcome } from '../../../indicators-contract';
import { useDocumentTitle } from '../../../layout/document-title';
import { useIndicatorText } from '../../portal/indicators/indicator-text';
import { SuccessNotice } from '../pact/notice';
import { useWorkspace } from '../workspace-layout';
import { localiseIndicatorProblem } from './indicator-problem';

const PERIOD = /^\d{4}(-(0[1-9]|1[0-2]))?$/;

function lastFinishedMonth(now = new Date()): string {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
}

function LiveTable({ live, names }: { live: LiveComputed; names: Map<string, string> }) {
  const { t } = useTranslation();
  const format = useFormat();
  const text = useIndicatorText();
  if (live.values.length === 0) return <p>{t('indicators.workspace.computed.noProvider')}</p>;
  return (
    <div className="table-wrap">
      <table>
        <caption>{t('indicators.workspace.computed.caption', { period: text.period(live.period) })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('indicators.index.indicator')}</th>
            <th scope="col">{t('indicators.workspace.computed.module')}</th>
            <th scope="col" className="numeric">
              {t('indicators.workspace.computed.now')}
            </th>
            <th scope="col">{t('indicators.revisions.footnote')}</th>
            <th scope="col">{t('indicators.workspace.computed.published')}</th>
          </tr>
        </thead>
        <tbody>
          {live.values.map((value) => (
            <tr key={value.code}>
              <th scope="row">
                {names.get(value.code) ?? value.code}
                <span className="cell-note">
                  <code>{value.code}</code>
                </span>
              </th>
              <td>{value.module}</td>
              <td className="numeric nowrap">{value.value === null ? <span className="muted">{t('indicators.workspace.computed.nothing')}</span> : format.decimal(value.value)}</td>
              <td>{text.bilingual(value.footnote)}</td>
              <td>
                {value.published
                  ? t('indicators.workspace.computed.publishedOn', {
                      value: typeof value.published.value === 'number' ? format.decimal(value.published.value) : value.published.value,
                      date: format.dateTime(value.published.recordedAt),
                    })
                  : t('indicators.workspace.computed.notPublished')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function PublishReport({ outcome, names }: { outcome: PublishOutcome; names: Map<string, string> }) {
  const { t } = useTranslation();
  const text = useIndicatorText();
  return (
    <SuccessNotice>
      <p className="alert__title">{t('indicators.workspace.computed.publishedCount', { count: outcome.published.length, period: text.period(outcome.period) })}</p>
      {outcome.skipped.length > 0 && (
        <ul>
          {outcome.skipped.map((skip) => (
            <li key={skip.code}>
              {names.get(skip.code) ?? skip.code}
              {t('common.colon')}
              {t(`indicators.workspace.computed.skipReasons.${skip.reason}`)}
            </li>
          ))}
        </ul>
      )}
    </SuccessNotice>
  );
}

/**
 * What the modules compute (currency, pact, …) for a finished period, and its publication: published
 * values are stored as final, with the module as their source, and frozen.
 */
export function ComputedPage() {
  const { t } = useTranslation();
  const text = useIndicatorText();
  const { slug, territory } = useWorkspace();
  useDocumentTitle(t('indicators.workspace.computed.title'), territory.name);
  const queryClient = useQueryClient();
  const [period, setPeriod] = useState(lastFinishedMonth);
  const [periodError, setPeriodError] = useState<string | undefined>();
  const catalogue = useQuery({ queryKey: [...indicatorsKey(slug), 'catalogue'], queryFn: () => indicatorsApi.catalogue(slug) });
  const live = useQuery({ queryKey: [...indicatorsKey(slug), 'live', period], queryFn: () => indicatorsApi.liveComputed(slug, period) });
  const publish = useMutation({
    mutationFn: () => indicatorsApi.publishComputed(slug, period),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: indicatorsKey(slug) }),
  });
  const names = new Map((catalogue.data?.items ?? []).map((item) => [item.code, text.name(item)]));

  function choose(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = String(new FormData(event.currentTarget).get('period') ?? '').trim();
    if (!PERIOD.test(value)) {
      setPeriodError(t('indicators.workspace.computed.periodError'));
      return;
    }
    setPeriodError(undefined);
    publish.reset();
    setPeriod(value);
  }

  return (
    <>
      <h1>{t('indicators.workspace.computed.title')}</h1>
      <p className="narrow">{t('indicators.workspace.computed.intro')}</p>
      <form onSubmit={choose} noValidate className="form form--inline">
        <TextField
          id="computed-period"
          name="period"
          label={t('indicators.workspace.computed.period')}
          hint={t('indicators.workspace.computed.periodHint')}
          defaultValue={period}
          maxLength={7}
          autoComplete="off"
          error={periodError}
        />
        <button type="submit" className="button button--secondary">
          {t('indicators.workspace.computed.show')}
        </button>
      </form>
      <QueryState query={live}>
        {(data) => (
          <>
            <LiveTable live={data} names={names} />
            {data.values.some((value) => value.value !== null && !value.published) ? (
              <>
                <p className="narrow">{t('indicators.workspace.computed.frozen')}</p>
                <div className="actions">
                  <button type="button" className="button" onClick={() => publish.mutate()} disabled={publish.isPending}>
                    {t('indicators.workspace.computed.publish', { period: text.period(period) })}
                  </button>
                </div>
              </>
            ) : (
              data.values.length > 0 && <p className="narrow">{t('indicators.workspace.computed.allPublished', { period: text.period(period) })}</p>
            )}
          </>
        )}
      </QueryState>
      <ProblemAlert
        problem={localiseIndicatorProblem(t, asProblem(publish.error))}
        idPrefix="computed"
        fieldLabels={{ period: t('indicators.workspace.computed.period') }}
        focus
      />
      {publish.isSuccess && <PublishReport key={publish.submittedAt} outcome={publish.data} names={names} />}
    </>
  );
}
