import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { FollowTargetType } from '../../../api-contract';
import { ProblemAlert } from '../../../components/problem-alert';
import { asProblem } from '../../../components/problem';
import { useFormat } from '../../../format';
import { pactApi } from '../../../pact-api';
import { useSession } from '../../../session';
import './pact-portal.css';

/**
 * Follow a commitment or a task force, for anyone signed in: a toggle button whose name stays the
 * same while `aria-pressed` says whether one follows, and a sentence that says it in words.
 */
export function FollowButton({ slug, type, id }: { slug: string; type: FollowTargetType; id: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const session = useSession();
  const signedIn = Boolean(session.data?.person);
  const queryClient = useQueryClient();
  const key = ['follow', slug, type, id];
  const state = useQuery({ queryKey: key, queryFn: () => pactApi.followState(slug, type, id), enabled: signedIn });
  const toggle = useMutation({
    mutationFn: (follow: boolean) => (follow ? pactApi.follow(slug, type, id) : pactApi.unfollow(slug, type, id)),
    onSuccess: (next) => queryClient.setQueryData(key, next),
  });
  if (!signedIn || !state.data) return null;
  const { following, followers } = state.data;
  return (
    <div className="follow">
      <button
        type="button"
        className="button button--secondary follow__button"
        aria-pressed={following}
        aria-describedby={`follow-${id}-state`}
        disabled={toggle.isPending}
        onClick={() => toggle.mutate(!following)}
      >
        {t(`pact.follow.button.${type}`)}
      </button>
      <p id={`follow-${id}-state`} role="status">
        {following ? t(`pact.follow.following.${type}`) : t(`pact.follow.notFollowing.${type}`)}{' '}
        {t('pact.follow.followers', { count: followers, formatted: format.integer(followers) })}
      </p>
      <ProblemAlert problem={asProblem(toggle.error)} />
    </div>
  );
}
