import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem } from '../../../api';
import type { ProblemFieldError } from '../../../api-contract';
import { certificatesApi, certificatesKey } from '../../../certificates-api';
import type { AssessmentDetail, CriterionStatus, EvidenceSource, Referential, ReviewInput } from '../../../certificates-contract';
import { TextAreaField } from '../../../components/fields';
import { ProblemAlert } from '../../../components/problem-alert';
import { asProblem, fieldErrorsOf } from '../../../components/problem';
import { currentLanguage } from '../../../i18n';
import { useLocalised } from '../../portal/certificates/certificate-words';
import { localProblem } from '../pact/form-values';
import { SuccessNotice } from '../pact/notice';
import { localiseCertificateProblem } from './certificate-problem';
import { ApplicantAnswer, CriterionHeader, MeasureLine, StatusChoice } from './criterion-parts';

const idPrefix = 'review';

interface Draft {
  status: CriterionStatus | '';
  opinion: string;
}

/** "Not reviewed" is reported on the criterion; the form shows it on the auditor's status. */
export const reviewAnchor = (field: string) => (/^reviews\.[^.]+$/.test(field) ? `${field}.status` : field);

export function reviewFieldLabels(t: TFunction, referential: Referential) {
  const labels: Record<string, string> = {};
  for (const criterion of referential.areas.flatMap((area) => area.criteria)) {
    labels[`reviews.${criterion.code}.status`] = t('certificates.assessment.fieldLabel.auditorStatus', { code: criterion.code });
    labels[`reviews.${criterion.code}.opinion`] = t('certificates.assessment.fieldLabel.opinion', { code: criterion.code });
  }
  return labels;
}

/**
 * The auditor's review, criterion by criterion: the applicant's answer and evidence, the platform's
 * measure, then the auditor's own status and written opinion. Only what changed is sent.
 */
export function ReviewForm({ slug, assessment, referential, sources }: { slug: string; assessment: AssessmentDetail; referential: Referential; sources: EvidenceSource[] | undefined }) {
  const { t } = useTranslation();
  const localised = useLocalised();
  const queryClient = useQueryClient();
  const stored = (code: string): Draft => {
    const answer = assessment.answers.find((candidate) => candidate.criterionCode === code);
    return { status: answer?.auditorStatus ?? '', opinion: answer?.auditorOpinion ?? '' };
  };
  const [drafts, setDrafts] = useState<Record<string, Draft>>(() => Object.fromEntries(assessment.answers.map((answer) => [answer.criterionCode, stored(answer.criterionCode)])));
  const [local, setLocal] = useState<ApiProblem | null>(null);
  const onSuccess = async (detail: AssessmentDetail) => {
    queryClient.setQueryData([...certificatesKey(slug), 'assessment', assessment.id], detail);
    await queryClient.invalidateQueries({ queryKey: [...certificatesKey(slug), 'assessments'] });
  };
  const save = useMutation({ mutationFn: (reviews: Record<string, ReviewInput>) => certificatesApi.review(slug, assessment.id, reviews), onSuccess });
  const start = useMutation({ mutationFn: () => certificatesApi.startReview(slug, assessment.id), onSuccess });
  const labels = reviewFieldLabels(t, referential);
  const shown = local ?? localiseCertificateProblem(t, asProblem(save.error ?? start.error), reviewAnchor);
  const errors = fieldErrorsOf(t, shown);
  const reviewed = assessment.answers.filter((answer) => answer.auditorStatus !== null).length;
  const update = (code: string, patch: Partial<Draft>) => setDrafts((current) => ({ ...current, [code]: { ...(current[code] ?? { status: '', opinion: '' }), ...patch } }));

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const found: ProblemFieldError[] = [];
    const reviews: Record<string, ReviewInput> = {};
    for (const [code, draft] of Object.entries(drafts)) {
      const before = stored(code);
      if (draft.status === before.status && draft.opinion.trim() === before.opinion.trim()) continue;
      if (!draft.status) found.push({ field: `reviews.${code}.status`, code: 'required', message: t('certificates.assessment.reviewStatusRequired') });
      if (!draft.opinion.trim()) found.push({ field: `reviews.${code}.opinion`, code: 'required', message: t('certificates.assessment.opinionRequired') });
      if (draft.status && draft.opinion.trim()) reviews[code] = { status: draft.status, opinion: draft.opinion.trim() };
    }
    const nothing = found.length === 0 && Object.keys(reviews).length === 0;
    const invalid = nothing ? new ApiProblem(422, { code: 'nothing_changed', detail: t('certificates.assessment.nothingChanged') }, currentLanguage()) : localProblem(found);
    setLocal(invalid);
    if (invalid) return;
    save.reset();
    save.mutate(reviews);
  }

  return (
    <section aria-labelledby="review-heading" className="section">
      <h2 id="review-heading">{t('certificates.assessment.reviewTitle')}</h2>
      <p className="narrow">{t('certificates.assessment.reviewIntro')}</p>
      {assessment.status === 'submitted' && (
        <div className="actions">
          <button type="button" className="button" onClick={() => start.mutate()} disabled={start.isPending}>
            {t('certificates.assessment.startReview')}
          </button>
        </div>
      )}
      <p role="status">{t('certificates.assessment.reviewProgress', { reviewed, total: assessment.answers.length })}</p>
      <ProblemAlert problem={shown} idPrefix={idPrefix} fieldLabels={labels} focus />
      <form onSubmit={submit} noValidate className="cut-application">
        {referential.areas.map((area) => (
          <section key={area.code} aria-labelledby={`review-area-${area.code}`} className="cut-area">
            <h3 id={`review-area-${area.code}`} className="cut-area__title">
              {localised(area.title)}
            </h3>
            {area.criteria.map((criterion) => {
              const answer = assessment.answers.find((candidate) => candidate.criterionCode === criterion.code);
              const draft = drafts[criterion.code] ?? { status: '', opinion: '' };
              const field = (name: string) => `reviews.${criterion.code}.${name}`;
              return (
                <div key={criterion.code} className="cut-criterion-card">
                  <CriterionHeader criterion={criterion} headingLevel={4} />
                  {answer && (
                    <>
                      <ApplicantAnswer answer={answer} />
                      <MeasureLine answer={answer} sources={sources} />
                    </>
                  )}
                  <StatusChoice
                    id={`${idPrefix}-${field('status')}`}
                    legend={t('certificates.assessment.auditorStatusLegend', { code: criterion.code })}
                    value={draft.status}
                    onChange={(status) => update(criterion.code, { status })}
                    error={errors[field('status')]}
                    required
                  />
                  <TextAreaField
                    id={`${idPrefix}-${field('opinion')}`}
                    label={t('certificates.assessment.opinionLabel', { code: criterion.code })}
                    rows={3}
                    maxLength={4000}
                    required
                    value={draft.opinion}
                    onChange={(event) => update(criterion.code, { opinion: event.target.value })}
                    error={errors[field('opinion')]}
                  />
                </div>
              );
            })}
          </section>
        ))}
        {save.isSuccess && <SuccessNotice key={save.submittedAt}>{t('certificates.assessment.outcome.reviewed', { count: Object.keys(save.variables).length })}</SuccessNotice>}
        <div className="actions">
          <button type="submit" className="button" disabled={save.isPending}>
            {t('certificates.assessment.saveReviews')}
          </button>
        </div>
      </form>
    </section>
  );
}
