import { useEffect, useRef, type ReactNode } from 'react';
import { useSession } from '../auth/session';
import { useFlash } from '../flash';
import { Link, useLocation } from '../router';

/** Header, flash message and the main landmark; moves focus to the page heading on navigation. */
export function Layout({ children }: { children: ReactNode }) {
  const { status, user, logout } = useSession();
  const message = useFlash();
  const { pathname } = useLocation();
  const firstRender = useRef(true);

  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    // After a client-side navigation, start reading (and tabbing) at the new page's heading.
    document.querySelector<HTMLElement>('main h1')?.focus();
  }, [pathname]);

  const current = (path: string) => (pathname === path ? 'page' : undefined);

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
                  <Link to="/" aria-current={current('/')}>
                    Events
                  </Link>
                </li>
                <li>
                  <Link to="/events/new" aria-current={current('/events/new')}>
                    New event
                  </Link>
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
                  <Link to="/login" aria-current={current('/login')}>
                    Log in
                  </Link>
                </li>
                <li>
                  <Link to="/signup" aria-current={current('/signup')}>
                    Sign up
                  </Link>
                </li>
              </ul>
            ) : null}
          </nav>
        </div>
      </header>
      <main id="main" className="container" tabIndex={-1}>
        <div role="status" aria-live="polite" className="flash-region">
          {message && (
            <p key={message.id} className={`alert alert-${message.tone}`} data-testid="flash">
              {message.text}
            </p>
          )}
        </div>
        {children}
      </main>
      <footer className="site-footer container">
        <p className="muted">
          Times are shown in your time zone. API documentation: <a href="/api/docs">/api/docs</a>
        </p>
      </footer>
    </>
  );
}
