import { useTranslation } from 'react-i18next';
import { phases, type Edition } from '../../../concertation-contract';
import { useFormat } from '../../../format';

/** The edition's phases in order; the current one is marked for assistive technologies and said in words. */
export function PhaseStepper({ edition }: { edition: Pick<Edition, 'phase' | 'phaseHistory'> }) {
  const { t } = useTranslation();
  const format = useFormat();
  const currentIndex = phases.indexOf(edition.phase);
  const enteredAt = new Map(edition.phaseHistory.map((step) => [step.phase, step.enteredAt]));
  return (
    <section aria-labelledby="steps-heading" className="section">
      <h2 id="steps-heading">{t('concertation.edition.stepsTitle')}</h2>
      <ol className="phase-stepper">
        {phases.map((phase, index) => {
          const state = index < currentIndex ? 'done' : index === currentIndex ? 'current' : 'upcoming';
          const nextEntered = enteredAt.get(phases[index + 1]!);
          const since = enteredAt.get(phase);
          let words: string;
          if (state === 'done') words = nextEntered ? t('concertation.edition.stepDoneOn', { date: format.date(nextEntered) }) : t('concertation.edition.stepDone');
          else if (state === 'current') words = since ? t('concertation.edition.stepCurrentSince', { date: format.date(since) }) : t('concertation.edition.stepCurrent');
          else words = t('concertation.edition.stepUpcoming');
          return (
            <li key={phase} className={`phase-stepper__step phase-stepper__step--${state}`} aria-current={state === 'current' ? 'step' : undefined}>
              <span className="phase-stepper__number" aria-hidden="true">
                {state === 'done' ? '✓' : index + 1}
              </span>
              <span className="phase-stepper__name">{t(`concertation.phases.${phase}`)}</span>
              <span className="phase-stepper__state">{words}</span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

/** A phase in words, as a badge: the colour only repeats the word. */
export function PhaseBadge({ phase }: { phase: Edition['phase'] }) {
  const { t } = useTranslation();
  const tone = phase === 'closed' ? 'badge--muted' : phase === 'evaluation' ? 'badge--success' : '';
  return <span className={`badge ${tone}`.trim()}>{t(`concertation.phases.${phase}`)}</span>;
}
