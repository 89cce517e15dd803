import createClient from 'openapi-fetch';
import type { paths } from '../api/schema';
import { readShared, writeShared } from './shared-session';
import {
  isStoredSession,
  readSession,
  STORAGE_KEY,
  toSession,
  writeLocal,
  type StoredSession,
  type TokenPair,
} from './stored-session';

/**
 * Why a session ended: the user logged out, the server refused to refresh, another tab, or the
 * user deleted their account.
 */
export type SessionEnd = 'logout' | 'expired' | 'elsewhere' | 'deleted';
export type SessionEvent = SessionEnd | 'started';

const REFRESH_LOCK = 'event-manager.refresh';
/** Refresh this long before the access token expires (capped at a tenth of its lifetime). */
const REFRESH_MARGIN_MS = 30_000;

/** Auth endpoints take no access token, so they go through a plain client. */
const authApi = createClient<paths>({ baseUrl: window.location.origin });

const listeners = new Set<(event: SessionEvent) => void>();

export function onSessionEvent(listener: (event: SessionEvent) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function emit(event: SessionEvent): void {
  for (const listener of listeners) listener(event);
}

/** Saves for this tab (localStorage) and for the others (IndexedDB, awaited until committed). */
async function save(session: StoredSession): Promise<StoredSession> {
  writeLocal(session);
  await writeShared(session);
  return session;
}

export function endSession(reason: SessionEnd): void {
  const had = readSession() !== null;
  writeLocal(null);
  void writeShared(null);
  if (had || reason !== 'elsewhere') emit(reason);
}

/** Start a session from a login response. */
export async function startSession(pair: TokenPair): Promise<void> {
  await save(toSession(pair));
  emit('started');
}

/** The session all tabs agree on (see shared-session.ts); localStorage when that is unknown. */
async function agreedSession(): Promise<StoredSession | null> {
  const shared = await readShared<unknown>();
  if (shared === undefined) return readSession();
  return isStoredSession(shared) ? shared : null;
}

// Another tab logged in or out: follow it. (Its refreshes change the stored tokens only.)
window.addEventListener('storage', (event) => {
  if (event.key !== STORAGE_KEY && event.key !== null) return;
  if (event.newValue === null) emit('elsewhere');
  else if (event.oldValue === null) emit('started');
});

/** One lock across this browser's tabs where the Web Locks API exists, else within this tab. */
function withRefreshLock<T>(task: () => Promise<T>): Promise<T> {
  const locks = (navigator as Partial<Navigator>).locks;
  return locks ? locks.request(REFRESH_LOCK, task) : task();
}

let inFlight: Promise<StoredSession | null> | null = null;

/**
 * Rotates the refresh token `spent`. Single flight: while a rotation runs, every caller waits for
 * it; a caller holding a token that was already rotated (by this tab or another) gets the newer
 * session without a second request, since presenting a rotated refresh token again is treated as
 * theft and would revoke the session. Resolves to null when the session is over; throws when the
 * server could not be asked (network, 429, 5xx), which keeps the session.
 */
export function refreshSession(spent: string): Promise<StoredSession | null> {
  inFlight ??= withRefreshLock(() => rotate(spent)).finally(() => {
    inFlight = null;
  });
  return inFlight;
}

async function rotate(spent: string): Promise<StoredSession | null> {
  const current = await agreedSession();
  if (current === null) {
    endSession('elsewhere');
    return null;
  }
  if (current.refreshToken !== spent) {
    // Already rotated, by this tab or another one: use the result, never spend a token twice.
    writeLocal(current);
    return current;
  }
  if (Date.now() >= current.refreshExpiresAt) {
    endSession('expired');
    return null;
  }
  const { data, response } = await authApi.POST('/api/v1/auth/refresh', {
    body: { refresh_token: spent },
  });
  if (data) {
    if (readSession() === null || (await readShared()) === null) {
      // Logged out while the request ran: do not bring the session back; end the new one too.
      void authApi.POST('/api/v1/auth/logout', { body: { refresh_token: data.refresh_token } });
      return null;
    }
    return save(toSession(data));
  }
  if (response.status === 401) {
    endSession('expired');
    return null;
  }
  throw new Error(`Could not refresh the session (HTTP ${response.status}).`);
}

/** The stored session, refreshed first when its access token is about to expire. */
async function currentSession(): Promise<StoredSession | null> {
  const session = readSession();
  if (session === null) return null;
  const margin = Math.min(REFRESH_MARGIN_MS, session.accessLifetimeMs / 10);
  if (Date.now() < session.accessExpiresAt - margin) return session;
  return refreshSession(session.refreshToken);
}

async function problemCode(response: Response): Promise<unknown> {
  const body: unknown = await response
    .clone()
    .json()
    .catch(() => null);
  return typeof body === 'object' && body !== null ? (body as { code?: unknown }).code : undefined;
}

function isAuthEndpoint(request: Request): boolean {
  return new URL(request.url).pathname.startsWith('/api/v1/auth/');
}

/**
 * `fetch` for the API client: adds the access token, refreshing it before it expires; on a 401
 * (revoked, clock skew) refreshes once and retries the request once.
 */
export async function authFetch(request: Request): Promise<Response> {
  if (isAuthEndpoint(request)) return fetch(request);
  const retry = request.clone();
  const session = await currentSession();
  if (session) request.headers.set('Authorization', `Bearer ${session.accessToken}`);
  const response = await fetch(request);
  if (response.status !== 401 || session === null) return response;
  // Only a refused token is worth a refresh: a wrong current password is a 401 too.
  if ((await problemCode(response)) !== 'UNAUTHENTICATED') return response;

  const renewed = await refreshSession(session.refreshToken);
  if (renewed === null) return response;
  retry.headers.set('Authorization', `Bearer ${renewed.accessToken}`);
  const second = await fetch(retry);
  if (second.status === 401) endSession('expired');
  return second;
}

/** Ends the session here and on the server (best effort: the tokens are gone locally anyway). */
export async function logout(): Promise<void> {
  const session = readSession();
  endSession('logout');
  if (session === null) return;
  try {
    await authApi.POST('/api/v1/auth/logout', { body: { refresh_token: session.refreshToken } });
  } catch {
    // offline: the tokens expire on their own
  }
}
