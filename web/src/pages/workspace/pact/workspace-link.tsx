import { Link } from 'react-router';
import { useMe, useSession } from '../../../session';

/** From a public page to the matching action in the workspace, for someone signed in who joined the territory. */
export function PactWorkspaceLink({ slug, path, label }: { slug: string; path: string; label: string }) {
  const session = useSession();
  const me = useMe(Boolean(session.data?.person));
  if (!me.data?.territories.some((territory) => territory.slug === slug)) return null;
  return (
    <p>
      <Link className="button button--secondary" to={`/workspace/${slug}/pact${path}`}>
        {label}
      </Link>
    </p>
  );
}
