import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiProblem } from '../../../api';
import type { ProblemFieldError } from '../../../api-contract';
import { certificatesApi, certificatesKey } from '../../../certificates-api';
import type { AssessmentDetail, DecisionInput, Referential } from '../../../certificates-contract';
import { SelectField, TextAreaField } from '../../../components/fields';
import { ProblemAlert } from '../../../components/problem-alert';
import { asProblem, fieldErrorsOf } from '../../../components/problem';
import { useLocalised, usePercent } from '../../portal/certificates/certificate-words';
import { localProblem } from '../pact/form-values';
import { localiseCertificateProblem } from './certificate-problem';
import { reviewAnchor, reviewFieldLabels } from './review-form';

function useSettle(slug: string, assessmentId: string, onDone: (outcome: 'returned' | 'decided') => void) {
  const queryClient = useQueryClient();
  return (outcome: 'returned' | 'decided') => async (detail: AssessmentDetail) => {
    queryClient.setQueryData([...certificatesKey(slug), 'assessment', assessmentId], detail);
    onDone(outcome);
    await queryClient.invalidateQueries({ queryKey: certificatesKey(slug), predicate: (query) => query.queryKey[2] !== 'assessment' });
  };
}

/** Back to the applicant for more evidence; the note says what is missing, the opinions already given stay. */
export function ReturnForm({ slug, assessment, onDone }: { slug: string; assessment: AssessmentDetail; onDone: (outcome: 'returned' | 'decided') => void }) {
  const { t } = useTranslation();
  const settle = useSettle(slug, assessment.id, onDone);
  const [local, setLocal] = useState<ApiProblem | null>(null);
  const send = useMutation({ mutationFn: (note: string) => certificatesApi.returnToApplicant(slug, assessment.id, note), onSuccess: settle('returned') });
  const labels = { note: t('certificates.assessment.returnNote') };
  const shown = local ?? localiseCertificateProblem(t, asProblem(send.error));
  const errors = fieldErrorsOf(t, shown);
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const note = String(new FormData(event.currentTarget).get('note') ?? '').trim();
    const invalid = localProblem(note ? [] : [{ field: 'note', code: 'required', message: t('certificates.assessment.returnNoteRequired') }]);
    setLocal(invalid);
    if (!invalid) send.mutate(note);
  }
  return (
    <section aria-labelledby="return-heading" className="section">
      <h2 id="return-heading">{t('certificates.assessment.returnTitle')}</h2>
      <p className="narrow">{t('certificates.assessment.returnIntro')}</p>
      <ProblemAlert problem={shown} idPrefix="return" fieldLabels={labels} focus />
      <form onSubmit={submit} noValidate className="form">
        <TextAreaField id="return-note" name="note" label={labels.note} hint={t('certificates.assessment.returnNoteHint')} required maxLength={2000} error={errors.note} />
        <button type="submit" className="button button--secondary" disabled={send.isPending}>
          {t('certificates.assessment.returnSubmit')}
        </button>
      </form>
    </section>
  );
}

/**
 * The decision, once every criterion has an opinion: issue at a level at most the one the audited score
 * reaches (that one by default), or refuse with reasons. The server freezes the audited score and signs.
 */
export function DecisionForm({ slug, assessment, referential, onDone }: { slug: string; assessment: AssessmentDetail; referential: Referential; onDone: (outcome: 'returned' | 'decided') => void }) {
  const { t } = useTranslation();
  const localised = useLocalised();
  const percent = usePercent();
  const settle = useSettle(slug, assessment.id, onDone);
  const reached = referential.levels.findIndex((level) => level.code === assessment.auditScore.level);
  const reachable = referential.levels.slice(0, reached + 1);
  const [decision, setDecision] = useState<'issue' | 'refuse'>(reached >= 0 ? 'issue' : 'refuse');
  const [local, setLocal] = useState<ApiProblem | null>(null);
  const decide = useMutation({ mutationFn: (input: DecisionInput) => certificatesApi.decide(slug, assessment.id, input), onSuccess: settle('decided') });
  const missing = assessment.answers.filter((answer) => answer.auditorStatus === null).length;
  const labels = { ...reviewFieldLabels(t, referential), decision: t('certificates.assessment.decision'), level: t('certificates.assessment.level'), reasons: t('certificates.assessment.reasons') };
  const shown = local ?? localiseCertificateProblem(t, asProblem(decide.error), reviewAnchor);
  const errors = fieldErrorsOf(t, shown);
  const levelName = reached >= 0 ? localised(referential.levels[reached]?.label) : t('certificates.assessment.noLevel');

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const reasons = String(data.get('reasons') ?? '').trim();
    const level = String(data.get('level') ?? '');
    const found: ProblemFieldError[] = [];
    if (decision === 'refuse' && !reasons) found.push({ field: 'reasons', code: 'required', message: t('certificates.assessment.reasonsRequired') });
    if (decision === 'issue' && !level) found.push({ field: 'level', code: 'required', message: t('certificates.assessment.levelRequired') });
    const invalid = localProblem(found);
    setLocal(invalid);
    if (invalid) return;
    decide.mutate(decision === 'issue' ? { decision, level, ...(reasons ? { reasons } : {}) } : { decision, reasons });
  }

  return (
    <section aria-labelledby="decision-heading" className="section">
      <h2 id="decision-heading">{t('certificates.assessment.decisionTitle')}</h2>
      <p className="narrow">{t('certificates.assessment.decisionIntro', { score: percent(assessment.auditScore.percent), level: levelName })}</p>
      {missing > 0 ? (
        <p className="alert alert--warning">{t('certificates.assessment.decisionMissing', { count: missing })}</p>
      ) : (
        <>
          {/* The same prefix as the review form's fields, so that a criterion without opinion links to its status there. */}
          <ProblemAlert problem={shown} idPrefix="review" fieldLabels={labels} focus />
          <form onSubmit={submit} noValidate className="form">
            <fieldset className="fieldset" id="review-decision">
              <legend>{labels.decision}</legend>
              <div className="radio-row">
                {(['issue', 'refuse'] as const).map((choice) => (
                  <div className="checkbox" key={choice}>
                    <input type="radio" id={`decision-${choice}`} name="decision" value={choice} checked={decision === choice} onChange={() => setDecision(choice)} disabled={choice === 'issue' && reached < 0} />
                    <label htmlFor={`decision-${choice}`}>{t(`certificates.assessment.decisions.${choice}`)}</label>
                  </div>
                ))}
              </div>
              {reached < 0 && <p className="field__hint">{t('certificates.assessment.noLevelReached')}</p>}
            </fieldset>
            {decision === 'issue' && (
              <SelectField id="review-level" name="level" label={labels.level} hint={t('certificates.assessment.levelHint')} defaultValue={assessment.auditScore.level ?? ''} required error={errors.level}>
                {reachable.map((level) => (
                  <option key={level.code} value={level.code}>
                    {localised(level.label)}
                  </option>
                ))}
              </SelectField>
            )}
            <TextAreaField
              id="review-reasons"
              name="reasons"
              label={labels.reasons}
              hint={decision === 'refuse' ? t('certificates.assessment.reasonsRefuseHint') : t('certificates.assessment.reasonsIssueHint')}
              required={decision === 'refuse'}
              maxLength={4000}
              error={errors.reasons}
            />
            <button type="submit" className={decision === 'refuse' ? 'button button--danger' : 'button'} disabled={decide.isPending}>
              {decision === 'issue' ? t('certificates.assessment.issueSubmit') : t('certificates.assessment.refuseSubmit')}
            </button>
          </form>
        </>
      )}
    </section>
  );
}
