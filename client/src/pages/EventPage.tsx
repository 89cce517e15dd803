import { useEffect, useRef, useState } from 'react';
import { api, ApiError, call, errorMessage, isAbort, type EventDetail } from '../api/client';
import { CapacityBar, registrationBlocker, StatusBadge } from '../components/EventBits';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { flash } from '../flash';
import { formatRange, plural, timeZone } from '../lib/format';
import { useTitle } from '../lib/use-title';
import { Link, navigate } from '../router';

type Load =
  | { state: 'loading' }
  | { state: 'done'; event: EventDetail }
  | { state: 'missing' }
  | { state: 'failed'; message: string };

export function EventPage({ id }: { id: number }) {
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<string>();
  const [confirming, setConfirming] = useState(false);
  const deleteButton = useRef<HTMLButtonElement>(null);
  const event = load.state === 'done' ? load.event : undefined;
  useTitle(event?.name ?? (load.state === 'missing' ? 'Event not found' : 'Event'));

  useEffect(() => {
    const controller = new AbortController();
    call(api.GET('/api/v1/events/{id}', { params: { path: { id } }, signal: controller.signal }))
      .then((loaded) => setLoad({ state: 'done', event: loaded }))
      .catch((error: unknown) => {
        if (isAbort(error)) return;
        const missing =
          error instanceof ApiError &&
          (error.code === 'EVENT_NOT_FOUND' || error.code === 'VALIDATION_FAILED');
        setLoad(missing ? { state: 'missing' } : { state: 'failed', message: errorMessage(error) });
      });
    return () => controller.abort();
  }, [id, attempt]);

  const reload = () => setAttempt((n) => n + 1);

  const toggleRegistration = async (attending: boolean) => {
    setBusy(true);
    setActionError(undefined);
    try {
      if (attending) {
        await call(api.DELETE('/api/v1/events/{id}/registration', { params: { path: { id } } }));
        flash('You are no longer registered for this event.', 'info');
      } else {
        await call(api.POST('/api/v1/events/{id}/registration', { params: { path: { id } } }));
        flash('You are registered. See you there!');
      }
    } catch (error) {
      setActionError(errorMessage(error));
    }
    setBusy(false);
    reload();
  };

  const remove = async () => {
    setBusy(true);
    try {
      await call(api.DELETE('/api/v1/events/{id}', { params: { path: { id } } }));
      setConfirming(false);
      navigate('/?scope=mine');
      flash(`“${event?.name ?? 'The event'}” was deleted.`);
    } catch (error) {
      setConfirming(false);
      setActionError(errorMessage(error));
      setBusy(false);
      reload();
    }
  };

  if (load.state === 'missing') {
    return (
      <section>
        <h1 tabIndex={-1}>Event not found</h1>
        <p>This event does not exist or was deleted.</p>
        <p>
          <Link to="/">Back to all events</Link>
        </p>
      </section>
    );
  }

  const blocker = event ? registrationBlocker(event) : null;

  return (
    <article className="event-page" aria-busy={load.state === 'loading'}>
      <p className="breadcrumb">
        <Link to="/">← All events</Link>
      </p>
      <div className="page-head">
        <h1 tabIndex={-1}>{event?.name ?? 'Loading event…'}</h1>
        {event?.isOwner && (
          <div className="actions">
            <Link to={`/events/${id}/edit`} className="button">
              Edit
            </Link>
            <button
              ref={deleteButton}
              type="button"
              className="button button-danger-outline"
              onClick={() => setConfirming(true)}
            >
              Delete
            </button>
          </div>
        )}
      </div>

      {load.state === 'failed' && (
        <div className="alert alert-error" role="alert">
          <p>{load.message}</p>
          <button type="button" className="button" onClick={reload}>
            Try again
          </button>
        </div>
      )}

      {event && (
        <div className="event-layout">
          <div className="event-details">
            <p className="badges">
              <StatusBadge status={event.status} />
              {event.isAttending && <span className="badge badge-attending">You’re going</span>}
            </p>
            <dl className="facts">
              <div>
                <dt>When</dt>
                <dd>
                  <time dateTime={event.startsAt} data-testid="event-when">
                    {formatRange(event.startsAt, event.endsAt, true)}
                  </time>
                  <span className="muted hint-inline"> (your time zone: {timeZone})</span>
                </dd>
              </div>
              <div>
                <dt>Where</dt>
                <dd>{event.location ?? <span className="muted">No location given</span>}</dd>
              </div>
              <div>
                <dt>Organizer</dt>
                <dd data-testid="event-owner">
                  {event.owner.username}
                  {event.isOwner && <span className="muted"> (you)</span>}
                </dd>
              </div>
            </dl>
            <h2>About</h2>
            {event.description ? (
              <p className="description">{event.description}</p>
            ) : (
              <p className="muted">No description.</p>
            )}
          </div>

          <aside className="event-side" aria-labelledby="attendance-title">
            <h2 id="attendance-title">Attendance</h2>
            <CapacityBar event={event} />
            {actionError && (
              <p className="alert alert-error" role="alert">
                {actionError}
              </p>
            )}
            <div className="register">
              <button
                type="button"
                className={`button ${event.isAttending ? '' : 'button-primary'} button-block`}
                disabled={busy || blocker !== null}
                aria-describedby={blocker ? 'registration-blocker' : undefined}
                onClick={() => void toggleRegistration(event.isAttending)}
              >
                {event.isAttending ? 'Unregister' : 'Register'}
              </button>
              {blocker && (
                <p id="registration-blocker" className="hint" data-testid="registration-blocker">
                  {blocker}
                </p>
              )}
            </div>
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
          </aside>
        </div>
      )}

      <ConfirmDialog
        open={confirming}
        title="Delete this event?"
        confirmLabel="Delete event"
        busy={busy}
        onConfirm={() => void remove()}
        onCancel={() => {
          setConfirming(false);
          deleteButton.current?.focus();
        }}
      >
        <p>
          “{event?.name}” will be removed for everyone
          {event && event.attendeeCount > 0
            ? `, including its ${plural(event.attendeeCount, 'registered attendee')}`
            : ''}
          . This cannot be undone.
        </p>
      </ConfirmDialog>
    </article>
  );
}
