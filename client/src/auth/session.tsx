import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  useSyncExternalStore,
  type ReactNode,
} from 'react';
import { $api, api, asApiError, type RegisterBody, type User } from '../api/client';
import {
  logout as endRemoteSession,
  onSessionEvent,
  startSession,
  type SessionEnd,
} from './tokens';
import { readSession } from './stored-session';

type Status = 'loading' | 'anonymous' | 'authenticated' | 'offline';

interface SessionValue {
  status: Status;
  user: User | null;
  /** why the last session in this tab ended, until the next one starts */
  ended: SessionEnd | null;
  login(username: string, password: string): Promise<void>;
  signup(body: RegisterBody): Promise<void>;
  logout(): Promise<void>;
  reload(): void;
}

const SessionContext = createContext<SessionValue | null>(null);

export const meQuery = $api.queryOptions('get', '/api/v1/users/me');

const hasStoredSession = () => readSession() !== null;

/** Who is signed in: the token store says whether a session exists, the query who it is. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [ended, setEnded] = useState<SessionEnd | null>(null);
  const signedIn = useSyncExternalStore(onSessionEvent, hasStoredSession);
  const me = useQuery({ ...meQuery, enabled: signedIn });

  useEffect(
    () =>
      onSessionEvent((event) => {
        // Another user's data must never show: a session's start or end empties the cache.
        if (event === 'started') {
          setEnded(null);
          void queryClient.resetQueries();
          return;
        }
        // The guarded page now sends the person to the login page, saying why (RouteGuards).
        setEnded(event);
        queryClient.removeQueries();
      }),
    [queryClient],
  );

  // A 401 has already ended the session (and announced it); any other failure is the network.
  const status: Status = !signedIn
    ? 'anonymous'
    : me.data
      ? 'authenticated'
      : me.isError && asApiError(me.error).status !== 401
        ? 'offline'
        : 'loading';

  const login = useCallback(async (username: string, password: string) => {
    const { data } = await api.POST('/api/v1/auth/login', { body: { username, password } });
    if (data) await startSession(data);
  }, []);

  const signup = useCallback(
    async (body: RegisterBody) => {
      await api.POST('/api/v1/auth/register', { body });
      await login(body.username, body.password);
    },
    [login],
  );

  const logout = useCallback(() => endRemoteSession(), []);

  const { refetch } = me;
  const reload = useCallback(() => void refetch(), [refetch]);

  const value = useMemo(
    () => ({ status, user: me.data ?? null, ended, login, signup, logout, reload }),
    [status, me.data, ended, login, signup, logout, reload],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (value === null) throw new Error('useSession outside SessionProvider');
  return value;
}
