import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { certificatesApi, certificatesKey } from '../../../certificates-api';
import type { AssessmentDetail, EvidenceSource, Referential } from '../../../certificates-contract';
import { ProblemAlert } from '../../../components/problem-alert';
import { asProblem } from '../../../components/problem';
import { Loading } from '../../../components/query-state';
import { useFormat } from '../../../format';
import { useDocumentTitle } from '../../../layout/document-title';
import { useLocalised } from '../../portal/certificates/certificate-words';
import { SuccessNotice } from '../pact/notice';
import { useWorkspace } from '../workspace-layout';
import { ApplicationForm, type ApplicationOutcome } from './application-form';
import { AssessmentStatusLabel } from './certificates-home-page';
import { certificatesRoles } from './certificates-layout';
import { ApplicantAnswer, AuditorOpinion, CriterionHeader, MeasureLine, ScoreSummary } from './criterion-parts';
import { DecisionForm, ReturnForm } from './decision-forms';
import { ReviewForm } from './review-form';

type Outcome = ApplicationOutcome | 'returned' | 'decided';

function Facts({ assessment }: { assessment: AssessmentDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <dl className="facts">
      <div>
        <dt>{t('certificates.workspace.home.status')}</dt>
        <dd>
          <AssessmentStatusLabel status={assessment.status} />
        </dd>
      </div>
      <div>
        <dt>{t('certificates.workspace.home.kind')}</dt>
        <dd>{t(`certificates.assessmentKind.${assessment.kind}`)}</dd>
      </div>
      <div>
        <dt>{t('certificates.page.referential')}</dt>
        <dd>{t('certificates.page.referentialVersion', { version: assessment.referentialVersion })}</dd>
      </div>
      <div>
        <dt>{t('certificates.assessment.openedAt')}</dt>
        <dd>{format.date(assessment.createdAt)}</dd>
      </div>
      {assessment.submittedAt && (
        <div>
          <dt>{t('certificates.workspace.home.submittedAt')}</dt>
          <dd>{format.date(assessment.submittedAt)}</dd>
        </div>
      )}
      {assessment.decidedAt && (
        <div>
          <dt>{t('certificates.assessment.decidedAt')}</dt>
          <dd>{format.date(assessment.decidedAt)}</dd>
        </div>
      )}
    </dl>
  );
}

function DecisionNotice({ slug, assessment, referential }: { slug: string; assessment: AssessmentDetail; referential: Referential }) {
  const { t } = useTranslation();
  const localised = useLocalised();
  if (assessment.status === 'draft' && assessment.returnNote) {
    return (
      <div className="alert alert--warning">
        <p className="alert__title">{t('certificates.assessment.returnedTitle')}</p>
        <p>{assessment.returnNote}</p>
      </div>
    );
  }
  if (assessment.status === 'issued') {
    const level = referential.levels.find((candidate) => candidate.code === assessment.decisionLevel);
    return (
      <div className="alert alert--success">
        <p className="alert__title">{t('certificates.assessment.issuedTitle', { level: localised(level?.label) })}</p>
        {assessment.decisionReasons && <p>{assessment.decisionReasons}</p>}
        {assessment.certificateId && (
          <p>
            <Link to={`/t/${slug}/certificates/${assessment.certificateId}`}>{t('certificates.assessment.certificateLink')}</Link>
          </p>
        )}
      </div>
    );
  }
  if (assessment.status === 'refused') {
    return (
      <div className="alert alert--error">
        <p className="alert__title">{t('certificates.assessment.refusedTitle')}</p>
        {assessment.decisionReasons && <p>{assessment.decisionReasons}</p>}
      </div>
    );
  }
  if (assessment.status === 'withdrawn') return <p className="alert alert--info">{t('certificates.assessment.withdrawnNotice')}</p>;
  return null;
}

/** Every criterion with the applicant's answer, the measure and, once given, the auditor's opinion. */
function AnswersView({ assessment, referential, sources }: { assessment: AssessmentDetail; referential: Referential; sources: EvidenceSource[] | undefined }) {
  const { t } = useTranslation();
  const localised = useLocalised();
  return (
    <section aria-labelledby="answers-heading" className="section">
      <h2 id="answers-heading">{t('certificates.assessment.answersTitle')}</h2>
      {referential.areas.map((area) => (
        <section key={area.code} aria-labelledby={`answers-area-${area.code}`} className="cut-area">
          <h3 id={`answers-area-${area.code}`} className="cut-area__title">
            {localised(area.title)}
          </h3>
          {area.criteria.map((criterion) => {
            const answer = assessment.answers.find((candidate) => candidate.criterionCode === criterion.code);
            return (
              <div key={criterion.code} className="cut-criterion-card">
                <CriterionHeader criterion={criterion} headingLevel={4} />
                {answer && (
                  <>
                    <ApplicantAnswer answer={answer} />
                    <MeasureLine answer={answer} sources={sources} />
                    <AuditorOpinion answer={answer} />
                  </>
                )}
              </div>
            );
          })}
        </section>
      ))}
    </section>
  );
}

/**
 * One assessment: the representative answers and submits it; an auditor who is not a member reviews,
 * returns or decides; the organisation's members, the other auditors and the facilitators read it.
 */
export function AssessmentPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const context = useWorkspace();
  const { slug } = context;
  const roles = certificatesRoles(context);
  const [outcome, setOutcome] = useState<{ kind: Outcome; at: number } | null>(null);
  const assessment = useQuery({ queryKey: [...certificatesKey(slug), 'assessment', id], queryFn: () => certificatesApi.assessment(slug, id) });
  const version = assessment.data?.referentialVersion;
  const referential = useQuery({
    queryKey: [...certificatesKey(slug), 'referential', version],
    queryFn: () => certificatesApi.referentialVersion(slug, version ?? 1),
    enabled: version !== undefined,
  });
  const sources = useQuery({ queryKey: [...certificatesKey(slug), 'evidence-sources'], queryFn: () => certificatesApi.evidenceSources(slug) });
  const organisationName = assessment.data?.organisation.name;
  const title = organisationName ? t('certificates.assessment.title', { organisation: organisationName }) : t('certificates.assessment.titleLoading');
  useDocumentTitle(title, context.territory.name);
  const done = (kind: Outcome) => setOutcome({ kind, at: Date.now() });

  const body = () => {
    if (assessment.isPending || (assessment.isSuccess && referential.isPending)) return <Loading />;
    if (assessment.isError || referential.isError) return <ProblemAlert problem={asProblem(assessment.error ?? referential.error)} />;
    const detail = assessment.data;
    const definition = referential.data;
    if (!detail || !definition) return <Loading />;
    const represents = roles.represents(detail.organisationId);
    const audits = roles.audits(detail.organisationId);
    const showAudit = detail.status !== 'draft' || detail.answers.some((answer) => answer.auditorStatus !== null);
    const sourceList = sources.data;
    return (
      <>
        <Facts assessment={detail} />
        <DecisionNotice slug={slug} assessment={detail} referential={definition} />
        <h2>{t('certificates.assessment.scoreTitle')}</h2>
        <p className="narrow">{t('certificates.assessment.scoreIntro')}</p>
        <ScoreSummary referential={definition} self={detail.selfScore} audit={detail.auditScore} showAudit={showAudit} />
        {represents && detail.status === 'draft' ? (
          <ApplicationForm slug={slug} assessment={detail} referential={definition} sources={sourceList} onDone={done} />
        ) : audits && (detail.status === 'submitted' || detail.status === 'in_review') ? (
          <>
            <ReviewForm slug={slug} assessment={detail} referential={definition} sources={sourceList} />
            <ReturnForm slug={slug} assessment={detail} onDone={done} />
            {detail.status === 'in_review' && <DecisionForm key={detail.auditScore.level ?? 'none'} slug={slug} assessment={detail} referential={definition} onDone={done} />}
          </>
        ) : (
          <>
            {represents && detail.status === 'submitted' && <p className="alert alert--info">{t('certificates.assessment.submittedNotice')}</p>}
            {roles.isAuditor && !audits && <p className="alert alert--info">{t('certificates.assessment.ownOrganisation')}</p>}
            <AnswersView assessment={detail} referential={definition} sources={sourceList} />
          </>
        )}
      </>
    );
  };

  return (
    <>
      <nav aria-label={t('nav.breadcrumb')} className="breadcrumb">
        <ol>
          <li>
            <Link to={`/workspace/${slug}/certificates`}>{t('certificates.workspace.title')}</Link>
          </li>
          <li aria-current="page">{organisationName ?? t('certificates.assessment.titleLoading')}</li>
        </ol>
      </nav>
      <h1>{title}</h1>
      {outcome && <SuccessNotice key={outcome.at}>{t(`certificates.assessment.outcome.${outcome.kind}`)}</SuccessNotice>}
      {body()}
    </>
  );
}
