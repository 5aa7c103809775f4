import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  criterionStatuses,
  type AnswerView,
  type CriterionDefinition,
  type CriterionStatus,
  type EvidenceSource,
  type Referential,
  type Score,
} from '../../../certificates-contract';
import { useFormat } from '../../../format';
import { CriterionStatusLabel } from '../../portal/certificates/certificate-status';
import { useLocalised, usePercent } from '../../portal/certificates/certificate-words';

/**
 * Four statuses as radio buttons. The first button carries `id`, so that an error summary's link to the
 * field lands on the group; the legend names the criterion for whoever reaches it out of context.
 */
export function StatusChoice({
  id,
  legend,
  value,
  onChange,
  error,
  required = false,
}: {
  id: string;
  legend: string;
  value: CriterionStatus | '';
  onChange: (status: CriterionStatus) => void;
  error?: string | undefined;
  required?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <fieldset className={`fieldset cut-choice${error ? ' field--error' : ''}`} aria-describedby={error ? `${id}-error` : undefined}>
      <legend>
        {legend}
        {required && <span className="field__required"> *</span>}
      </legend>
      {error && (
        <p className="field__error" id={`${id}-error`}>
          {error}
        </p>
      )}
      <div className="radio-row">
        {criterionStatuses.map((status, index) => {
          const inputId = index === 0 ? id : `${id}-${status}`;
          return (
            <div className="checkbox" key={status}>
              <input type="radio" id={inputId} name={id} value={status} checked={value === status} onChange={() => onChange(status)} aria-invalid={error ? true : undefined} />
              <label htmlFor={inputId}>{t(`certificates.criterionStatus.${status}`)}</label>
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}

/** What the platform measured for the criterion, and the status the value suggests; the auditor decides. */
export function MeasureLine({ answer, sources }: { answer: AnswerView; sources: EvidenceSource[] | undefined }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const localised = useLocalised();
  if (!answer.automaticSource) return null;
  const source = sources?.find((candidate) => candidate.code === answer.automaticSource);
  const name = source ? localised(source.label) : answer.automaticSource;
  if (!answer.automaticSourceAvailable) {
    return <p className="cut-measure">{t('certificates.assessment.measureUnavailable', { source: name })}</p>;
  }
  if (answer.automaticValue === null) {
    return <p className="cut-measure">{t('certificates.assessment.measureNone', { source: name })}</p>;
  }
  const value = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 2 }).format(answer.automaticValue);
  return (
    <p className="cut-measure">
      {t('certificates.assessment.measure', { source: name, value, unit: answer.automaticUnit ?? '', date: answer.automaticMeasuredAt ? format.date(answer.automaticMeasuredAt) : '' })}{' '}
      {answer.automaticStatus && (
        <>
          {t('certificates.assessment.suggests')} <CriterionStatusLabel status={answer.automaticStatus} />
        </>
      )}
    </p>
  );
}

/** The criterion as the referential states it: what is asked, for how many points, with what evidence. */
export function CriterionHeader({ criterion, headingLevel = 3 }: { criterion: CriterionDefinition; headingLevel?: 3 | 4 }) {
  const { t } = useTranslation();
  const localised = useLocalised();
  const Heading = headingLevel === 3 ? 'h3' : 'h4';
  return (
    <>
      <Heading className="cut-criterion-card__title">
        <span className="cut-code">{criterion.code}</span> {localised(criterion.title)}{' '}
        <span className="muted">— {t('certificates.referential.points', { count: criterion.points })}</span>
      </Heading>
      <p className="narrow">{localised(criterion.description)}</p>
      <p className="cut-evidence-asked">
        <strong>{criterion.evidence.required ? t('certificates.assessment.evidenceRequired') : t('certificates.assessment.evidenceUseful')}</strong>
        {t('common.colon')}
        {localised(criterion.evidence.description)}
      </p>
    </>
  );
}

/** The applicant's answer as submitted: status, link and note. */
export function ApplicantAnswer({ answer }: { answer: AnswerView }) {
  const { t } = useTranslation();
  return (
    <dl className="cut-answer">
      <div>
        <dt>{t('certificates.assessment.selfStatus')}</dt>
        <dd>
          <CriterionStatusLabel status={answer.selfStatus} />
        </dd>
      </div>
      <div>
        <dt>{t('certificates.assessment.evidenceUrl')}</dt>
        <dd>
          {answer.evidenceUrl ? (
            <a href={answer.evidenceUrl} rel="noreferrer noopener" target="_blank">
              {answer.evidenceUrl}
              <span className="sr-only"> {t('certificates.assessment.newWindow')}</span>
            </a>
          ) : (
            <span className="muted">{t('certificates.assessment.none')}</span>
          )}
        </dd>
      </div>
      <div>
        <dt>{t('certificates.assessment.evidenceNote')}</dt>
        <dd>{answer.evidenceNote ?? <span className="muted">{t('certificates.assessment.none')}</span>}</dd>
      </div>
    </dl>
  );
}

export function AuditorOpinion({ answer }: { answer: AnswerView }) {
  const { t } = useTranslation();
  if (!answer.auditorStatus) return null;
  return (
    <dl className="cut-answer cut-answer--auditor">
      <div>
        <dt>{t('certificates.assessment.auditorStatus')}</dt>
        <dd>
          <CriterionStatusLabel status={answer.auditorStatus} />
        </dd>
      </div>
      <div>
        <dt>{t('certificates.assessment.opinion')}</dt>
        <dd>{answer.auditorOpinion}</dd>
      </div>
    </dl>
  );
}

/** A consequential action in two steps: the first button asks, the second confirms; the focus follows. */
export function ConfirmButton({ label, confirmLabel, question, onConfirm, disabled, danger = false }: { label: string; confirmLabel: string; question: ReactNode; onConfirm: () => void; disabled?: boolean; danger?: boolean }) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  const confirm = useRef<HTMLButtonElement>(null);
  const ask = useRef<HTMLButtonElement>(null);
  const [returnFocus, setReturnFocus] = useState(false);
  useEffect(() => {
    if (asking) confirm.current?.focus();
    else if (returnFocus) ask.current?.focus();
  }, [asking, returnFocus]);
  if (!asking) {
    return (
      <button type="button" ref={ask} className={danger ? 'button button--danger' : 'button button--secondary'} onClick={() => setAsking(true)} disabled={disabled}>
        {label}
      </button>
    );
  }
  return (
    <div className="alert alert--warning" role="group" aria-label={label}>
      <p>{question}</p>
      <div className="actions">
        <button
          type="button"
          className={danger ? 'button button--danger' : 'button'}
          ref={confirm}
          onClick={() => {
            setAsking(false);
            onConfirm();
          }}
          disabled={disabled}
        >
          {confirmLabel}
        </button>
        <button
          type="button"
          className="button button--secondary"
          onClick={() => {
            setReturnFocus(true);
            setAsking(false);
          }}
        >
          {t('common.cancel')}
        </button>
      </div>
    </div>
  );
}

/** The self-assessed and audited scores side by side, by area, with the level each reaches. */
export function ScoreSummary({ referential, self, audit, showAudit }: { referential: Referential; self: Score; audit: Score; showAudit: boolean }) {
  const { t } = useTranslation();
  const localised = useLocalised();
  const percent = usePercent();
  const levelOf = (score: Score) => {
    const level = referential.levels.find((candidate) => candidate.code === score.level);
    return level ? localised(level.label) : t('certificates.assessment.noLevel');
  };
  const auditArea = (code: string) => audit.areas.find((area) => area.code === code);
  return (
    <div className="table-wrap table-wrap--medium">
      <table>
        <caption>{t('certificates.assessment.scoreCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('certificates.page.area')}</th>
            <th scope="col" className="numeric">
              {t('certificates.assessment.selfScore')}
            </th>
            {showAudit && (
              <th scope="col" className="numeric">
                {t('certificates.assessment.auditScore')}
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {self.areas.map((area) => {
            const definition = referential.areas.find((candidate) => candidate.code === area.code);
            return (
              <tr key={area.code}>
                <th scope="row">{definition ? localised(definition.title) : area.code}</th>
                <td className="numeric">{area.percent === null ? t('certificates.page.areaNotApplicable') : percent(area.percent)}</td>
                {showAudit && <td className="numeric">{percent(auditArea(area.code)?.percent ?? null)}</td>}
              </tr>
            );
          })}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t('certificates.page.overall')}</th>
            <td className="numeric">{percent(self.percent)}</td>
            {showAudit && <td className="numeric">{percent(audit.percent)}</td>}
          </tr>
          <tr>
            <th scope="row">{t('certificates.assessment.levelReached')}</th>
            <td className="numeric">{levelOf(self)}</td>
            {showAudit && <td className="numeric">{levelOf(audit)}</td>}
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
