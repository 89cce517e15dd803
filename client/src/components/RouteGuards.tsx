import type { ReactNode } from 'react';
import { Navigate, useLocation, useSearchParams } from 'react-router';
import { useSession } from '../auth/session';
import type { SessionEnd } from '../auth/tokens';
import { flashState } from '../lib/flash';
import { safeNext } from '../lib/safe-next';

const WHY: Record<SessionEnd, ReturnType<typeof flashState>> = {
  logout: flashState('You are logged out.', 'info'),
  expired: flashState('Your session has expired. Please log in again.', 'warning'),
  elsewhere: flashState('You were logged out in another tab.', 'info'),
  deleted: flashState('Your account and its data were deleted.', 'info'),
};

/** Ends after which coming back to the page that was open makes no sense. */
const FOR_GOOD: readonly (SessionEnd | null)[] = ['logout', 'elsewhere', 'deleted'];

/** Pages for signed-in users: anyone else goes to the login page and comes back afterwards. */
export function RequireSession({ children }: { children: ReactNode }) {
  const { status, ended, reload } = useSession();
  const { pathname, search } = useLocation();
  if (status === 'authenticated') return children;
  if (status === 'anonymous') {
    // After a logout or a deletion the way back is not wanted; after an expiry it is.
    const here = pathname + search;
    const back = here !== '/' && !FOR_GOOD.includes(ended);
    const to = back ? `/login?next=${encodeURIComponent(here)}` : '/login';
    return <Navigate to={to} replace state={ended ? WHY[ended] : undefined} />;
  }
  if (status === 'offline') {
    return (
      <section>
        <h1 tabIndex={-1}>Cannot reach the server</h1>
        <p>Your session is kept. Check your connection, then try again.</p>
        <button type="button" className="button button-primary" onClick={reload}>
          Try again
        </button>
      </section>
    );
  }
  return <p className="muted">Loading…</p>;
}

/** Login and sign-up are for visitors: a signed-in user goes on to where they were heading. */
export function GuestOnly({ children }: { children: ReactNode }) {
  const { status } = useSession();
  const [search] = useSearchParams();
  if (status === 'authenticated') return <Navigate to={safeNext(search.get('next'))} replace />;
  return status === 'loading' ? <p className="muted">Loading…</p> : children;
}
