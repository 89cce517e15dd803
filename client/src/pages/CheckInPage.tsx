import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { errorMessage, type EventDetail } from '../api/client';
import { CameraScanner } from '../components/CameraScanner';
import { useAttendeeMutations } from '../events/attendee-mutations';
import { checkInOutcome, normalizeCode, type CheckInOutcome } from '../events/check-in';
import { can } from '../events/event-permissions';
import { eventQuery } from '../events/event-queries';
import { useEventId } from '../lib/use-event-id';
import { useTitle } from '../lib/use-title';
import { NotFound } from './NotFound';

/** Check-in at the door, for hosts and checkers: a typed, pasted or scanned ticket code. */
export function CheckInPage() {
  const id = useEventId();
  return id === null ? <NotFound /> : <CheckIn key={id} id={id} />;
}

function CheckIn({ id }: { id: number }) {
  const query = useQuery(eventQuery(id));
  const event = query.data;
  useTitle(event ? `Check-in: ${event.name}` : 'Check-in');
  return (
    <section className="check-in-page" aria-busy={query.isPending}>
      <p className="breadcrumb">
        <Link to={`/events/${id}`}>← Back to the event</Link>
      </p>
      <h1 tabIndex={-1}>Check-in</h1>
      {query.isError && (
        <p className="alert alert-error" role="alert">
          {errorMessage(query.error)}
        </p>
      )}
      {event &&
        (can(event, 'checkIn') ? (
          <Scanner event={event} />
        ) : (
          <p className="alert alert-warning">
            Only the hosts and checkers of “{event.name}” can check people in.
          </p>
        ))}
    </section>
  );
}

interface Scan extends CheckInOutcome {
  n: number;
}

const ICON = { in: '✓', again: '!', refused: '✕' } as const;

function Scanner({ event }: { event: EventDetail }) {
  const { checkIn } = useAttendeeMutations(event.id);
  const [code, setCode] = useState('');
  const [scans, setScans] = useState<Scan[]>([]);
  const input = useRef<HTMLInputElement>(null);
  const count = useRef(0);
  const last = scans[0];
  // The door's scanner types into whatever has focus: the code field, once the page has settled
  // (the layout focuses the heading after a navigation first).
  useEffect(() => {
    const timer = setTimeout(() => input.current?.focus(), 0);
    return () => clearTimeout(timer);
  }, []);

  const send = (text: string) => {
    const scanned = normalizeCode(text);
    // Ready for the next code at once: the answer shows when it comes.
    setCode('');
    input.current?.focus();
    if (scanned === '') return;
    const n = (count.current += 1);
    const show = (outcome: CheckInOutcome) =>
      setScans((all) => [{ ...outcome, n }, ...all].sort((a, b) => b.n - a.n).slice(0, 6));
    checkIn.mutateAsync({ params: { path: { id: event.id } }, body: { code: scanned } }).then(
      (result) => show(checkInOutcome({ result })),
      (error: unknown) => show(checkInOutcome({ error })),
    );
  };

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    send(code);
  };

  return (
    <>
      <p className="lead">
        <strong>{event.name}</strong>
        {event.checkedInCount !== null && (
          <span className="muted" data-testid="checked-in-count">
            {' '}
            · {event.checkedInCount} of {event.attendeeCount} checked in
          </span>
        )}
      </p>
      <form className="check-in-form" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor="ticket-code">Ticket code</label>
          <p className="hint" id="ticket-code-hint">
            Type or paste the code under the QR code, or scan it; press Enter to check in.
          </p>
          <div className="check-in-row">
            <input
              ref={input}
              id="ticket-code"
              type="text"
              autoComplete="off"
              autoCapitalize="off"
              spellCheck={false}
              maxLength={200}
              aria-describedby="ticket-code-hint"
              value={code}
              onChange={(e) => setCode(e.target.value)}
            />
            <button type="submit" className="button button-primary">
              Check in
            </button>
          </div>
        </div>
      </form>
      <CameraScanner onCode={send} />
      <div
        className="check-in-result"
        role="status"
        aria-live="polite"
        data-testid="check-in-result"
      >
        {last ? (
          <div
            key={last.n}
            className={`check-in-outcome check-in-${last.tone}`}
            data-tone={last.tone}
          >
            <span className="check-in-icon" aria-hidden="true">
              {ICON[last.tone]}
            </span>
            <div>
              <p className="check-in-title">{last.title}</p>
              <p>{last.detail}</p>
            </div>
          </div>
        ) : (
          <p className="muted">{checkIn.isPending ? 'Checking…' : 'Waiting for the first code.'}</p>
        )}
      </div>
      {scans.length > 1 && (
        <>
          <h2>Earlier scans</h2>
          <ol className="check-in-history">
            {scans.slice(1).map((scan) => (
              <li key={scan.n} className={`check-in-${scan.tone}`}>
                <span aria-hidden="true">{ICON[scan.tone]} </span>
                {scan.title}
              </li>
            ))}
          </ol>
        </>
      )}
    </>
  );
}
