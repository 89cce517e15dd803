import { useQuery } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { errorMessage, type EventDetail } from '../api/client';
import { useSession } from '../auth/session';
import { can, ROLE_LABEL, type HostRole } from '../events/event-permissions';
import { hostsQuery, useHostMutations } from '../events/host-queries';
import { flashState } from '../lib/flash';
import { formatDateTime } from '../lib/format';
import { AddHostForm } from './AddHostForm';
import { ConfirmDialog } from './ConfirmDialog';

/**
 * Who runs the event, for its hosts: the owner first, then the hosts with their roles. The owner
 * changes roles, removes hosts and adds them by username; a host may leave.
 */
export function HostsSection({ event }: { event: EventDetail }) {
  const list = useQuery(hostsQuery(event.id));
  const { put, remove, leave } = useHostMutations(event.id);
  const { user } = useSession();
  const navigate = useNavigate();
  const manage = can(event, 'manageHosts');
  const [note, setNote] = useState<string>();
  const [failure, setFailure] = useState<string>();
  const [leaving, setLeaving] = useState(false);
  const leaveButton = useRef<HTMLButtonElement>(null);

  const act = async (run: () => Promise<unknown>, done: string) => {
    setNote(undefined);
    setFailure(undefined);
    try {
      await run();
      setNote(done);
    } catch (error) {
      setFailure(errorMessage(error));
    }
  };

  const path = (userId: number) => ({ params: { path: { id: event.id, userId } } });
  const changeRole = (userId: number, username: string, role: HostRole) =>
    act(
      () => put.mutateAsync({ ...path(userId), body: { role } }),
      `${username} is now ${role === 'cohost' ? 'a co-host' : 'a checker'}.`,
    );
  const removeHost = (userId: number, username: string) =>
    act(() => remove.mutateAsync(path(userId)), `${username} is no longer a host.`);
  const confirmLeave = async () => {
    if (!user) return;
    try {
      await leave.mutateAsync(path(user.id));
      await navigate('/?scope=hosting', {
        state: flashState(`You no longer host “${event.name}”.`),
      });
    } catch (error) {
      setLeaving(false);
      setFailure(errorMessage(error));
    }
  };

  return (
    <section className="hosts" aria-labelledby="hosts-title">
      <h2 id="hosts-title">Hosts</h2>
      {list.isError && (
        <p className="alert alert-error" role="alert">
          {errorMessage(list.error)}
        </p>
      )}
      {list.isPending ? (
        <p className="muted">Loading hosts…</p>
      ) : (
        <div className="table-wrap">
          <table className="people" data-testid="hosts">
            <caption className="visually-hidden">Owner and hosts</caption>
            <thead>
              <tr>
                <th scope="col">Username</th>
                <th scope="col">Role</th>
                <th scope="col">Added</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data?.items.map(({ user: person, role, addedAt }) => (
                <tr key={person.id}>
                  <th scope="row">
                    {person.username}
                    {person.id === user?.id && <span className="muted"> (you)</span>}
                  </th>
                  <td>
                    {manage && role !== 'owner' ? (
                      <select
                        aria-label={`Role of ${person.username}`}
                        value={role}
                        disabled={put.isPending}
                        onChange={(e) =>
                          void changeRole(
                            person.id,
                            person.username,
                            e.target.value === 'checker' ? 'checker' : 'cohost',
                          )
                        }
                      >
                        <option value="cohost">{ROLE_LABEL.cohost}</option>
                        <option value="checker">{ROLE_LABEL.checker}</option>
                      </select>
                    ) : (
                      ROLE_LABEL[role]
                    )}
                  </td>
                  <td>
                    <time dateTime={addedAt}>{formatDateTime(addedAt)}</time>
                  </td>
                  <td>
                    {manage && role !== 'owner' && (
                      <button
                        type="button"
                        className="button button-danger-outline"
                        aria-label={`Remove ${person.username}`}
                        disabled={remove.isPending}
                        onClick={() => void removeHost(person.id, person.username)}
                      >
                        Remove
                      </button>
                    )}
                    {!manage && role !== 'owner' && person.id === user?.id && (
                      <button
                        ref={leaveButton}
                        type="button"
                        className="button button-danger-outline"
                        onClick={() => setLeaving(true)}
                      >
                        Leave
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div role="status" className="status-region">
        {note && <p className="alert alert-success">{note}</p>}
      </div>
      {failure && (
        <p className="alert alert-error" role="alert">
          {failure}
        </p>
      )}
      {manage && <AddHostForm eventId={event.id} />}

      <ConfirmDialog
        open={leaving}
        title="Stop hosting this event?"
        confirmLabel="Leave"
        busyLabel="Leaving…"
        dismissLabel="Stay a host"
        busy={leave.isPending}
        onConfirm={() => void confirmLeave()}
        onCancel={() => {
          setLeaving(false);
          leaveButton.current?.focus();
        }}
      >
        <p>
          Only the owner can add you again.
          {!event.published && ' This event is a draft: you will no longer see it.'}
        </p>
      </ConfirmDialog>
    </section>
  );
}
