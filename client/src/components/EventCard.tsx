import { useRef } from 'react';
import { Link } from 'react-router';
import type { EventSummary } from '../api/client';
import { categoryLabel } from '../events/categories';
import { eventTimes } from '../lib/format';
import { CapacityBar, StatusBadge } from './EventBits';
import { SpotNotice } from './SpotNotice';

export function EventCard({ event }: { event: EventSummary }) {
  const times = eventTimes(event);
  const link = useRef<HTMLAnchorElement>(null);
  return (
    <li className="event-card" data-testid="event-card">
      <div className="event-card-main">
        <h3>
          <Link ref={link} to={`/events/${event.id}`}>
            {event.name}
          </Link>
        </h3>
        <p className="event-meta">
          <time dateTime={event.startsAt}>{times.own}</time>
          {event.location && <span> · {event.location}</span>}
        </p>
        <p className="badges">
          <StatusBadge status={event.status} />
          <span className="badge badge-category">{categoryLabel(event.category)}</span>
          {event.isOwner ? (
            <span className="badge badge-owner">You organize this</span>
          ) : (
            <>
              {event.myRole === 'cohost' && (
                <span className="badge badge-host">You co-host this</span>
              )}
              {event.myRole === 'checker' && (
                <span className="badge badge-host">You check people in</span>
              )}
              <span className="muted">by {event.owner.username}</span>
            </>
          )}
          {event.isAttending && <span className="badge badge-attending">You’re going</span>}
          {event.isWaitlisted && (
            <span className="badge badge-waiting">Waiting list #{event.waitlistPosition}</span>
          )}
        </p>
        <SpotNotice event={event} onDismissed={() => link.current?.focus()} />
      </div>
      <div className="event-card-side">
        <CapacityBar event={event} compact />
      </div>
    </li>
  );
}
