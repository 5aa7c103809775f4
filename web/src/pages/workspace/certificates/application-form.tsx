import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiProblem } from '../../../api';
import type { ProblemFieldError } from '../../../api-contract';
import { certificatesApi, certificatesKey } from '../../../certificates-api';
import type { AnswerInput, AssessmentDetail, CriterionStatus, EvidenceSource, Referential } from '../../../certificates-contract';
import { TextAreaField, TextField } from '../../../components/fields';
import { ProblemAlert } from '../../../components/problem-alert';
import { asProblem, fieldErrorsOf } from '../../../components/problem';
import { useLocalised } from '../../portal/certificates/certificate-words';
import { localProblem } from '../pact/form-values';
import { SuccessNotice } from '../pact/notice';
import { localiseCertificateProblem } from './certificate-problem';
import { ConfirmButton, CriterionHeader, MeasureLine, StatusChoice } from './criterion-parts';

const idPrefix = 'application';

interface Draft {
  status: CriterionStatus | '';
  evidenceUrl: string;
  evidenceNote: string;
}

const isHttpUrl = (text: string) => {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
};

function draftsOf(assessment: AssessmentDetail): Record<string, Draft> {
  return Object.fromEntries(
    assessment.answers.map((answer) => [answer.criterionCode, { status: answer.selfStatus ?? '', evidenceUrl: answer.evidenceUrl ?? '', evidenceNote: answer.evidenceNote ?? '' }]),
  );
}

/** A missing evidence is reported on the criterion; the form shows it on the link, its first evidence field. */
const anchor = (field: string) => field.replace(/\.evidence$/, '.evidenceUrl');

export type ApplicationOutcome = 'saved' | 'submitted' | 'withdrawn';

/**
 * The representative's self-assessment: a status and evidence per criterion, the platform's measures
 * beside them. Saving keeps a draft; submitting saves, then sends it to the auditors, who see it frozen.
 */
export function ApplicationForm({
  slug,
  assessment,
  referential,
  sources,
  onDone,
}: {
  slug: string;
  assessment: AssessmentDetail;
  referential: Referential;
  sources: EvidenceSource[] | undefined;
  /** Told once the server answered, so that the page says so even when the form gives way to the submitted view. */
  onDone: (outcome: Exclude<ApplicationOutcome, 'saved'>) => void;
}) {
  const { t } = useTranslation();
  const localised = useLocalised();
  const queryClient = useQueryClient();
  const [drafts, setDrafts] = useState(() => draftsOf(assessment));
  const [local, setLocal] = useState<ApiProblem | null>(null);
  const [savedAt, setSavedAt] = useState<number | null>(null);
  const detailKey = [...certificatesKey(slug), 'assessment', assessment.id];

  const settle = async (kind: ApplicationOutcome, detail: AssessmentDetail) => {
    queryClient.setQueryData(detailKey, detail);
    if (kind === 'saved') setSavedAt(Date.now());
    else onDone(kind);
    await queryClient.invalidateQueries({ queryKey: certificatesKey(slug), predicate: (query) => query.queryKey[2] !== 'assessment' });
  };
  const payload = (): Record<string, AnswerInput> =>
    Object.fromEntries(
      Object.entries(drafts).map(([code, draft]) => [
        code,
        { status: draft.status || null, evidenceUrl: draft.evidenceUrl.trim() || null, evidenceNote: draft.evidenceNote.trim() || null },
      ]),
    );
  const save = useMutation({
    mutationFn: async (then: 'save' | 'submit') => {
      const saved = await certificatesApi.answer(slug, assessment.id, payload());
      return then === 'submit' ? certificatesApi.submit(slug, assessment.id) : saved;
    },
    onSuccess: (detail, then) => settle(then === 'submit' ? 'submitted' : 'saved', detail),
  });
  const withdraw = useMutation({ mutationFn: () => certificatesApi.withdraw(slug, assessment.id), onSuccess: (detail) => settle('withdrawn', detail) });

  const criteria = referential.areas.flatMap((area) => area.criteria);
  const labels: Record<string, string> = {};
  for (const criterion of criteria) {
    labels[`answers.${criterion.code}.status`] = t('certificates.assessment.fieldLabel.status', { code: criterion.code });
    labels[`answers.${criterion.code}.evidenceUrl`] = t('certificates.assessment.fieldLabel.evidenceUrl', { code: criterion.code });
    labels[`answers.${criterion.code}.evidenceNote`] = t('certificates.assessment.fieldLabel.evidenceNote', { code: criterion.code });
  }
  const shown = local ?? localiseCertificateProblem(t, asProblem(save.error ?? withdraw.error), anchor);
  const errors = fieldErrorsOf(t, shown);
  const answered = Object.values(drafts).filter((draft) => draft.status !== '').length;

  const update = (code: string, patch: Partial<Draft>) => setDrafts((current) => ({ ...current, [code]: { ...(current[code] ?? { status: '', evidenceUrl: '', evidenceNote: '' }), ...patch } }));

  function send(then: 'save' | 'submit') {
    const found: ProblemFieldError[] = [];
    for (const [code, draft] of Object.entries(drafts)) {
      if (draft.evidenceUrl.trim() && !isHttpUrl(draft.evidenceUrl.trim())) {
        found.push({ field: `answers.${code}.evidenceUrl`, code: 'invalid_url', message: t('certificates.fieldErrors.invalid_url') });
      }
    }
    const invalid = localProblem(found);
    setLocal(invalid);
    setSavedAt(null);
    if (invalid) return;
    save.mutate(then);
  }
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    send('save');
  };

  return (
    <section aria-labelledby="application-heading" className="section">
      <h2 id="application-heading">{t('certificates.assessment.applicationTitle')}</h2>
      <p className="narrow">{t('certificates.assessment.applicationIntro')}</p>
      <p role="status">{t('certificates.assessment.progress', { answered, total: criteria.length })}</p>
      <ProblemAlert problem={shown} idPrefix={idPrefix} fieldLabels={labels} focus />
      <form onSubmit={submit} noValidate className="cut-application">
        {referential.areas.map((area) => (
          <section key={area.code} aria-labelledby={`application-area-${area.code}`} className="cut-area">
            <h3 id={`application-area-${area.code}`} className="cut-area__title">
              {localised(area.title)}
            </h3>
            <p className="narrow muted">{localised(area.description)}</p>
            {area.criteria.map((criterion) => {
              const answer = assessment.answers.find((candidate) => candidate.criterionCode === criterion.code);
              const draft = drafts[criterion.code] ?? { status: '', evidenceUrl: '', evidenceNote: '' };
              const field = (name: string) => `answers.${criterion.code}.${name}`;
              return (
                <div key={criterion.code} className="cut-criterion-card">
                  <CriterionHeader criterion={criterion} headingLevel={4} />
                  {answer && <MeasureLine answer={answer} sources={sources} />}
                  <StatusChoice
                    id={`${idPrefix}-${field('status')}`}
                    legend={t('certificates.assessment.yourStatus', { code: criterion.code })}
                    value={draft.status}
                    onChange={(status) => update(criterion.code, { status })}
                    error={errors[field('status')]}
                    required
                  />
                  <div className="field-row">
                    <TextField
                      id={`${idPrefix}-${field('evidenceUrl')}`}
                      label={t('certificates.assessment.evidenceUrlLabel', { code: criterion.code })}
                      hint={t('certificates.assessment.evidenceUrlHint')}
                      type="url"
                      inputMode="url"
                      autoComplete="off"
                      maxLength={2000}
                      value={draft.evidenceUrl}
                      onChange={(event) => update(criterion.code, { evidenceUrl: event.target.value })}
                      error={errors[field('evidenceUrl')]}
                    />
                  </div>
                  <TextAreaField
                    id={`${idPrefix}-${field('evidenceNote')}`}
                    label={t('certificates.assessment.evidenceNoteLabel', { code: criterion.code })}
                    rows={3}
                    maxLength={4000}
                    value={draft.evidenceNote}
                    onChange={(event) => update(criterion.code, { evidenceNote: event.target.value })}
                    error={errors[field('evidenceNote')]}
                  />
                </div>
              );
            })}
          </section>
        ))}
        {savedAt && <SuccessNotice key={savedAt}>{t('certificates.assessment.outcome.saved')}</SuccessNotice>}
        <div className="actions">
          <button type="submit" className="button button--secondary" disabled={save.isPending}>
            {t('certificates.assessment.save')}
          </button>
          <button type="button" className="button" onClick={() => send('submit')} disabled={save.isPending}>
            {t('certificates.assessment.submit')}
          </button>
        </div>
      </form>
      <ConfirmButton
        label={t('certificates.assessment.withdraw')}
        confirmLabel={t('certificates.assessment.withdrawConfirm')}
        question={t('certificates.assessment.withdrawQuestion')}
        onConfirm={() => withdraw.mutate()}
        disabled={withdraw.isPending}
        danger
      />
    </section>
  );
}
