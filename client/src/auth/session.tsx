import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from 'react';
import { api, call, type RegisterBody, type User } from '../api/client';
import { flash } from '../flash';
import { navigate } from '../router';
import { logout as endRemoteSession, onSessionEvent, readSession, startSession } from './tokens';

type Status = 'loading' | 'anonymous' | 'authenticated' | 'offline';

interface SessionValue {
  status: Status;
  user: User | null;
  login(username: string, password: string): Promise<void>;
  signup(body: RegisterBody): Promise<void>;
  logout(): Promise<void>;
  reload(): void;
}

const SessionContext = createContext<SessionValue | null>(null);

function loginPath(): string {
  const here = window.location.pathname + window.location.search;
  const next = here === '/' || here.startsWith('/login') ? '' : `?next=${encodeURIComponent(here)}`;
  return `/login${next}`;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<Status>(readSession() ? 'loading' : 'anonymous');
  const [user, setUser] = useState<User | null>(null);
  const [generation, setGeneration] = useState(0);

  // Who is logged in: asked once per session start (and after a reload).
  useEffect(() => {
    if (readSession() === null) {
      setStatus('anonymous');
      setUser(null);
      return;
    }
    let cancelled = false;
    setStatus('loading');
    call(api.GET('/api/v1/users/me'))
      .then((me) => {
        if (cancelled) return;
        setUser(me);
        setStatus('authenticated');
      })
      .catch(() => {
        if (cancelled) return;
        // A 401 has already ended the session (and announced it); anything else is the network.
        setStatus(readSession() ? 'offline' : 'anonymous');
      });
    return () => {
      cancelled = true;
    };
  }, [generation]);

  useEffect(
    () =>
      onSessionEvent((event) => {
        if (event === 'started') {
          // 'loading' at once: a navigation in the same tick must not see 'anonymous'.
          setStatus('loading');
          setGeneration((g) => g + 1);
          return;
        }
        setUser(null);
        setStatus('anonymous');
        if (event === 'expired') {
          navigate(loginPath(), { replace: true });
          flash('Your session has expired. Please log in again.', 'warning');
        } else if (event === 'elsewhere') {
          navigate('/login', { replace: true });
          flash('You were logged out in another tab.', 'info');
        }
      }),
    [],
  );

  const login = useCallback(async (username: string, password: string) => {
    const pair = await call(api.POST('/api/v1/auth/login', { body: { username, password } }));
    await startSession(pair);
  }, []);

  const signup = useCallback(
    async (body: RegisterBody) => {
      await call(api.POST('/api/v1/auth/register', { body }));
      await login(body.username, body.password);
    },
    [login],
  );

  const logout = useCallback(async () => {
    await endRemoteSession();
    navigate('/login');
    flash('You are logged out.', 'info');
  }, []);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);

  const value = useMemo(
    () => ({ status, user, login, signup, logout, reload }),
    [status, user, login, signup, logout, reload],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (value === null) throw new Error('useSession outside SessionProvider');
  return value;
}
