import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { certificatesApi, certificatesKey } from '../../../certificates-api';
import { assessmentStatuses, type AssessmentListItem, type AssessmentStatus } from '../../../certificates-contract';
import { SelectField } from '../../../components/fields';
import { ProblemAlert } from '../../../components/problem-alert';
import { asProblem } from '../../../components/problem';
import { QueryState } from '../../../components/query-state';
import { useFormat } from '../../../format';
import { useDocumentTitle } from '../../../layout/document-title';
import { CertificateStatusBadge } from '../../portal/certificates/certificate-status';
import { useLocalised, usePercent } from '../../portal/certificates/certificate-words';
import { useWorkspace } from '../workspace-layout';
import { certificatesRoles } from './certificates-layout';
import { localiseCertificateProblem } from './certificate-problem';

const openStatuses: readonly AssessmentStatus[] = ['draft', 'submitted', 'in_review'];
const toReview: readonly AssessmentStatus[] = ['submitted', 'in_review'];

export function AssessmentStatusLabel({ status }: { status: AssessmentStatus }) {
  const { t } = useTranslation();
  return <span className={`badge${status === 'issued' ? ' badge--success' : status === 'refused' || status === 'withdrawn' ? ' badge--muted' : ''}`}>{t(`certificates.assessmentStatus.${status}`)}</span>;
}

function OrganisationPanel({ slug, organisation }: { slug: string; organisation: { id: string; name: string; role: string } }) {
  const { t } = useTranslation();
  const format = useFormat();
  const localised = useLocalised();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const status = useQuery({ queryKey: [...certificatesKey(slug), 'organisation-status', organisation.id], queryFn: () => certificatesApi.organisationStatus(slug, organisation.id) });
  const assessments = useQuery({ queryKey: [...certificatesKey(slug), 'assessments', organisation.id], queryFn: () => certificatesApi.assessments(slug, { organisationId: organisation.id }) });
  const apply = useMutation({
    mutationFn: () => certificatesApi.apply(slug, organisation.id),
    onSuccess: async (opened) => {
      await queryClient.invalidateQueries({ queryKey: certificatesKey(slug) });
      await navigate(`/workspace/${slug}/certificates/assessments/${opened.id}`);
    },
  });
  const current = status.data?.certificates.find((certificate) => certificate.status !== 'superseded');
  const open = assessments.data?.find((assessment) => openStatuses.includes(assessment.status));
  const headingId = `organisation-${organisation.id}`;
  return (
    <section className="card-section cut-organisation" aria-labelledby={headingId}>
      <h3 id={headingId}>{organisation.name}</h3>
      <QueryState query={status}>
        {(data) => (
          <>
            {current ? (
              <p>
                {t('certificates.workspace.home.current', { level: localised(current.level.label), until: format.date(current.validUntil) })}{' '}
                <CertificateStatusBadge status={current.status} />{' '}
                <Link to={`/t/${slug}/certificates/${current.id}`}>{t('certificates.workspace.home.publicPage')}</Link>
              </p>
            ) : (
              <p>{t('certificates.workspace.home.noCertificate')}</p>
            )}
            {open ? (
              <p>
                {t('certificates.workspace.home.openAssessment', { kind: t(`certificates.assessmentKind.${open.kind}`) })} <AssessmentStatusLabel status={open.status} />{' '}
                <Link to={`/workspace/${slug}/certificates/assessments/${open.id}`}>
                  {organisation.role === 'representative' && open.status === 'draft' ? t('certificates.workspace.home.continue') : t('certificates.workspace.home.open')}
                </Link>
              </p>
            ) : (
              organisation.role === 'representative' &&
              assessments.isSuccess && (
                <div className="actions">
                  <button type="button" className="button" onClick={() => apply.mutate()} disabled={apply.isPending}>
                    {t('certificates.workspace.home.apply', { kind: t(`certificates.assessmentKind.${data.nextKind}`) })}
                  </button>
                </div>
              )
            )}
            <ProblemAlert problem={localiseCertificateProblem(t, asProblem(apply.error))} focus />
            {assessments.data && assessments.data.some((assessment) => assessment !== open) && (
              <details>
                <summary>{t('certificates.workspace.home.history', { count: assessments.data.filter((assessment) => assessment !== open).length })}</summary>
                <ul className="plain-list">
                  {assessments.data
                    .filter((assessment) => assessment !== open)
                    .map((assessment) => (
                      <li key={assessment.id}>
                        <Link to={`/workspace/${slug}/certificates/assessments/${assessment.id}`}>
                          {t(`certificates.assessmentKind.${assessment.kind}`)} — {format.date(assessment.createdAt)}
                        </Link>{' '}
                        <AssessmentStatusLabel status={assessment.status} />
                      </li>
                    ))}
                </ul>
              </details>
            )}
          </>
        )}
      </QueryState>
    </section>
  );
}

function AssessmentsTable({ slug, items, caption }: { slug: string; items: AssessmentListItem[]; caption: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <div className="table-wrap">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('certificates.workspace.home.organisation')}</th>
            <th scope="col">{t('certificates.workspace.home.kind')}</th>
            <th scope="col">{t('certificates.workspace.home.status')}</th>
            <th scope="col">{t('certificates.workspace.home.submittedAt')}</th>
            <th scope="col">{t('common.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.id}>
              <th scope="row">{item.organisationName}</th>
              <td>{t(`certificates.assessmentKind.${item.kind}`)}</td>
              <td>
                <AssessmentStatusLabel status={item.status} />
                {item.status === 'draft' && item.returnNote && <span className="cell-note">{t('certificates.workspace.home.returned')}</span>}
              </td>
              <td className="nowrap">{item.submittedAt ? format.date(item.submittedAt) : <span className="muted">{t('certificates.workspace.home.notSubmitted')}</span>}</td>
              <td>
                <Link to={`/workspace/${slug}/certificates/assessments/${item.id}`}>
                  {toReview.includes(item.status) ? t('certificates.workspace.home.review') : t('certificates.workspace.home.open')}
                  <span className="sr-only"> — {item.organisationName}</span>
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function AssessmentsSection({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<'to_review' | 'all' | AssessmentStatus>('to_review');
  const assessments = useQuery({ queryKey: [...certificatesKey(slug), 'assessments'], queryFn: () => certificatesApi.assessments(slug) });
  return (
    <section aria-labelledby="assessments-heading" className="section">
      <h2 id="assessments-heading">{t('certificates.workspace.home.assessmentsTitle')}</h2>
      <p className="narrow">{t('certificates.workspace.home.assessmentsIntro')}</p>
      <div className="filters">
        <SelectField id="assessments-filter" label={t('certificates.workspace.home.filter')} value={filter} onChange={(event) => setFilter(event.target.value as typeof filter)}>
          <option value="to_review">{t('certificates.workspace.home.toReview')}</option>
          <option value="all">{t('certificates.workspace.home.all')}</option>
          {assessmentStatuses.map((status) => (
            <option key={status} value={status}>
              {t(`certificates.assessmentStatus.${status}`)}
            </option>
          ))}
        </SelectField>
      </div>
      <QueryState query={assessments}>
        {(items) => {
          const shown = items.filter((item) => (filter === 'all' ? true : filter === 'to_review' ? toReview.includes(item.status) : item.status === filter));
          return shown.length === 0 ? (
            <p>{t('certificates.workspace.home.noAssessment')}</p>
          ) : (
            <AssessmentsTable slug={slug} items={shown} caption={t('certificates.workspace.home.assessmentsCaption', { count: shown.length })} />
          );
        }}
      </QueryState>
    </section>
  );
}

function IssuedSection({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const localised = useLocalised();
  const percent = usePercent();
  const registry = useQuery({ queryKey: [...certificatesKey(slug), 'registry', 'workspace'], queryFn: () => certificatesApi.registry(slug, { limit: 100 }) });
  return (
    <section aria-labelledby="issued-heading" className="section">
      <h2 id="issued-heading">{t('certificates.workspace.home.issuedTitle')}</h2>
      <p className="narrow">{t('certificates.workspace.home.issuedIntro')}</p>
      <QueryState query={registry}>
        {(page) =>
          page.items.length === 0 ? (
            <p>{t('certificates.registry.empty')}</p>
          ) : (
            <div className="table-wrap">
              <table>
                <caption>{t('certificates.workspace.home.issuedCaption', { count: page.items.length })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('certificates.registry.organisation')}</th>
                    <th scope="col">{t('certificates.registry.level')}</th>
                    <th scope="col" className="numeric">
                      {t('certificates.registry.score')}
                    </th>
                    <th scope="col">{t('certificates.registry.validUntil')}</th>
                    <th scope="col">{t('certificates.registry.status')}</th>
                    <th scope="col">{t('common.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((item) => (
                    <tr key={item.id}>
                      <th scope="row">{item.organisation.name}</th>
                      <td>{localised(item.level.label)}</td>
                      <td className="numeric">{percent(item.scorePercent)}</td>
                      <td className="nowrap">{format.date(item.validUntil)}</td>
                      <td>
                        <CertificateStatusBadge status={item.status} />
                      </td>
                      <td>
                        <Link to={`/workspace/${slug}/certificates/issued/${item.id}`}>
                          {t('certificates.workspace.home.manage')}
                          <span className="sr-only"> — {item.organisation.name}</span>
                        </Link>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryState>
    </section>
  );
}

/** Where each person starts: their organisations' certificates and applications; the auditors' files; the facilitators' tools. */
export function CertificatesWorkspaceHomePage() {
  const { t } = useTranslation();
  const context = useWorkspace();
  const roles = certificatesRoles(context);
  const title = t('certificates.workspace.title');
  useDocumentTitle(title, context.territory.name);
  const organisations = context.territory.organisations;
  return (
    <>
      <h1>{title}</h1>
      <p className="lead">{t('certificates.workspace.lead')}</p>
      {organisations.length > 0 && (
        <section aria-labelledby="my-organisations" className="section">
          <h2 id="my-organisations">{t('certificates.workspace.home.myOrganisations')}</h2>
          <p className="narrow">{t('certificates.workspace.home.myOrganisationsIntro')}</p>
          {organisations.map((organisation) => (
            <OrganisationPanel key={organisation.id} slug={context.slug} organisation={organisation} />
          ))}
        </section>
      )}
      {(roles.isAuditor || roles.isFacilitator) && <AssessmentsSection slug={context.slug} />}
      {roles.isAuditor && <IssuedSection slug={context.slug} />}
      {roles.isFacilitator && (
        <section aria-labelledby="facilitator-tools" className="section">
          <h2 id="facilitator-tools">{t('certificates.workspace.home.facilitatorTitle')}</h2>
          <ul className="link-list">
            <li>
              <Link to={`/workspace/${context.slug}/certificates/referential`}>{t('certificates.workspace.home.referentialLink')}</Link>
            </li>
            <li>
              <Link to={`/workspace/${context.slug}/certificates/settings`}>{t('certificates.workspace.home.settingsLink')}</Link>
            </li>
          </ul>
        </section>
      )}
      {organisations.length === 0 && !roles.isAuditor && !roles.isFacilitator && <p>{t('certificates.workspace.home.nothing')}</p>}
    </>
  );
}
