import { Link } from 'react-router';
import { useMe, useSession } from '../../../session';

/** From a public page to the same indicator in the workspace, for a facilitator of the territory (who keeps them). */
export function IndicatorsWorkspaceLink({ slug, path, label }: { slug: string; path: string; label: string }) {
  const session = useSession();
  const me = useMe(Boolean(session.data?.person));
  const territory = me.data?.territories.find((candidate) => candidate.slug === slug);
  if (!territory?.roles.includes('facilitator')) return null;
  return (
    <p>
      <Link className="button button--secondary" to={`/workspace/${slug}/indicators${path}`}>
        {label}
      </Link>
    </p>
  );
}
