import { useQuery, useQueryClient } from '@tanstack/react-query';
import { $api, errorMessage, type DeviceSession } from '../api/client';
import { useSession } from '../auth/session';
import { formatDateTime } from '../lib/format';

export const sessionsQuery = $api.queryOptions('get', '/api/v1/users/me/sessions');

/** "Chrome on Linux" from a User-Agent, enough to tell one's devices apart. */
export function describeDevice(userAgent: string | null): string {
  if (!userAgent) return 'Unknown device';
  const browser = /Edg\//.test(userAgent)
    ? 'Edge'
    : /Firefox\//.test(userAgent)
      ? 'Firefox'
      : /Chrom(e|ium)\//.test(userAgent)
        ? 'Chrome'
        : /Safari\//.test(userAgent)
          ? 'Safari'
          : 'A browser';
  const os = /Android/.test(userAgent)
    ? 'Android'
    : /iPhone|iPad/.test(userAgent)
      ? 'iOS'
      : /Windows/.test(userAgent)
        ? 'Windows'
        : /Mac OS X/.test(userAgent)
          ? 'macOS'
          : /Linux/.test(userAgent)
            ? 'Linux'
            : 'an unknown system';
  return `${browser} on ${os}`;
}

export function SessionsList() {
  const queryClient = useQueryClient();
  const { logout } = useSession();
  const sessions = useQuery(sessionsQuery);
  const revoke = $api.useMutation('delete', '/api/v1/users/me/sessions/{id}', {
    onSettled: () => queryClient.invalidateQueries({ queryKey: sessionsQuery.queryKey }),
  });

  return (
    <section className="card" aria-labelledby="sessions-title">
      <h2 id="sessions-title">Signed-in devices</h2>
      {sessions.isError && (
        <p className="alert alert-error" role="alert">
          {errorMessage(sessions.error)}
        </p>
      )}
      {revoke.isError && (
        <p className="alert alert-error" role="alert">
          {errorMessage(revoke.error)}
        </p>
      )}
      {sessions.isPending ? (
        <p className="muted">Loading…</p>
      ) : (
        <ul className="sessions" data-testid="sessions">
          {sessions.data?.items.map((session) => (
            <SessionRow
              key={session.id}
              session={session}
              busy={revoke.isPending}
              onSignOut={() =>
                session.current
                  ? void logout()
                  : revoke.mutate({ params: { path: { id: session.id } } })
              }
            />
          ))}
        </ul>
      )}
    </section>
  );
}

function SessionRow(props: { session: DeviceSession; busy: boolean; onSignOut(): void }) {
  const { session, busy, onSignOut } = props;
  const labelId = `session-${session.id}`;
  return (
    <li className="session" data-testid="session">
      <div id={labelId}>
        <strong>{describeDevice(session.userAgent)}</strong>
        {session.current && <span className="badge badge-owner">This device</span>}
        <p className="muted">
          Signed in {formatDateTime(session.createdAt)}
          {session.lastUsedAt && <> · last active {formatDateTime(session.lastUsedAt)}</>}
        </p>
      </div>
      <button
        type="button"
        className="button button-small"
        aria-describedby={labelId}
        disabled={busy}
        onClick={onSignOut}
      >
        {session.current ? 'Log out' : 'Sign out this device'}
      </button>
    </li>
  );
}
