import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiProblem } from '../../../api';
import { ProblemAlert } from '../../../components/problem-alert';
import { useTonnes } from '../../../components/sankey/tonnes';
import { useFormat } from '../../../format';
import { matchStatuses, type MatchStatus, type SymbiosisMatch } from '../../../metabolism-contract';

export interface MoveRequest {
  match: SymbiosisMatch;
  to: MatchStatus;
  /** For a synergy that starts operating: the tonnes it carries each year. */
  tonnesPerYear?: number;
  note?: string;
}

interface FunnelBoardProps {
  matches: SymbiosisMatch[];
  /** Whether this person may move this match (a party to it, or a facilitator). */
  canMove: (match: SymbiosisMatch) => boolean;
  onMove: (request: MoveRequest) => void;
  pendingId: string | null;
  problem: { matchId: string; problem: ApiProblem } | null;
}

function MoveForm({ match, onMove, pending }: { match: SymbiosisMatch; onMove: (r: MoveRequest) => void; pending: boolean }) {
  const { t } = useTranslation();
  const [to, setTo] = useState<MatchStatus | undefined>(match.nextStatuses[0]);
  const prefix = `move-${match.id}`;
  if (!to) return null;
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const tonnes = Number(String(data.get('tonnesPerYear') ?? '').trim().replace(',', '.'));
    const note = String(data.get('note') ?? '').trim();
    onMove({
      match,
      to,
      ...(to === 'operating' && Number.isFinite(tonnes) && tonnes > 0 ? { tonnesPerYear: tonnes } : {}),
      ...(note ? { note } : {}),
    });
  };
  return (
    <form className="funnel-card__move" onSubmit={submit} noValidate>
      <label htmlFor={`${prefix}-to`}>{t('metabolism.funnel.moveTo')}</label>
      <select id={`${prefix}-to`} value={to} onChange={(event) => setTo(event.target.value as MatchStatus)}>
        {match.nextStatuses.map((candidate) => (
          <option key={candidate} value={candidate}>
            {t(`metabolism.funnel.statuses.${candidate}`)}
          </option>
        ))}
      </select>
      {to === 'operating' && (
        <>
          <label htmlFor={`${prefix}-tonnes`}>{t('metabolism.funnel.tonnesPerYear')}</label>
          <input
            id={`${prefix}-tonnes`}
            name="tonnesPerYear"
            inputMode="decimal"
            defaultValue={match.tonnesPerYear ?? Math.min(match.offer.tonnesPerYear, match.need.tonnesPerYear)}
          />
        </>
      )}
      <label htmlFor={`${prefix}-note`}>{t('metabolism.funnel.note')}</label>
      <input id={`${prefix}-note`} name="note" maxLength={2000} />
      <button type="submit" className="button button--small" disabled={pending}>
        {t('metabolism.funnel.move')}
      </button>
    </form>
  );
}

/**
 * The funnel of matches, one column per stage. A card moves with its own form (a list of stages and a
 * button), so that no one needs to drag anything.
 */
export function FunnelBoard({ matches, canMove, onMove, pendingId, problem }: FunnelBoardProps) {
  const { t } = useTranslation();
  const tonnes = useTonnes();
  const format = useFormat();
  return (
    <div className="funnel">
      {matchStatuses.map((status) => {
        const column = matches.filter((match) => match.status === status);
        const headingId = `funnel-${status}`;
        return (
          <section key={status} className="funnel__column" aria-labelledby={headingId}>
            <h3 id={headingId} className="funnel__title">
              <span className="funnel__step" aria-hidden="true">
                {matchStatuses.indexOf(status) + 1}
              </span>
              {t(`metabolism.funnel.statuses.${status}`)} <span className="count">({format.integer(column.length)})</span>
            </h3>
            {column.length === 0 ? (
              <p className="muted">{t('metabolism.funnel.empty')}</p>
            ) : (
              <ul className="funnel__cards">
                {column.map((match) => (
                  <li key={match.id} className="funnel-card">
                    <p className="funnel-card__title">
                      {match.offer.organisationName ?? t('metabolism.synergies.confidential')} → {match.need.organisationName}
                    </p>
                    <p className="funnel-card__meta">
                      {match.offer.materialLabel}
                      <br />
                      {t('metabolism.funnel.cardFigures', {
                        tonnes: tonnes(match.tonnesPerYear ?? Math.min(match.offer.tonnesPerYear, match.need.tonnesPerYear)),
                        score: format.basisPoints(Math.round(match.score * 10_000)),
                      })}
                    </p>
                    {problem?.matchId === match.id && <ProblemAlert problem={problem.problem} focus />}
                    {canMove(match) && match.nextStatuses.length > 0 && <MoveForm match={match} onMove={onMove} pending={pendingId === match.id} />}
                  </li>
                ))}
              </ul>
            )}
          </section>
        );
      })}
    </div>
  );
}
