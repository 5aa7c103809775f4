import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { concertationApi } from '../../../concertation-api';
import { concertationKey } from './concertation-keys';

/** On a task force's or a commitment's page: the emerging initiative it was born from, when it was. */
export function InitiativeOrigin({ slug, kind, id }: { slug: string; kind: 'task_force' | 'commitment'; id: string }) {
  const { t } = useTranslation();
  const origin = useQuery({
    queryKey: [...concertationKey(slug), 'origin', kind, id],
    queryFn: () => concertationApi.origin(slug, kind === 'task_force' ? 'task-forces' : 'commitments', id),
    retry: false,
  });
  const initiative = origin.data?.initiative;
  if (!initiative) return null;
  return (
    <p className="concertation-origin">
      <Link to={`/t/${slug}/concertation/${initiative.editionYear}#initiative-${initiative.id}`}>
        {t(`concertation.origin.${kind}`, { title: initiative.title, year: initiative.editionYear })}
      </Link>
    </p>
  );
}
