import { useTranslation } from 'react-i18next';
import type { NotAvailableReason, ProgressStatus } from '../../../indicators-contract';

/**
 * A shape for each status, so that the status never rests on colour: the word says it, the shape repeats
 * it for a glance (a tick, three dots filled as far as the progress goes, a cross), the colour only adds.
 */
const shapes: Record<ProgressStatus, string> = {
  target_achieved: '✓',
  substantial_progress: '●●●',
  moderate_progress: '●●○',
  limited_progress: '●○○',
  deterioration: '✕',
  target_not_achieved: '○',
  not_available: '–',
};

/**
 * With a target the status compares the pace to the one the target needs; without one it compares the
 * trend to fixed rates, so the same status reads differently ("on track" needs a track).
 */
export function useProgressWords() {
  const { t } = useTranslation();
  const mode = (hasTarget: boolean) => (hasTarget ? 'withTarget' : 'withoutTarget');
  return {
    label: (status: ProgressStatus, hasTarget: boolean) => t(`indicators.progress.${mode(hasTarget)}.${status}.label`),
    meaning: (status: ProgressStatus, hasTarget: boolean) => t(`indicators.progress.${mode(hasTarget)}.${status}.meaning`),
    reason: (reason: NotAvailableReason) => t(`indicators.progress.reasons.${reason}`),
  };
}

export function ProgressStatusLabel({ status, hasTarget }: { status: ProgressStatus; hasTarget: boolean }) {
  const words = useProgressWords();
  return (
    <span className={`progress-status progress-status--${status}`}>
      <span className="progress-status__shape" aria-hidden="true">
        {shapes[status]}
      </span>
      {words.label(status, hasTarget)}
    </span>
  );
}

/** Every status with what it means, for the reader who wants to know how to read them. */
export function ProgressStatusLegend({ hasTarget, statuses }: { hasTarget: boolean; statuses: readonly ProgressStatus[] }) {
  const words = useProgressWords();
  return (
    <dl className="progress-legend">
      {statuses.map((status) => (
        <div key={status}>
          <dt>
            <ProgressStatusLabel status={status} hasTarget={hasTarget} />
          </dt>
          <dd>{words.meaning(status, hasTarget)}</dd>
        </div>
      ))}
    </dl>
  );
}
