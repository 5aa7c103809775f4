import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { metabolismApi } from '../../../api';
import { asProblem } from '../../../components/problem';
import { QueryState } from '../../../components/query-state';
import { useTonnes } from '../../../components/sankey/tonnes';
import { useDocumentTitle } from '../../../layout/document-title';
import type { SymbiosisMatch } from '../../../metabolism-contract';
import { useWorkspace } from '../workspace-layout';
import { FunnelBoard, type MoveRequest } from './funnel-board';
import { MatchExplanationList } from './match-explanation';

/** Suggested matches, best first, each with why it scores what it does. */
function SuggestedMatches({ matches }: { matches: SymbiosisMatch[] }) {
  const { t } = useTranslation();
  const tonnes = useTonnes();
  const suggested = matches.filter((match) => match.status === 'suggested').sort((a, b) => b.score - a.score);
  return (
    <section aria-labelledby="suggested-heading" className="section">
      <h2 id="suggested-heading">{t('metabolism.matches.suggestedTitle')}</h2>
      <p>{t('metabolism.matches.suggestedIntro')}</p>
      {suggested.length === 0 ? (
        <p>{t('metabolism.matches.noneSuggested')}</p>
      ) : (
        <ol className="plain-list">
          {suggested.map((match) => (
            <li key={match.id} className="result-panel">
              <h3>
                {t('metabolism.matches.pair', {
                  offerer: match.offer.organisationName ?? t('metabolism.synergies.confidential'),
                  receiver: match.need.organisationName,
                })}
              </h3>
              <p>
                {t('metabolism.matches.offerLine', { material: match.offer.materialLabel, tonnes: tonnes(match.offer.tonnesPerYear) })}
                <br />
                {t('metabolism.matches.needLine', { material: match.need.accepted.join(', '), tonnes: tonnes(match.need.tonnesPerYear) })}
              </p>
              <MatchExplanationList score={match.score} explanation={match.explanation} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** The matches that concern my organisations (all of them for a facilitator), and their funnel. */
export function MatchesPage() {
  const { t } = useTranslation();
  const { slug, territory, isFacilitator, representedOrganisations } = useWorkspace();
  useDocumentTitle(t('metabolism.matches.title'), territory.name);
  const queryClient = useQueryClient();
  const matches = useQuery({ queryKey: ['metabolism-matches', slug], queryFn: () => metabolismApi.matches(slug, {}) });
  const [moveProblem, setMoveProblem] = useState<{ matchId: string; problem: NonNullable<ReturnType<typeof asProblem>> } | null>(null);
  const [moved, setMoved] = useState<string | null>(null);
  const move = useMutation({
    mutationFn: ({ match, ...transition }: MoveRequest) => metabolismApi.moveMatch(slug, match.id, transition),
    onMutate: () => {
      setMoveProblem(null);
      setMoved(null);
    },
    onSuccess: async (match) => {
      setMoved(
        t('metabolism.funnel.moved', {
          pair: `${match.offer.organisationName ?? t('metabolism.synergies.confidential')} → ${match.need.organisationName}`,
          status: t(`metabolism.funnel.statuses.${match.status}`),
        }),
      );
      await queryClient.invalidateQueries({ predicate: (query) => String(query.queryKey[0]).startsWith('metabolism') });
    },
    onError: (error, request) => {
      const problem = asProblem(error);
      if (problem) setMoveProblem({ matchId: request.match.id, problem });
    },
  });
  const mine = new Set(representedOrganisations.map((organisation) => organisation.id));
  const canMove = (match: SymbiosisMatch) =>
    isFacilitator || (match.offer.organisationId !== null && mine.has(match.offer.organisationId)) || mine.has(match.need.organisationId);
  return (
    <>
      <h1>{t('metabolism.matches.title')}</h1>
      <p className="lead">{t('metabolism.matches.intro')}</p>
      <QueryState query={matches}>
        {(data) => (
          <>
            <section aria-labelledby="funnel-heading" className="section">
              <h2 id="funnel-heading">{t('metabolism.funnel.title')}</h2>
              <p>{t('metabolism.funnel.intro')}</p>
              {moved && (
                <p className="alert alert--success" role="status" tabIndex={-1} ref={(element) => element?.focus()}>
                  {moved}
                </p>
              )}
              <FunnelBoard
                matches={data.items}
                canMove={canMove}
                onMove={(request) => move.mutate(request)}
                pendingId={move.isPending ? (move.variables?.match.id ?? null) : null}
                problem={moveProblem}
              />
            </section>
            <SuggestedMatches matches={data.items} />
          </>
        )}
      </QueryState>
    </>
  );
}
