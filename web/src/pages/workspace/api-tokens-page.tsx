import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import type { ApiToken, CreatedApiToken } from '../../api-contract';
import { SelectField, TextField } from '../../components/fields';
import { ProblemAlert } from '../../components/problem-alert';
import { asProblem, fieldErrorsOf } from '../../components/problem';
import { QueryState } from '../../components/query-state';
import { useFormat } from '../../format';
import { useDocumentTitle } from '../../layout/document-title';
import { useWorkspace } from './workspace-layout';

function TokenSecret({ token }: { token: CreatedApiToken }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), [token]);
  async function copy() {
    try {
      await navigator.clipboard.writeText(token.token);
      setCopied('yes');
    } catch {
      setCopied('no');
    }
  }
  return (
    <div className="alert alert--success" tabIndex={-1} ref={ref}>
      <p className="alert__title">{t('apiTokens.createdTitle', { name: token.name })}</p>
      <p>{t('apiTokens.shownOnce')}</p>
      <div className="secret">
        <label htmlFor="api-token-secret">{t('apiTokens.secret')}</label>
        <div className="secret__row">
          <input id="api-token-secret" readOnly value={token.token} onFocus={(event) => event.target.select()} />
          <button type="button" className="button button--secondary" onClick={() => void copy()}>
            {t('apiTokens.copy')}
          </button>
        </div>
        <p role="status" className="field__hint">
          {copied === 'yes' ? t('apiTokens.copied') : copied === 'no' ? t('apiTokens.copyFailed') : ''}
        </p>
      </div>
    </div>
  );
}

function TokensTable({ slug, tokens }: { slug: string; tokens: ApiToken[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { territory } = useWorkspace();
  const queryClient = useQueryClient();
  const revoke = useMutation({
    mutationFn: (token: ApiToken) => api.revokeApiToken(slug, token.id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['api-tokens', slug] }),
  });
  const organisationName = (id: string | null) =>
    id === null ? t('apiTokens.personal') : (territory.organisations.find((o) => o.id === id)?.name ?? id);
  function confirmRevoke(token: ApiToken) {
    if (window.confirm(t('apiTokens.confirmRevoke', { name: token.name }))) revoke.mutate(token);
  }
  return (
    <>
      <ProblemAlert problem={asProblem(revoke.error)} focus />
      {revoke.isSuccess && (
        <p className="alert alert--success" role="status">
          {t('apiTokens.revoked', { name: revoke.variables.name })}
        </p>
      )}
      {tokens.length === 0 ? (
        <p>{t('apiTokens.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption>{t('apiTokens.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('apiTokens.name')}</th>
                <th scope="col">{t('apiTokens.organisation')}</th>
                <th scope="col">{t('apiTokens.createdAt')}</th>
                <th scope="col">{t('apiTokens.lastUsedAt')}</th>
                <th scope="col">{t('apiTokens.status')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((token) => (
                <tr key={token.id}>
                  <th scope="row">{token.name}</th>
                  <td>{organisationName(token.organisationId)}</td>
                  <td className="nowrap">{format.dateTime(token.createdAt)}</td>
                  <td className="nowrap">{token.lastUsedAt ? format.dateTime(token.lastUsedAt) : t('apiTokens.neverUsed')}</td>
                  <td>
                    {token.revokedAt ? (
                      <span className="badge badge--muted">
                        {t('apiTokens.revokedOn', { date: format.date(token.revokedAt) })}
                      </span>
                    ) : (
                      <span className="badge badge--success">{t('apiTokens.active')}</span>
                    )}
                  </td>
                  <td>
                    {!token.revokedAt && (
                      <button
                        type="button"
                        className="button button--small button--danger"
                        onClick={() => confirmRevoke(token)}
                        disabled={revoke.isPending}
                      >
                        {t('apiTokens.revoke')}
                        <span className="sr-only"> — {token.name}</span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function CreateTokenForm({ slug, onCreated }: { slug: string; onCreated: (token: CreatedApiToken) => void }) {
  const { t } = useTranslation();
  const { territory } = useWorkspace();
  const queryClient = useQueryClient();
  const create = useMutation({
    mutationFn: (input: { name: string; organisationId?: string; form: HTMLFormElement }) =>
      api.createApiToken(slug, input.organisationId ? { name: input.name, organisationId: input.organisationId } : { name: input.name }),
    onSuccess: async (token, input) => {
      input.form.reset();
      onCreated(token);
      await queryClient.invalidateQueries({ queryKey: ['api-tokens', slug] });
    },
  });
  const problem = asProblem(create.error);
  const errors = fieldErrorsOf(t, problem);
  const labels = { name: t('apiTokens.name'), organisationId: t('apiTokens.organisation') };
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const organisationId = String(data.get('organisationId') ?? '');
    create.mutate({ name: String(data.get('name') ?? '').trim(), organisationId: organisationId || undefined, form });
  }
  return (
    <>
      <ProblemAlert problem={problem} idPrefix="api-token" fieldLabels={labels} focus />
      <form onSubmit={submit} noValidate className="form form--inline">
        <TextField
          id="api-token-name"
          name="name"
          label={labels.name}
          hint={t('apiTokens.nameHint')}
          autoComplete="off"
          required
          error={errors.name}
        />
        <SelectField
          id="api-token-organisationId"
          name="organisationId"
          label={labels.organisationId}
          hint={t('apiTokens.organisationHint')}
          defaultValue=""
          error={errors.organisationId}
        >
          <option value="">{t('apiTokens.personal')}</option>
          {territory.organisations.map((organisation) => (
            <option key={organisation.id} value={organisation.id}>
              {organisation.name}
            </option>
          ))}
        </SelectField>
        <button type="submit" className="button" disabled={create.isPending}>
          {t('apiTokens.create')}
        </button>
      </form>
    </>
  );
}

export function ApiTokensPage() {
  const { t } = useTranslation();
  const { slug, territory } = useWorkspace();
  useDocumentTitle(t('apiTokens.title'), territory.name);
  const tokens = useQuery({ queryKey: ['api-tokens', slug], queryFn: () => api.apiTokens(slug) });
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  return (
    <>
      <h1>{t('apiTokens.title')}</h1>
      <p className="lead">{t('apiTokens.intro')}</p>
      <section aria-labelledby="create-token-heading" className="section">
        <h2 id="create-token-heading">{t('apiTokens.createTitle')}</h2>
        {created && <TokenSecret token={created} />}
        <CreateTokenForm slug={slug} onCreated={setCreated} />
      </section>
      <section aria-labelledby="my-tokens-heading" className="section">
        <h2 id="my-tokens-heading">{t('apiTokens.listTitle')}</h2>
        <QueryState query={tokens}>{({ items }) => <TokensTable slug={slug} tokens={items} />}</QueryState>
      </section>
    </>
  );
}
