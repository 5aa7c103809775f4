import { Navigate, Outlet, useLocation } from 'react-router';
import { Loading } from '../../components/query-state';
import { useSession } from '../../session';

export function RequireSession() {
  const session = useSession();
  const location = useLocation();
  if (session.isPending) return <Loading />;
  if (!session.data?.person) {
    return <Navigate to={`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  }
  return <Outlet />;
}
