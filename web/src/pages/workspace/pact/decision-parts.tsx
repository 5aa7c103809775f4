import { useTranslation } from 'react-i18next';
import type { Decision, DecisionMethod, VoteChoice } from '../../../api-contract';

/** The server fixes a proposal's options by the task force's rule (decisions-model.ts `optionsFor`). */
export const optionsFor = (method: DecisionMethod): VoteChoice[] => (method === 'consent' ? ['consent', 'objection', 'abstain'] : ['for', 'against', 'abstain']);

export function DecisionOptions({ method }: { method: DecisionMethod }) {
  const { t } = useTranslation();
  return <>{optionsFor(method).map((choice) => t(`pactWorkspace.choices.${choice}`)).join(' / ')}</>;
}

/** Open, or the outcome in words: never a colour alone. */
export function DecisionState({ decision }: { decision: Pick<Decision, 'status' | 'outcome'> }) {
  const { t } = useTranslation();
  if (decision.status === 'open' || decision.outcome === null) return <>{t('pactWorkspace.decisions.open')}</>;
  return (
    <>
      {t('pactWorkspace.decisions.closed')}
      {t('common.colon')}
      <strong>{t(`pactWorkspace.outcomes.${decision.outcome}`)}</strong>
    </>
  );
}
