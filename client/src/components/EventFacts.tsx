import type { EventDetail } from '../api/client';
import { categoryLabel } from '../events/categories';
import { eventTimes } from '../lib/format';

/** When (in the event's zone, and the viewer's when it differs), where, who, what kind. */
export function EventFacts({ event }: { event: EventDetail }) {
  const times = eventTimes(event, true);
  return (
    <dl className="facts">
      <div>
        <dt>When</dt>
        <dd>
          <time dateTime={event.startsAt} data-testid="event-when">
            {times.own}
          </time>
          {times.viewer && (
            <span className="muted when-viewer" data-testid="event-when-viewer">
              {times.viewer}
            </span>
          )}
        </dd>
      </div>
      <div>
        <dt>Where</dt>
        <dd>{event.location ?? <span className="muted">No location given</span>}</dd>
      </div>
      <div>
        <dt>Category</dt>
        <dd data-testid="event-category">{categoryLabel(event.category)}</dd>
      </div>
      <div>
        <dt>Organizer</dt>
        <dd data-testid="event-owner">
          {event.owner.username}
          {event.isOwner && <span className="muted"> (you)</span>}
        </dd>
      </div>
    </dl>
  );
}
