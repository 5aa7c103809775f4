import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Initiative } from '../../../concertation-contract';
import { isTriageDecision } from '../../../concertation-workspace-contract';
import { useFormat } from '../../../format';

/** What the facilitators answered, with the link to what the initiative became. */
export function InitiativeOutcome({ slug, initiative }: { slug: string; initiative: Initiative }) {
  const { t } = useTranslation();
  const format = useFormat();
  const triage = initiative.triage;
  if (!triage || !isTriageDecision(triage.decision)) return null;
  return (
    <div className={triage.decision === 'decline' ? 'triage-outcome triage-outcome--declined' : 'triage-outcome'}>
      <p>
        <strong>{t(`concertationWorkspace.triage.outcomes.${triage.decision}`)}</strong>
        {' — '}
        {triage.decidedBy
          ? t('concertationWorkspace.triage.decidedBy', { date: format.dateTime(triage.decidedAt), name: triage.decidedBy })
          : t('concertationWorkspace.triage.decidedOn', { date: format.dateTime(triage.decidedAt) })}
      </p>
      {initiative.outcome && (
        <p>
          <Link to={`/t/${slug}${initiative.outcome.path}`}>
            {t(`concertationWorkspace.triage.outcomeLink.${initiative.outcome.kind}`, { title: initiative.outcome.title })}
          </Link>
        </p>
      )}
      {initiative.mergedInto && <p>{t('concertationWorkspace.triage.mergedInto', { title: initiative.mergedInto.title })}</p>}
      {triage.reason && (
        <p>
          {t('concertationWorkspace.triage.reasonShown')}
          {t('common.colon')}
          {triage.reason}
        </p>
      )}
    </div>
  );
}
