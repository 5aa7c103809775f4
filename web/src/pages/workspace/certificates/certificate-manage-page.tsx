import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { ApiProblem } from '../../../api';
import type { ProblemFieldError } from '../../../api-contract';
import { certificatesApi, certificatesKey } from '../../../certificates-api';
import type { CertificateView } from '../../../certificates-contract';
import { TextAreaField } from '../../../components/fields';
import { ProblemAlert } from '../../../components/problem-alert';
import { asProblem, fieldErrorsOf } from '../../../components/problem';
import { QueryState } from '../../../components/query-state';
import { useFormat } from '../../../format';
import { useDocumentTitle } from '../../../layout/document-title';
import { CertificateStatusBadge } from '../../portal/certificates/certificate-status';
import { useLocalised, usePercent } from '../../portal/certificates/certificate-words';
import { localProblem } from '../pact/form-values';
import { SuccessNotice } from '../pact/notice';
import { useWorkspace } from '../workspace-layout';
import { certificatesRoles } from './certificates-layout';
import { localiseCertificateProblem } from './certificate-problem';

type Action = 'suspend' | 'reinstate' | 'revoke';

/** The moves the certificate's status allows, as the server's workflow has them. */
function actionsFor(certificate: CertificateView): Action[] {
  if (certificate.status === 'active') return ['suspend', 'revoke'];
  if (certificate.status === 'suspended') return ['reinstate', 'revoke'];
  return [];
}

function StatusForm({ slug, certificate }: { slug: string; certificate: CertificateView }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const actions = actionsFor(certificate);
  const [chosen, setAction] = useState<Action | null>(actions[0] ?? null);
  // After a change the status allows other moves: fall back to the first of them.
  const action = chosen && actions.includes(chosen) ? chosen : (actions[0] ?? null);
  const [local, setLocal] = useState<ApiProblem | null>(null);
  const change = useMutation({
    mutationFn: ({ chosen, reason }: { chosen: Action; reason: string }) => certificatesApi.changeStatus(slug, certificate.id, chosen, reason),
    onSuccess: async (view) => {
      queryClient.setQueryData([...certificatesKey(slug), 'certificate', certificate.id], view);
      await queryClient.invalidateQueries({ queryKey: certificatesKey(slug), predicate: (query) => query.queryKey[2] !== 'certificate' });
    },
  });
  const labels = { action: t('certificates.manage.action'), reason: t('certificates.manage.reason'), confirm: t('certificates.manage.confirmRevoke') };
  const shown = local ?? localiseCertificateProblem(t, asProblem(change.error));
  const errors = fieldErrorsOf(t, shown);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const reason = String(data.get('reason') ?? '').trim();
    const found: ProblemFieldError[] = [];
    if (!action) found.push({ field: 'action', code: 'required', message: t('certificates.manage.actionRequired') });
    if (!reason) found.push({ field: 'reason', code: 'required', message: t('certificates.manage.reasonRequired') });
    if (action === 'revoke' && data.get('confirm') !== 'yes') found.push({ field: 'confirm', code: 'required', message: t('certificates.manage.confirmRequired') });
    const invalid = localProblem(found);
    setLocal(invalid);
    if (invalid || !action) return;
    change.mutate({ chosen: action, reason });
  }

  return (
    <section aria-labelledby="manage-heading" className="section">
      <h2 id="manage-heading">{t('certificates.manage.formTitle')}</h2>
      {change.isSuccess && (
        <SuccessNotice key={change.submittedAt}>{t(`certificates.manage.done.${change.variables.chosen}`)}</SuccessNotice>
      )}
      {actions.length === 0 ? (
        <p>{t('certificates.manage.final', { status: t(`certificates.status.${certificate.status}`) })}</p>
      ) : (
        <>
          <p className="narrow">{t('certificates.manage.intro')}</p>
          <ProblemAlert problem={shown} idPrefix="manage" fieldLabels={labels} focus />
          <form onSubmit={submit} noValidate className="form" key={certificate.status}>
            <fieldset className="fieldset">
              <legend>{labels.action}</legend>
              <div className="radio-row">
                {actions.map((candidate, index) => (
                  <div className="checkbox" key={candidate}>
                    <input type="radio" id={index === 0 ? 'manage-action' : `manage-action-${candidate}`} name="action" value={candidate} checked={action === candidate} onChange={() => setAction(candidate)} />
                    <label htmlFor={index === 0 ? 'manage-action' : `manage-action-${candidate}`}>{t(`certificates.manage.actions.${candidate}`)}</label>
                  </div>
                ))}
              </div>
              {action && <p className="field__hint">{t(`certificates.manage.explain.${action}`)}</p>}
            </fieldset>
            <TextAreaField id="manage-reason" name="reason" label={labels.reason} hint={t('certificates.manage.reasonHint')} required maxLength={2000} error={errors.reason} />
            {action === 'revoke' && (
              <div className={errors.confirm ? 'field field--error' : 'field'}>
                {errors.confirm && (
                  <p className="field__error" id="manage-confirm-error">
                    {errors.confirm}
                  </p>
                )}
                <div className="checkbox">
                  <input type="checkbox" id="manage-confirm" name="confirm" value="yes" aria-invalid={errors.confirm ? true : undefined} aria-describedby={errors.confirm ? 'manage-confirm-error' : undefined} />
                  <label htmlFor="manage-confirm">{labels.confirm}</label>
                </div>
              </div>
            )}
            <button type="submit" className={action === 'revoke' ? 'button button--danger' : 'button'} disabled={change.isPending}>
              {action ? t(`certificates.manage.submit.${action}`) : t('certificates.manage.action')}
            </button>
          </form>
        </>
      )}
    </section>
  );
}

/** An auditor suspends, reinstates or revokes a certificate, always with a reason the public will read. */
export function CertificateManagePage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const context = useWorkspace();
  const { slug } = context;
  const roles = certificatesRoles(context);
  const format = useFormat();
  const localised = useLocalised();
  const percent = usePercent();
  const certificate = useQuery({ queryKey: [...certificatesKey(slug), 'certificate', id], queryFn: () => certificatesApi.certificate(slug, id) });
  const name = certificate.data?.organisation.name;
  const title = name ? t('certificates.manage.title', { organisation: name }) : t('certificates.manage.titleLoading');
  useDocumentTitle(title, context.territory.name);
  return (
    <>
      <nav aria-label={t('nav.breadcrumb')} className="breadcrumb">
        <ol>
          <li>
            <Link to={`/workspace/${slug}/certificates`}>{t('certificates.workspace.title')}</Link>
          </li>
          <li aria-current="page">{name ?? t('certificates.manage.titleLoading')}</li>
        </ol>
      </nav>
      <h1>{title}</h1>
      <QueryState query={certificate}>
        {(view) => (
          <>
            <dl className="facts">
              <div>
                <dt>{t('certificates.page.status')}</dt>
                <dd>
                  <CertificateStatusBadge status={view.status} />
                </dd>
              </div>
              <div>
                <dt>{t('certificates.page.level')}</dt>
                <dd>
                  {localised(view.level.label)} ({percent(view.scorePercent)})
                </dd>
              </div>
              <div>
                <dt>{t('certificates.page.validUntil')}</dt>
                <dd>{format.date(view.validUntil)}</dd>
              </div>
            </dl>
            {view.statusReason && (
              <p>
                <strong>{t('certificates.page.publicReason')}</strong>
                {t('common.colon')}
                {view.statusReason}
              </p>
            )}
            <p>
              <Link to={`/t/${slug}/certificates/${view.id}`}>{t('certificates.manage.publicPage')}</Link>
            </p>
            {roles.audits(view.organisation.id) ? (
              <StatusForm slug={slug} certificate={view} />
            ) : (
              <p className="alert alert--info">{t('certificates.manage.auditorsOnly')}</p>
            )}
          </>
        )}
      </QueryState>
    </>
  );
}
