import { useTranslation } from 'react-i18next';
import type { CertificateStatus, CriterionStatus } from '../../../certificates-contract';

/**
 * A symbol for each status, so that the status never rests on colour: the word says it, the symbol
 * repeats it at a glance, the colour only adds.
 */
const certificateShapes: Record<CertificateStatus, string> = {
  active: '✓',
  suspended: '‖',
  revoked: '✕',
  superseded: '↻',
  expired: '○',
};

export function CertificateStatusBadge({ status }: { status: CertificateStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`cut-status cut-status--${status}`}>
      <span aria-hidden="true" className="cut-status__shape">
        {certificateShapes[status]}
      </span>
      {t(`certificates.status.${status}`)}
    </span>
  );
}

const criterionShapes: Record<CriterionStatus, string> = {
  met: '●',
  partly_met: '◐',
  not_met: '○',
  not_applicable: '–',
};

export function CriterionStatusLabel({ status }: { status: CriterionStatus | null }) {
  const { t } = useTranslation();
  if (!status) return <span className="muted">{t('certificates.criterionStatus.none')}</span>;
  return (
    <span className={`cut-criterion cut-criterion--${status}`}>
      <span aria-hidden="true">{criterionShapes[status]} </span>
      {t(`certificates.criterionStatus.${status}`)}
    </span>
  );
}

/** A score as a bar for the eye and a number for everyone; the number is the content, the bar repeats it. */
export function ScoreBar({ percent, label }: { percent: number | null; label: string }) {
  if (percent === null) return <span className="muted">{label}</span>;
  return (
    <span className="cut-score">
      <span className="cut-score__track" aria-hidden="true">
        <span className="cut-score__fill" style={{ width: `${Math.max(0, Math.min(100, percent))}%` }} />
      </span>
      <span className="cut-score__value">{label}</span>
    </span>
  );
}
