import { useEffect, type ReactNode } from 'react';
import { useSession } from './auth/session';
import { Layout } from './components/Layout';
import { useTitle } from './lib/use-title';
import { EventFormPage } from './pages/EventFormPage';
import { EventPage } from './pages/EventPage';
import { EventsPage } from './pages/EventsPage';
import { LoginPage } from './pages/LoginPage';
import { SignupPage } from './pages/SignupPage';
import { Link, navigate, safeNext, useLocation } from './router';

/** Pages for signed-in users: anyone else goes to the login page and comes back afterwards. */
function RequireSession({ children }: { children: ReactNode }) {
  const { status, reload } = useSession();
  const { href } = useLocation();
  useEffect(() => {
    if (status === 'anonymous') {
      navigate(href === '/' ? '/login' : `/login?next=${encodeURIComponent(href)}`, {
        replace: true,
      });
    }
  }, [status, href]);
  if (status === 'authenticated') return children;
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
function GuestOnly({ children }: { children: ReactNode }) {
  const { status } = useSession();
  const { search } = useLocation();
  useEffect(() => {
    if (status === 'authenticated') navigate(safeNext(search.get('next')), { replace: true });
  }, [status, search]);
  return status === 'authenticated' || status === 'loading' ? (
    <p className="muted">Loading…</p>
  ) : (
    children
  );
}

function NotFound() {
  useTitle('Page not found');
  return (
    <section>
      <h1 tabIndex={-1}>Page not found</h1>
      <p>
        There is nothing at this address. <Link to="/">See all events</Link>.
      </p>
    </section>
  );
}

function route(pathname: string): ReactNode {
  if (pathname === '/login')
    return (
      <GuestOnly>
        <LoginPage />
      </GuestOnly>
    );
  if (pathname === '/signup')
    return (
      <GuestOnly>
        <SignupPage />
      </GuestOnly>
    );
  if (pathname === '/')
    return (
      <RequireSession>
        <EventsPage />
      </RequireSession>
    );
  if (pathname === '/events/new')
    return (
      <RequireSession>
        <EventFormPage />
      </RequireSession>
    );
  const match = /^\/events\/([1-9]\d{0,9})(\/edit)?\/?$/.exec(pathname);
  if (match) {
    const id = Number(match[1]);
    return (
      <RequireSession>
        {match[2] ? <EventFormPage key={`edit-${id}`} id={id} /> : <EventPage key={id} id={id} />}
      </RequireSession>
    );
  }
  return <NotFound />;
}

export function App() {
  const { pathname } = useLocation();
  return <Layout>{route(pathname)}</Layout>;
}
