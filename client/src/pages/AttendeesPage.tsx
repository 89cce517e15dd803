import { useMutation, useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { api, errorMessage, type EventDetail, type RegistrationStatus } from '../api/client';
import { AttendeeTable } from '../components/AttendeeTable';
import { Segmented } from '../components/Segmented';
import { can } from '../events/event-permissions';
import { eventQuery } from '../events/event-queries';
import { saveBlob } from '../lib/download';
import { useEventId } from '../lib/use-event-id';
import { useTitle } from '../lib/use-title';
import { NotFound } from './NotFound';

type Filter = RegistrationStatus | 'all';

const FILTERS: ReadonlyArray<readonly [Filter, string]> = [
  ['all', 'Everyone'],
  ['attending', 'Attending'],
  ['waitlisted', 'Waiting list'],
  ['pending', 'Pending'],
  ['declined', 'Declined'],
];

const isFilter = (value: string | null): value is Filter =>
  FILTERS.some(([filter]) => filter === value);

/** The hosts' attendee page: who comes, waits or asks, their answers and check-in, the CSV. */
export function AttendeesPage() {
  const id = useEventId();
  return id === null ? <NotFound /> : <Attendees key={id} id={id} />;
}

function Attendees({ id }: { id: number }) {
  const query = useQuery(eventQuery(id));
  const event = query.data;
  useTitle(event ? `Attendees of ${event.name}` : 'Attendees');

  return (
    <section className="attendees-page" aria-busy={query.isPending}>
      <p className="breadcrumb">
        <Link to={`/events/${id}`}>← Back to the event</Link>
      </p>
      <h1 tabIndex={-1}>Attendees</h1>
      {query.isError && (
        <p className="alert alert-error" role="alert">
          {errorMessage(query.error)}
        </p>
      )}
      {event &&
        (can(event, 'readAttendees') ? (
          <AttendeesBody event={event} />
        ) : (
          <p className="alert alert-warning">
            Only the hosts of “{event.name}” can see who attends it.
          </p>
        ))}
    </section>
  );
}

function AttendeesBody({ event }: { event: EventDetail }) {
  const [search, setSearch] = useSearchParams();
  const raw = search.get('status');
  const filter: Filter = isFilter(raw) ? raw : 'all';
  const download = useMutation({
    mutationFn: async () => {
      const { data } = await api.GET('/api/v1/events/{id}/attendees', {
        params: { path: { id: event.id }, query: { format: 'csv' } },
        parseAs: 'blob',
      });
      if (data) saveBlob(data, `event-${event.id}-attendees.csv`);
    },
  });

  return (
    <>
      <p className="lead">
        <strong>{event.name}</strong>
      </p>
      <dl className="facts attendee-counts" data-testid="attendee-counts">
        <div>
          <dt>Attending</dt>
          <dd>{event.attendeeCount}</dd>
        </div>
        <div>
          <dt>Checked in</dt>
          <dd>{event.checkedInCount ?? 0}</dd>
        </div>
        {event.requiresApproval ? (
          <div>
            <dt>Pending requests</dt>
            <dd>{event.pendingCount ?? 0}</dd>
          </div>
        ) : (
          <div>
            <dt>Waiting</dt>
            <dd>{event.waitlistCount}</dd>
          </div>
        )}
      </dl>
      <div className="section-head">
        <Segmented
          legend="Show"
          name="status"
          value={filter}
          options={FILTERS}
          onChange={(next) => setSearch(next === 'all' ? {} : { status: next }, { replace: false })}
        />
        <div className="actions">
          {can(event, 'checkIn') && (
            <Link to={`/events/${event.id}/check-in`} className="button">
              Check-in
            </Link>
          )}
          {can(event, 'exportAttendees') && (
            <button
              type="button"
              className="button"
              disabled={download.isPending}
              onClick={() => download.mutate()}
            >
              Download CSV
            </button>
          )}
        </div>
      </div>
      {download.isError && (
        <p className="alert alert-error" role="alert">
          {errorMessage(download.error)}
        </p>
      )}
      <AttendeeTable event={event} status={filter === 'all' ? undefined : filter} />
    </>
  );
}
