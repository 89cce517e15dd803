import { useState } from 'react';
import { api, errorMessage, type EventDetail } from '../api/client';
import { useEventMutations } from '../events/event-mutations';
import { can } from '../events/event-permissions';
import { saveBlob } from '../lib/download';
import { plural } from '../lib/format';
import { CapacityBar, registrationBlocker } from './EventBits';

/** Register, unregister, the waiting list and "Add to calendar", for the person viewing. */
export function AttendancePanel({ event }: { event: EventDetail }) {
  const mutations = useEventMutations(event.id);
  const [note, setNote] = useState<string>();
  const [failure, setFailure] = useState<string>();
  const busy = Object.values(mutations).some((m) => m.isPending);
  const blocker = registrationBlocker(event);
  const path = { params: { path: { id: event.id } } };

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

  const addToCalendar = async () => {
    try {
      const { data } = await api.GET('/api/v1/events/{id}/calendar', { ...path, parseAs: 'blob' });
      if (data) saveBlob(data, `event-${event.id}.ics`);
    } catch (error) {
      setFailure(errorMessage(error));
    }
  };

  const full = event.capacity !== null && event.spotsLeft === 0;
  let action: { label: string; primary: boolean; run(): Promise<unknown>; done: string };
  if (event.isAttending) {
    action = {
      label: 'Unregister',
      primary: false,
      run: () => mutations.unregister.mutateAsync(path),
      done: 'You are no longer registered for this event.',
    };
  } else if (event.isWaitlisted) {
    action = {
      label: 'Leave the waiting list',
      primary: false,
      run: () => mutations.leaveWaitlist.mutateAsync(path),
      done: 'You left the waiting list.',
    };
  } else if (full) {
    action = {
      label: 'Join the waiting list',
      primary: true,
      run: () => mutations.joinWaitlist.mutateAsync(path),
      done: 'You are on the waiting list. You get a spot as soon as one frees up.',
    };
  } else {
    action = {
      label: 'Register',
      primary: true,
      run: () => mutations.register.mutateAsync(path),
      done: 'You are registered. See you there!',
    };
  }

  return (
    <aside className="event-side" aria-labelledby="attendance-title">
      <h2 id="attendance-title">Attendance</h2>
      <CapacityBar event={event} />
      {event.isWaitlisted && (
        <p className="alert alert-info" data-testid="waitlist-position">
          You are number {event.waitlistPosition} on the waiting list.
        </p>
      )}
      {!event.isWaitlisted && !event.isAttending && full && blocker === null && (
        <p className="hint" data-testid="registration-blocker">
          This event is full.{' '}
          {event.waitlistCount > 0
            ? `${plural(event.waitlistCount, 'person', 'people')} waiting.`
            : 'Nobody is waiting yet.'}
        </p>
      )}
      <div role="status" className="status-region">
        {note && <p className="alert alert-success">{note}</p>}
      </div>
      {failure && (
        <p className="alert alert-error" role="alert">
          {failure}
        </p>
      )}
      <div className="register">
        <button
          type="button"
          className={`button ${action.primary ? 'button-primary' : ''} button-block`}
          disabled={busy || blocker !== null}
          aria-describedby={blocker ? 'registration-blocker' : undefined}
          onClick={() => void act(action.run, action.done)}
        >
          {action.label}
        </button>
        {blocker && (
          <p id="registration-blocker" className="hint" data-testid="registration-blocker">
            {blocker}
          </p>
        )}
        <button type="button" className="button button-block" onClick={() => void addToCalendar()}>
          Add to calendar
        </button>
      </div>
      {!can(event, 'readAttendees') && <PublicLists event={event} />}
    </aside>
  );
}

function PublicLists({ event }: { event: EventDetail }) {
  return (
    <>
      <h3>
        {event.attendees.length === 0
          ? 'No attendees yet'
          : plural(event.attendees.length, 'attendee')}
      </h3>
      {event.attendees.length > 0 && (
        <ol className="attendees" data-testid="attendees">
          {event.attendees.map((attendee) => (
            <li key={attendee.id}>{attendee.username}</li>
          ))}
        </ol>
      )}
      {event.waitlist.length > 0 && (
        <>
          <h3>Waiting list</h3>
          <ol className="attendees" data-testid="waitlist">
            {event.waitlist.map((person) => (
              <li key={person.id}>{person.username}</li>
            ))}
          </ol>
        </>
      )}
    </>
  );
}
