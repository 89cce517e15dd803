import type { components } from '../api/schema';

export type TokenPair = components['schemas']['TokenPairDto'];

/** Where this tab keeps the session (localStorage; other tabs see it through `storage` events). */
export const STORAGE_KEY = 'event-manager.session';

/** What survives a reload: the token pair and when each token stops working (epoch ms). */
export interface StoredSession {
  accessToken: string;
  refreshToken: string;
  accessExpiresAt: number;
  refreshExpiresAt: number;
  accessLifetimeMs: number;
}

export function isStoredSession(value: unknown): value is StoredSession {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.accessToken === 'string' &&
    typeof v.refreshToken === 'string' &&
    typeof v.accessExpiresAt === 'number' &&
    typeof v.refreshExpiresAt === 'number' &&
    typeof v.accessLifetimeMs === 'number'
  );
}

/** Always read from storage, never cached: another tab may have rotated the tokens. */
export function readSession(): StoredSession | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    const parsed: unknown = raw === null ? null : JSON.parse(raw);
    return isStoredSession(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

export function toSession(pair: TokenPair, receivedAt = Date.now()): StoredSession {
  return {
    accessToken: pair.access_token,
    refreshToken: pair.refresh_token,
    accessExpiresAt: receivedAt + pair.expires_in * 1000,
    refreshExpiresAt: receivedAt + pair.refresh_expires_in * 1000,
    accessLifetimeMs: pair.expires_in * 1000,
  };
}

export function writeLocal(session: StoredSession | null): void {
  if (session === null) localStorage.removeItem(STORAGE_KEY);
  else localStorage.setItem(STORAGE_KEY, JSON.stringify(session));
}
