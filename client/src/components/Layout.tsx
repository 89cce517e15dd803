import { useEffect, useRef, type ReactNode } from 'react';
import { Link, NavLink, useLocation } from 'react-router';
import { useSession } from '../auth/session';
import { useFlash } from '../lib/flash';

/** Header, flash message and the main landmark; moves focus to the page heading on navigation. */
export function Layout({ children }: { children: ReactNode }) {
  const { status, user, logout } = useSession();
  const message = useFlash();
  const { pathname } = useLocation();
  const shown = useRef<string | null>(null);
  const focusPending = useRef(false);

  // After a client-side navigation, start reading (and tabbing) at the new page's heading. A page
  // may show "Loading…" before its heading (the session is still asked for): then the heading
  // takes focus on a later render.
  useEffect(() => {
    if (shown.current !== null && shown.current !== pathname) focusPending.current = true;
    shown.current = pathname;
  }, [pathname]);
  useEffect(() => {
    if (!focusPending.current) return;
    const heading = document.querySelector<HTMLElement>('main h1');
    if (heading) {
      heading.focus();
      focusPending.current = false;
    }
  });

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <div className="container header-inner">
          <Link to="/" className="brand">
            <svg aria-hidden="true" viewBox="0 0 32 32" width="28" height="28">
              <rect width="32" height="32" rx="7" fill="currentColor" />
              <rect x="7" y="9" width="18" height="16" rx="2" fill="#fff" />
              <rect x="7" y="9" width="18" height="5" fill="#bfdbfe" />
            </svg>
            Event manager
          </Link>
          <nav aria-label="Main">
            {status === 'authenticated' && user ? (
              <ul className="nav-list">
                <li>
                  <NavLink to="/" end>
                    Events
                  </NavLink>
                </li>
                <li>
                  <NavLink to="/events/new">New event</NavLink>
                </li>
                <li>
                  <NavLink to="/webhooks">Webhooks</NavLink>
                </li>
                <li>
                  <NavLink to="/account">Account</NavLink>
                </li>
                <li className="nav-user">
                  <span className="muted">
                    Signed in as <strong data-testid="current-user">{user.username}</strong>
                  </span>
                  <button
                    type="button"
                    className="button button-small"
                    onClick={() => void logout()}
                  >
                    Log out
                  </button>
                </li>
              </ul>
            ) : status === 'anonymous' ? (
              <ul className="nav-list">
                <li>
                  <NavLink to="/login">Log in</NavLink>
                </li>
                <li>
                  <NavLink to="/signup">Sign up</NavLink>
                </li>
              </ul>
            ) : null}
          </nav>
        </div>
      </header>
      <main id="main" className="container" tabIndex={-1}>
        <div role="status" aria-live="polite" className="flash-region">
          {message && (
            <p key={message.key} className={`alert alert-${message.tone}`} data-testid="flash">
              {message.text}
            </p>
          )}
        </div>
        {children}
      </main>
      <footer className="site-footer container">
        <p className="muted">
          Times are shown in each event’s time zone, and in yours when it differs. API
          documentation: <a href="/api/docs">/api/docs</a>
        </p>
      </footer>
    </>
  );
}
