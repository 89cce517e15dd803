import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { asApiError, type EventSummary, type Series } from '../api/client';
import { LoadError } from '../components/LoadError';
import { StatusBadge } from '../components/EventBits';
import { can } from '../events/event-permissions';
import { formatRange, plural } from '../lib/format';
import { zoneLabel } from '../lib/time-zones';
import { useEventId } from '../lib/use-event-id';
import { useTitle } from '../lib/use-title';
import { describeRule } from '../series/describe';
import { SeriesActions } from '../series/SeriesActions';
import { seriesQuery } from '../series/series-api';
import { NotFound } from './NotFound';

export function SeriesPage() {
  const id = useEventId();
  return id === null ? <NotFound /> : <SeriesView key={id} id={id} />;
}

function SeriesView({ id }: { id: number }) {
  const query = useQuery(seriesQuery(id));
  const series = query.data;
  const first = series?.occurrences[0];
  const missing = query.isError && asApiError(query.error).code === 'SERIES_NOT_FOUND';
  useTitle(first ? `${first.name} (series)` : missing ? 'Series not found' : 'Series');

  if (missing || (series && !first)) {
    return (
      <section>
        <h1 tabIndex={-1}>Series not found</h1>
        <p>This series does not exist or was deleted.</p>
        <p>
          <Link to="/">Back to all events</Link>
        </p>
      </section>
    );
  }
  return (
    <article className="series-page" aria-busy={query.isPending}>
      <p className="breadcrumb">
        <Link to="/">← All events</Link>
      </p>
      <div className="page-head">
        <h1 tabIndex={-1}>{first?.name ?? 'Loading series…'}</h1>
        {series && first && can(first, 'edit') && <SeriesActions series={series} />}
      </div>
      {query.isError && !series && (
        <LoadError error={query.error} onRetry={() => void query.refetch()} />
      )}
      {series && <Occurrences series={series} />}
    </article>
  );
}

/** "3 of 10 spots left", "Full", "12 registered" once it is no longer open. */
function spots(event: EventSummary): string {
  if (event.status !== 'upcoming') return `${event.attendeeCount} registered`;
  if (event.capacity === null) return `${event.attendeeCount} attending · no limit`;
  if (event.spotsLeft === 0)
    return event.waitlistCount > 0 ? `Full · ${event.waitlistCount} waiting` : 'Full';
  return `${event.spotsLeft} of ${event.capacity} spots left`;
}

function Occurrences({ series }: { series: Series }) {
  const { occurrences, timeZone } = series;
  const upcoming = occurrences.filter((e) => e.status === 'upcoming').length;
  return (
    <>
      <p data-testid="series-summary">
        A series of {plural(occurrences.length, 'event')} ({upcoming} upcoming), each at the same
        time on {zoneLabel(timeZone)}. Each one has its own registrations.
      </p>
      <div className="table-wrap">
        <table className="people series-dates" data-testid="series-dates">
          <caption>Dates ({zoneLabel(timeZone)})</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Status</th>
              <th scope="col">Spots</th>
            </tr>
          </thead>
          <tbody>
            {occurrences.map((event) => (
              <tr key={event.id}>
                <td>
                  <Link to={`/events/${event.id}`}>
                    <time dateTime={event.startsAt}>
                      {formatRange(event.startsAt, event.endsAt, timeZone)}
                    </time>
                  </Link>
                  {event.isAttending && <span className="badge badge-attending">You’re going</span>}
                </td>
                <td>
                  <StatusBadge status={event.status} />
                </td>
                <td>{spots(event)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted" data-testid="series-rule">
        {describeRule(series.recurrence, timeZone) ?? 'Repeats'} (RFC 5545:{' '}
        <code>{series.recurrence}</code>).
      </p>
    </>
  );
}
