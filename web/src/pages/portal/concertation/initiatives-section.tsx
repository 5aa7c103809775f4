import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { ProblemAlert } from '../../../components/problem-alert';
import { QueryState } from '../../../components/query-state';
import { concertationApi } from '../../../concertation-api';
import type { Edition, Initiative } from '../../../concertation-contract';
import { useFormat } from '../../../format';
import { useConcertationProblem } from './concertation-problem';
import { balanceKey, initiativesKey } from './concertation-keys';
import { OnBehalfOfField, type Participant } from './participant';
import { Paragraphs } from './paragraphs';
import { ProposeInitiativeSection } from './propose-initiative';

export const initiativeAnchor = (id: string) => `initiative-${id}`;

function StatusBadge({ initiative }: { initiative: Initiative }) {
  const { t } = useTranslation();
  const tone = { proposed: '', accepted: 'badge--success', merged: 'badge--muted', declined: 'badge--muted' }[initiative.status];
  return <span className={`badge ${tone}`.trim()}>{t(`concertation.initiatives.statuses.${initiative.status}`)}</span>;
}

/** What the facilitators answered, with a link to what the initiative became. */
function TriageOutcome({ slug, initiative }: { slug: string; initiative: Initiative }) {
  const { t } = useTranslation();
  const reason = initiative.triage?.reason;
  if (initiative.status === 'accepted' && initiative.outcome) {
    return (
      <p>
        {t(initiative.outcome.kind === 'task_force' ? 'concertation.initiatives.acceptedTaskForce' : 'concertation.initiatives.acceptedCommitment')}{' '}
        <Link to={`/t/${slug}${initiative.outcome.path}`}>{initiative.outcome.title}</Link>
        {reason && <span className="cell-note">{t('concertation.initiatives.reason', { reason })}</span>}
      </p>
    );
  }
  if (initiative.status === 'merged' && initiative.mergedInto) {
    return (
      <p>
        {t('concertation.initiatives.mergedInto')} <a href={`#${initiativeAnchor(initiative.mergedInto.id)}`}>{initiative.mergedInto.title}</a>
        {reason && <span className="cell-note">{t('concertation.initiatives.reason', { reason })}</span>}
      </p>
    );
  }
  if (initiative.status === 'declined') return <p>{t('concertation.initiatives.declinedReason', { reason: reason ?? '' })}</p>;
  return null;
}

/** A toggle whose name stays the same while `aria-pressed` says whether one supports, as the follow button does. */
function SupportToggle({ slug, edition, initiative, onBehalfOf }: { slug: string; edition: Edition; initiative: Initiative; onBehalfOf: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const toggle = useMutation({
    mutationFn: async (support: boolean) => {
      if (support) await concertationApi.support(slug, initiative.id, onBehalfOf || null);
      else await concertationApi.withdrawSupport(slug, initiative.id);
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: initiativesKey(slug, edition.year) });
      await queryClient.invalidateQueries({ queryKey: balanceKey(slug, edition.year) });
    },
  });
  const problem = useConcertationProblem(toggle.error);
  return (
    <div className="concertation-support">
      <button
        type="button"
        className="button button--secondary concertation-support__button"
        aria-pressed={initiative.supportedByMe}
        disabled={toggle.isPending}
        onClick={() => toggle.mutate(!initiative.supportedByMe)}
      >
        {t('concertation.initiatives.support')}
        <span className="sr-only">{t('concertation.initiatives.supportHidden', { title: initiative.title })}</span>
      </button>
      {initiative.supportedByMe && <p className="concertation-support__state">{t('concertation.initiatives.supportedByMe')}</p>}
      <ProblemAlert problem={problem} focus />
    </div>
  );
}

function InitiativeCard({ slug, edition, initiative, canSupport, onBehalfOf }: { slug: string; edition: Edition; initiative: Initiative; canSupport: boolean; onBehalfOf: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const anchor = initiativeAnchor(initiative.id);
  return (
    <li>
      <article className="concertation-card" aria-labelledby={`${anchor}-heading`} id={anchor} tabIndex={-1}>
        <h3 id={`${anchor}-heading`}>{initiative.title}</h3>
        <p className="concertation-card__meta">
          <StatusBadge initiative={initiative} />{' '}
          <span className="concertation-supports" aria-live="polite">
            {t('concertation.initiatives.supports', { count: initiative.supports })}
          </span>
        </p>
        <p className="muted">
          {initiative.organisationName
            ? t('concertation.initiatives.proposedByFor', { name: initiative.proposerName, organisation: initiative.organisationName })
            : t('concertation.initiatives.proposedBy', { name: initiative.proposerName })}
          {' · '}
          {t(`concertation.kinds.${initiative.kind}`)}
          {' · '}
          <time dateTime={initiative.createdAt}>{format.date(initiative.createdAt)}</time>
        </p>
        <Paragraphs text={initiative.description} />
        {initiative.objectives.length > 0 && (
          <>
            <p className="concertation-card__label">{t('concertation.initiatives.objectives')}</p>
            <ul className="plain-list">
              {initiative.objectives.map((objective) => (
                <li key={objective.id}>{objective.title}</li>
              ))}
            </ul>
          </>
        )}
        <TriageOutcome slug={slug} initiative={initiative} />
        {canSupport && initiative.status === 'proposed' && <SupportToggle slug={slug} edition={edition} initiative={initiative} onBehalfOf={onBehalfOf} />}
      </article>
    </li>
  );
}

/**
 * Brings the part a link points at (`#initiative-…`, `#propose`, `#sessions`) into view once the list
 * above it is shown, and moves the focus there, as the route change moved it to the page's heading.
 */
function useAnchorOnceLoaded(loaded: boolean) {
  const { hash } = useLocation();
  useEffect(() => {
    if (!loaded || hash.length < 2) return;
    const target = document.getElementById(decodeURIComponent(hash.slice(1)));
    if (!target) return;
    const focusable = target.tagName === 'SECTION' ? (target.querySelector<HTMLElement>('h2') ?? target) : target;
    if (!focusable.hasAttribute('tabindex')) focusable.setAttribute('tabindex', '-1');
    target.scrollIntoView();
    focusable.focus({ preventScroll: true });
  }, [loaded, hash]);
}

/** The emerging initiatives, most supported first, with supporting and proposing while the edition accepts them. */
export function InitiativesSection({ slug, edition, participant }: { slug: string; edition: Edition; participant: Participant }) {
  const { t } = useTranslation();
  const initiatives = useQuery({ queryKey: initiativesKey(slug, edition.year), queryFn: () => concertationApi.initiatives(slug, edition.year) });
  const [onBehalfOf, setOnBehalfOf] = useState('');
  useAnchorOnceLoaded(initiatives.isSuccess);
  const supportsOpen = edition.opens.supports;
  const canSupport = supportsOpen && edition.can.support;
  return (
    <>
      <section aria-labelledby="initiatives-heading" className="section" id="initiatives">
        <h2 id="initiatives-heading">{t('concertation.initiatives.title')}</h2>
        <p>{t('concertation.initiatives.intro')}</p>
        <QueryState query={initiatives}>
          {(items) =>
            items.length === 0 ? (
              <p>{t('concertation.initiatives.none')}</p>
            ) : (
              <>
                {canSupport && participant.organisations.length > 0 && (
                  <div className="narrow">
                    <OnBehalfOfField id="support-onBehalfOf" label={t('concertation.initiatives.supportAs')} organisations={participant.organisations} value={onBehalfOf} onChange={setOnBehalfOf} />
                  </div>
                )}
                <ul className="concertation-list">
                  {items.map((initiative) => (
                    <InitiativeCard key={initiative.id} slug={slug} edition={edition} initiative={initiative} canSupport={canSupport} onBehalfOf={onBehalfOf} />
                  ))}
                </ul>
              </>
            )
          }
        </QueryState>
      </section>
      {edition.opens.proposals && <ProposeInitiativeSection slug={slug} edition={edition} participant={participant} />}
    </>
  );
}
