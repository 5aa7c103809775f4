import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, NavLink } from 'react-router';
import type { PactNotification } from '../../../api-contract';
import { ProblemAlert } from '../../../components/problem-alert';
import { asProblem } from '../../../components/problem';
import { Loading } from '../../../components/query-state';
import { useFormat } from '../../../format';
import { useDocumentTitle } from '../../../layout/document-title';
import { pactApi } from '../../../pact-api';
import { chronicleTarget } from '../../portal/pact/pact-parts';
import { useWorkspace } from '../workspace-layout';
import { SuccessNotice } from './notice';

const pageSize = 30;
const notificationsKey = (slug: string) => ['notifications', slug];

/** How many of my notifications are unread here, for the workspace's navigation; refreshed while the page stays open. */
export function useUnreadNotifications(slug: string) {
  return useQuery({
    queryKey: [...notificationsKey(slug), 'unread'],
    queryFn: async () => (await pactApi.notifications(slug, { limit: 1, unread: true })).unreadCount,
    staleTime: 30_000,
    refetchInterval: 120_000,
  });
}

/** The navigation's link to my notifications, with the count of unread ones in words as well as in figures. */
export function NotificationsNavLink({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const unread = useUnreadNotifications(slug).data ?? 0;
  return (
    <NavLink to={`/workspace/${slug}/pact/notifications`}>
      {t('pactWorkspace.notifications.nav')}
      {unread > 0 && (
        <>
          {' '}
          <span className="badge">
            {unread}
            <span className="sr-only"> {t('pactWorkspace.notifications.unreadSuffix', { count: unread })}</span>
          </span>
        </>
      )}
    </NavLink>
  );
}

function NotificationItem({ slug, notification, onRead, pending }: { slug: string; notification: PactNotification; onRead: () => void; pending: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const target = chronicleTarget(slug, notification.linkPath);
  const unread = notification.readAt === null;
  return (
    <li className={unread ? 'chronicle__entry notification notification--unread' : 'chronicle__entry notification'}>
      <p className="chronicle__meta">
        {unread && (
          <>
            <span className="badge badge--warning">{t('pactWorkspace.notifications.unread')}</span>
            {' · '}
          </>
        )}
        <time dateTime={notification.createdAt}>{format.dateTime(notification.createdAt)}</time>
        {' · '}
        {t(`pactWorkspace.notifications.kinds.${notification.kind}`)}
      </p>
      <h2 className="chronicle__title">
        {target ? (
          <Link to={target} onClick={unread ? onRead : undefined}>
            {notification.title}
          </Link>
        ) : (
          notification.title
        )}
      </h2>
      {notification.body && notification.body !== notification.title && <p>{notification.body}</p>}
      {unread && (
        <button type="button" className="button button--tertiary button--small" onClick={onRead} disabled={pending}>
          {t('pactWorkspace.notifications.markRead')}
          <span className="sr-only"> {t('pactWorkspace.notifications.markReadOf', { title: notification.title })}</span>
        </button>
      )}
    </li>
  );
}

/** My notifications in this territory: what changed in the commitments and task forces I follow, unread ones marked. */
export function NotificationsPage() {
  const { t } = useTranslation();
  const { slug, territory } = useWorkspace();
  useDocumentTitle(t('pactWorkspace.notifications.title'), territory.name);
  const queryClient = useQueryClient();
  const list = useInfiniteQuery({
    queryKey: [...notificationsKey(slug), 'list'],
    queryFn: ({ pageParam }) => pactApi.notifications(slug, { limit: pageSize, cursor: pageParam }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: notificationsKey(slug) });
  const markOne = useMutation({ mutationFn: (id: string) => pactApi.markNotificationRead(slug, id), onSuccess: refresh });
  const markAll = useMutation({ mutationFn: () => pactApi.markAllNotificationsRead(slug), onSuccess: refresh });
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  const unreadCount = list.data?.pages[0]?.unreadCount ?? 0;
  return (
    <>
      <h1>{t('pactWorkspace.notifications.title')}</h1>
      <p>{t('pactWorkspace.notifications.intro')}</p>
      {markAll.isSuccess && (
        <SuccessNotice key={markAll.submittedAt}>
          <p>{t('pactWorkspace.notifications.allMarked', { count: markAll.data.marked })}</p>
        </SuccessNotice>
      )}
      <ProblemAlert problem={asProblem(markAll.error ?? markOne.error)} focus />
      {list.isPending && <Loading />}
      <ProblemAlert problem={asProblem(list.error)} />
      {list.isSuccess && (
        <>
          <p role="status">{t('pactWorkspace.notifications.unreadCount', { count: unreadCount })}</p>
          {unreadCount > 0 && (
            <p>
              <button type="button" className="button button--secondary" onClick={() => markAll.mutate()} disabled={markAll.isPending}>
                {t('pactWorkspace.notifications.markAllRead')}
              </button>
            </p>
          )}
          {items.length === 0 ? (
            <p>{t('pactWorkspace.notifications.none')}</p>
          ) : (
            <ol className="chronicle" aria-label={t('pactWorkspace.notifications.listLabel', { count: items.length })}>
              {items.map((notification) => (
                <NotificationItem
                  key={notification.id}
                  slug={slug}
                  notification={notification}
                  pending={markOne.isPending}
                  onRead={() => markOne.mutate(notification.id)}
                />
              ))}
            </ol>
          )}
        </>
      )}
      {list.hasNextPage && (
        <button type="button" className="button button--secondary" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
          {t('common.showMore')}
        </button>
      )}
    </>
  );
}
