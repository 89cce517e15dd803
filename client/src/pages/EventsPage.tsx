import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { Link, useSearchParams } from 'react-router';
import { EventCard } from '../components/EventCard';
import { EventFilters } from '../components/EventFilters';
import { LoadError } from '../components/LoadError';
import { Pagination } from '../components/Pagination';
import {
  isFiltered,
  PAGE_SIZE,
  readFilters,
  toQuery,
  writeFilters,
  type Filters,
  type Scope,
} from '../events/event-filters';
import { eventListQuery } from '../events/event-queries';
import { countOf } from '../lib/format';
import { useTitle } from '../lib/use-title';

export function EventsPage() {
  useTitle('Events');
  const [search, setSearch] = useSearchParams();
  const filters = readFilters(search);
  // The previous page stays on screen while the next one loads.
  const list = useQuery({ ...eventListQuery(toQuery(filters)), placeholderData: keepPreviousData });
  const ids = useId();

  const update = (changes: Partial<Filters>, replace = false) =>
    setSearch((current) => writeFilters({ ...readFilters(current), page: 1, ...changes }), {
      replace,
    });
  const clear = () =>
    setSearch(writeFilters({ ...readFilters(new URLSearchParams()), scope: filters.scope }));

  const page = list.data;
  const updating = list.isFetching && (list.isPlaceholderData || !page);
  const pages = page ? Math.max(1, Math.ceil(page.total / PAGE_SIZE)) : 1;
  // Past the server's counting limit the last page is unknown: the next one exists if it says so.
  const more = page?.totalRelation === 'gte' && page.nextCursor !== null;
  const filtered = isFiltered(filters);

  return (
    <>
      <div className="page-head">
        <h1 tabIndex={-1}>Events</h1>
        <Link to="/events/new" className="button button-primary">
          <span aria-hidden="true">+ </span>New event
        </Link>
      </div>

      <EventFilters filters={filters} onChange={update} onClear={clear} />

      <section aria-labelledby={`${ids}-results`} aria-busy={updating}>
        <h2 id={`${ids}-results`} className="results-head" aria-live="polite">
          {page ? countOf(page.total, page.totalRelation, 'event') : 'Loading events…'}
          {updating && page && <span className="muted"> · updating…</span>}
        </h2>
        {list.isError && !page ? (
          <LoadError error={list.error} onRetry={() => void list.refetch()} />
        ) : page && page.items.length === 0 ? (
          <EmptyState scope={filters.scope} filtered={filtered} beyond={page.total > 0} />
        ) : (
          <ul className="event-list" data-testid="event-list">
            {page?.items.map((event) => (
              <EventCard key={event.id} event={event} />
            ))}
          </ul>
        )}
        {page && (
          <Pagination
            page={filters.page}
            pages={pages}
            more={more}
            onPage={(n) => update({ page: n })}
          />
        )}
      </section>
    </>
  );
}

function EmptyState({
  scope,
  filtered,
  beyond,
}: {
  scope: Scope;
  filtered: boolean;
  beyond: boolean;
}) {
  const [search] = useSearchParams();
  if (beyond) {
    const first = new URLSearchParams(search);
    first.delete('page');
    return (
      <p className="empty">
        This page is empty. <Link to={`/?${first.toString()}`}>Go to the first page</Link>.
      </p>
    );
  }
  if (filtered) return <p className="empty">No events match these filters.</p>;
  if (scope === 'mine')
    return (
      <p className="empty">
        You have not created any events yet. <Link to="/events/new">Create one</Link>.
      </p>
    );
  if (scope === 'hosting')
    return (
      <p className="empty">
        You do not own or host any events yet. <Link to="/events/new">Create one</Link>, or ask an
        organizer to add you as a host.
      </p>
    );
  if (scope === 'attending')
    return <p className="empty">You are not registered for any events yet.</p>;
  if (scope === 'waiting') return <p className="empty">You are not on any waiting list.</p>;
  return <p className="empty">No events yet. Be the first to create one.</p>;
}
