import type { EventDetail } from '../api/client';
import { plural } from '../lib/format';

/** Who comes and who waits, by username, for those who do not see the hosts' list. */
export function PublicLists({ event }: { event: EventDetail }) {
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
