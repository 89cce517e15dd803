import { useQuery } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import {
  errorMessage,
  type Attendee,
  type EventDetail,
  type RegistrationStatus,
} from '../api/client';
import { useAttendeeMutations } from '../events/attendee-mutations';
import { attendeesQuery } from '../events/event-queries';
import { can } from '../events/event-permissions';
import { formatDateTime, plural } from '../lib/format';
import { AttendeeAnswers } from './AttendeeAnswers';
import { DeclineDialog } from './DeclineDialog';

const STATUS_LABEL: Record<RegistrationStatus, string> = {
  attending: 'Attending',
  waitlisted: 'Waiting',
  pending: 'Pending',
  declined: 'Declined',
};

/** The hosts' rows: status, answers, check-in, and the decisions their role allows. */
export function AttendeeTable({
  event,
  status,
}: {
  event: EventDetail;
  status?: RegistrationStatus;
}) {
  const list = useQuery(attendeesQuery(event.id, status));
  const { approve, decline, undoCheckIn } = useAttendeeMutations(event.id);
  const [note, setNote] = useState<string>();
  const [declining, setDeclining] = useState<Attendee>();
  const opener = useRef<HTMLButtonElement | null>(null);
  const items = typeof list.data === 'object' ? list.data.items : [];
  const failed = [approve, decline, undoCheckIn].find((m) => m.isError);
  const busy = approve.isPending || decline.isPending || undoCheckIn.isPending;
  const user = (person: Attendee) => ({ params: { path: { id: event.id, userId: person.id } } });

  const closeDialog = () => {
    setDeclining(undefined);
    // A decided row loses its buttons: then the page's heading takes focus.
    const target = opener.current?.isConnected ? opener.current : document.querySelector('h1');
    target?.focus();
  };

  return (
    <>
      <div role="status" className="status-region">
        {note && <p className="alert alert-success">{note}</p>}
      </div>
      {failed && (
        <p className="alert alert-error" role="alert">
          {errorMessage(failed.error)}
        </p>
      )}
      {list.isError && (
        <p className="alert alert-error" role="alert">
          {errorMessage(list.error)}
        </p>
      )}
      {list.isPending ? (
        <p className="muted">Loading…</p>
      ) : items.length === 0 ? (
        <p className="muted" data-testid="no-attendees">
          Nobody here.
        </p>
      ) : (
        <div className="table-wrap">
          <table className="people" data-testid="attendee-rows">
            <caption>{plural(items.length, 'person', 'people')}</caption>
            <thead>
              <tr>
                <th scope="col">Person</th>
                <th scope="col">Status</th>
                <th scope="col">Since</th>
                <th scope="col">Answers</th>
                <th scope="col">Check-in</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {items.map((person) => (
                <tr key={person.id} data-testid={`attendee-${person.username}`}>
                  <th scope="row">
                    {person.username}
                    <span className="person-detail">
                      {[person.firstName, person.lastName].filter(Boolean).join(' ')}
                    </span>
                    <span className="person-detail">{person.email}</span>
                  </th>
                  <td>
                    <span className={`badge badge-status-${person.status}`}>
                      {STATUS_LABEL[person.status]}
                    </span>
                  </td>
                  <td>
                    <time dateTime={person.registeredAt}>
                      {formatDateTime(person.registeredAt)}
                    </time>
                  </td>
                  <td>
                    <AttendeeAnswers questions={event.questions} answers={person.answers} />
                  </td>
                  <td>
                    {person.checkedInAt ? (
                      <>
                        In at{' '}
                        <time dateTime={person.checkedInAt}>
                          {formatDateTime(person.checkedInAt)}
                        </time>
                      </>
                    ) : person.status === 'attending' ? (
                      'Not yet'
                    ) : (
                      '—'
                    )}
                  </td>
                  <td className="row-actions">
                    {person.status === 'pending' && can(event, 'approve') && (
                      <>
                        <button
                          type="button"
                          className="button button-small button-primary"
                          disabled={busy}
                          onClick={() =>
                            approve.mutate(user(person), {
                              onSuccess: () =>
                                setNote(`${person.username} is approved: attending.`),
                            })
                          }
                        >
                          Approve<span className="visually-hidden"> {person.username}</span>
                        </button>
                        <button
                          type="button"
                          className="button button-small button-danger-outline"
                          disabled={busy}
                          onClick={(e) => {
                            opener.current = e.currentTarget;
                            decline.reset();
                            setDeclining(person);
                          }}
                        >
                          Decline<span className="visually-hidden"> {person.username}</span>
                        </button>
                      </>
                    )}
                    {person.checkedInAt && can(event, 'checkIn') && (
                      <button
                        type="button"
                        className="button button-small"
                        disabled={busy}
                        onClick={() =>
                          undoCheckIn.mutate(user(person), {
                            onSuccess: () => setNote(`${person.username} is no longer checked in.`),
                          })
                        }
                      >
                        Undo check-in<span className="visually-hidden"> of {person.username}</span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <DeclineDialog
        person={declining}
        busy={decline.isPending}
        onCancel={closeDialog}
        onConfirm={(reason) => {
          if (!declining) return;
          const who = declining.username;
          decline.mutate(
            { ...user(declining), body: { reason } },
            {
              onSuccess: () => setNote(`${who}’s request was declined.`),
              onSettled: closeDialog,
            },
          );
        }}
      />
    </>
  );
}
