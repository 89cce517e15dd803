import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { asApiError, type EventDetail } from '../api/client';
import { LoadError } from '../components/LoadError';
import { AttendancePanel } from '../components/AttendancePanel';
import { DraftBanner } from '../components/DraftBanner';
import { StatusBadge } from '../components/EventBits';
import { EventFacts } from '../components/EventFacts';
import { HostsSection } from '../components/HostsSection';
import { OwnerActions } from '../components/OwnerActions';
import { OwnerAttendees } from '../components/OwnerAttendees';
import { SpotNotice } from '../components/SpotNotice';
import { can } from '../events/event-permissions';
import { eventQuery } from '../events/event-queries';
import { formatDateTime } from '../lib/format';
import { useEventId } from '../lib/use-event-id';
import { useTitle } from '../lib/use-title';
import { NotFound } from './NotFound';

export function EventPage() {
  const id = useEventId();
  return id === null ? <NotFound /> : <EventView key={id} id={id} />;
}

function EventView({ id }: { id: number }) {
  const query = useQuery(eventQuery(id));
  const event = query.data;
  const missing =
    query.isError &&
    ['EVENT_NOT_FOUND', 'VALIDATION_FAILED'].includes(asApiError(query.error).code);
  useTitle(event?.name ?? (missing ? 'Event not found' : 'Event'));

  if (missing) {
    return (
      <section>
        <h1 tabIndex={-1}>Event not found</h1>
        <p>This event does not exist, was deleted, or is a draft you cannot see.</p>
        <p>
          <Link to="/">Back to all events</Link>
        </p>
      </section>
    );
  }

  return (
    <article className="event-page" aria-busy={query.isPending}>
      <p className="breadcrumb">
        <Link to="/">← All events</Link>
      </p>
      <div className="page-head">
        <h1 tabIndex={-1}>{event?.name ?? 'Loading event…'}</h1>
        {event && can(event, 'edit') && <OwnerActions event={event} />}
      </div>

      {query.isError && !event && (
        <LoadError error={query.error} onRetry={() => void query.refetch()} />
      )}

      {event && <EventBody event={event} />}
    </article>
  );
}

function EventBody({ event }: { event: EventDetail }) {
  const [published, setPublished] = useState(false);

  return (
    <>
      {event.status === 'cancelled' && (
        <div className="alert alert-warning cancelled-banner" data-testid="cancelled-banner">
          <p>
            <strong>This event was cancelled</strong>
            {event.cancelledAt && <> on {formatDateTime(event.cancelledAt)}</>}.
          </p>
          {event.cancellationReason && <p>Reason: {event.cancellationReason}</p>}
        </div>
      )}
      {!event.published && <DraftBanner event={event} onPublished={() => setPublished(true)} />}
      <div role="status" className="status-region">
        {published && event.published && (
          <p className="alert alert-success" data-testid="published">
            <strong>Published.</strong> Everyone can now see this event and register.
          </p>
        )}
      </div>
      <SpotNotice
        event={event}
        long
        onDismissed={() => document.querySelector<HTMLElement>('main h1')?.focus()}
      />
      <div className="event-layout">
        <div className="event-details">
          <p className="badges">
            <StatusBadge status={event.status} />
            {event.isAttending && <span className="badge badge-attending">You’re going</span>}
          </p>
          <EventFacts event={event} />
          {event.seriesId !== null && (
            <p className="series-link">
              Part of a series.{' '}
              <Link to={`/series/${event.seriesId}`} data-testid="series-link">
                See all its dates
              </Link>
            </p>
          )}
          <h2>About</h2>
          {event.description ? (
            <p className="description">{event.description}</p>
          ) : (
            <p className="muted">No description.</p>
          )}
          <HostLinks event={event} />
          {can(event, 'readAttendees') && (
            <OwnerAttendees id={event.id} canExport={can(event, 'exportAttendees')} />
          )}
          {can(event, 'listHosts') && <HostsSection event={event} />}
        </div>
        <AttendancePanel event={event} />
      </div>
    </>
  );
}

/** The hosts' pages of the event, as their role allows. */
function HostLinks({ event }: { event: EventDetail }) {
  const attendees = can(event, 'readAttendees');
  const checkIn = can(event, 'checkIn');
  if (!attendees && !checkIn) return null;
  return (
    <nav className="host-links" aria-label="Hosting">
      {attendees && (
        <Link to={`/events/${event.id}/attendees`} className="button">
          Attendees
          {event.pendingCount ? ` (${event.pendingCount} pending)` : ''}
        </Link>
      )}
      {checkIn && (
        <Link to={`/events/${event.id}/check-in`} className="button">
          Check-in
        </Link>
      )}
    </nav>
  );
}
