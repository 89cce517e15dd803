import { useEffect, useId, useState } from 'react';
import {
  api,
  call,
  errorMessage,
  isAbort,
  type EventPage,
  type EventQuery,
  type EventSort,
  type EventSummary,
} from '../api/client';
import { CapacityBar, StatusBadge } from '../components/EventBits';
import { Pagination } from '../components/Pagination';
import { Segmented } from '../components/Segmented';
import { formatRange, localDayBound, plural } from '../lib/format';
import { useTitle } from '../lib/use-title';
import { Link, navigate, useLocation } from '../router';

const PAGE_SIZE = 10;

const SCOPES = [
  ['all', 'All events'],
  ['mine', 'Mine'],
  ['attending', 'Attending'],
] as const;
type Scope = (typeof SCOPES)[number][0];

const STATUSES = [
  ['', 'Any'],
  ['upcoming', 'Upcoming'],
  ['ongoing', 'Ongoing'],
  ['past', 'Past'],
] as const;
type StatusFilter = (typeof STATUSES)[number][0];

const SORTS: ReadonlyArray<readonly [EventSort, string]> = [
  ['startsAt', 'Start time, soonest first'],
  ['-startsAt', 'Start time, latest first'],
  ['name', 'Name, A to Z'],
  ['-name', 'Name, Z to A'],
  ['-createdAt', 'Recently created'],
  ['createdAt', 'Oldest created'],
];

/** The list's state lives in the URL, so reload, back and shared links keep the filters. */
interface Filters {
  scope: Scope;
  status: StatusFilter;
  q: string;
  from: string;
  to: string;
  spots: boolean;
  sort: EventSort;
  page: number;
}

function oneOf<T extends string>(
  value: string | null,
  options: ReadonlyArray<readonly [T, string]>,
  fallback: T,
): T {
  return options.find(([option]) => option === value)?.[0] ?? fallback;
}

function readFilters(search: URLSearchParams): Filters {
  const page = Number(search.get('page'));
  return {
    scope: oneOf(search.get('scope'), SCOPES, 'all'),
    status: oneOf(search.get('status'), STATUSES, ''),
    q: search.get('q') ?? '',
    from: search.get('from') ?? '',
    to: search.get('to') ?? '',
    spots: search.get('spots') === '1',
    sort: oneOf(search.get('sort'), SORTS, 'startsAt'),
    page: Number.isInteger(page) && page > 1 ? page : 1,
  };
}

function writeFilters(f: Filters): string {
  const params = new URLSearchParams();
  if (f.scope !== 'all') params.set('scope', f.scope);
  if (f.status) params.set('status', f.status);
  if (f.q) params.set('q', f.q);
  if (f.from) params.set('from', f.from);
  if (f.to) params.set('to', f.to);
  if (f.spots) params.set('spots', '1');
  if (f.sort !== 'startsAt') params.set('sort', f.sort);
  if (f.page > 1) params.set('page', String(f.page));
  const query = params.toString();
  return query ? `/?${query}` : '/';
}

function hasAdvanced(f: Filters): boolean {
  return f.from !== '' || f.to !== '' || f.spots || f.sort !== 'startsAt';
}

function toQuery(f: Filters): EventQuery {
  const q = f.q.trim();
  return {
    ...(f.scope === 'mine' && { owner: 'me' }),
    ...(f.scope === 'attending' && { attendee: 'me' }),
    ...(f.status && { status: f.status }),
    ...(q && { q: q.slice(0, 200) }),
    ...(f.from && { startsAfter: localDayBound(f.from, false) }),
    ...(f.to && { startsBefore: localDayBound(f.to, true) }),
    ...(f.spots && { hasSpots: true }),
    sort: f.sort,
    limit: PAGE_SIZE,
    offset: (f.page - 1) * PAGE_SIZE,
  };
}

type Load =
  | { state: 'loading'; previous?: EventPage }
  | { state: 'done'; page: EventPage }
  | { state: 'failed'; message: string };

export function EventsPage() {
  useTitle('Events');
  const { search } = useLocation();
  const filters = readFilters(search);
  const key = writeFilters(filters);
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [text, setText] = useState(filters.q);
  const [attempt, setAttempt] = useState(0);
  // Open on wide screens; on a phone the list comes first unless these filters are in use.
  const [moreOpen, setMoreOpen] = useState(
    () => window.matchMedia('(min-width: 721px)').matches || hasAdvanced(filters),
  );
  const ids = useId();

  // From the current URL, not this render's: the search box's timer may fire after other changes.
  const update = (changes: Partial<Filters>) => {
    const now = readFilters(new URLSearchParams(window.location.search));
    navigate(writeFilters({ ...now, page: 1, ...changes }), { replace: !('page' in changes) });
  };

  // The search box writes to the URL once typing pauses.
  useEffect(() => {
    if (text === filters.q) return;
    const timer = setTimeout(() => update({ q: text }), 300);
    return () => clearTimeout(timer);
  }, [text]); // only typing restarts the wait
  useEffect(() => setText(filters.q), [filters.q]);

  useEffect(() => {
    const controller = new AbortController();
    setLoad((current) => ({
      state: 'loading',
      previous:
        current.state === 'done'
          ? current.page
          : current.state === 'loading'
            ? current.previous
            : undefined,
    }));
    call(
      api.GET('/api/v1/events', { params: { query: toQuery(filters) }, signal: controller.signal }),
    )
      .then((page) => setLoad({ state: 'done', page }))
      .catch((error: unknown) => {
        if (!isAbort(error)) setLoad({ state: 'failed', message: errorMessage(error) });
      });
    return () => controller.abort();
  }, [key, attempt]); // `key` stands for the filters

  const page =
    load.state === 'done' ? load.page : load.state === 'loading' ? load.previous : undefined;
  const pages = page ? Math.max(1, Math.ceil(page.total / PAGE_SIZE)) : 1;
  const advanced = [filters.from, filters.to, filters.spots, filters.sort !== 'startsAt'].filter(
    Boolean,
  ).length;
  const filtered =
    filters.status !== '' ||
    filters.q !== '' ||
    filters.from !== '' ||
    filters.to !== '' ||
    filters.spots;

  return (
    <>
      <div className="page-head">
        <h1 tabIndex={-1}>Events</h1>
        <Link to="/events/new" className="button button-primary">
          <span aria-hidden="true">+ </span>New event
        </Link>
      </div>

      <section className="filters" aria-labelledby={`${ids}-filters`}>
        <h2 id={`${ids}-filters`} className="visually-hidden">
          Filters
        </h2>
        <div className="filter-tabs" role="search">
          <Segmented
            legend="Show"
            name="scope"
            value={filters.scope}
            options={SCOPES}
            onChange={(scope) => update({ scope })}
          />
          <Segmented
            legend="When"
            name="status"
            value={filters.status}
            options={STATUSES}
            onChange={(status) => update({ status })}
          />
          <div className="field filter-search">
            <label htmlFor={`${ids}-q`}>Search</label>
            <input
              id={`${ids}-q`}
              type="search"
              placeholder="Name or description"
              value={text}
              maxLength={200}
              onChange={(event) => setText(event.target.value)}
            />
          </div>
        </div>
        <details
          className="more-filters"
          open={moreOpen}
          onToggle={(event) => setMoreOpen(event.currentTarget.open)}
        >
          <summary>
            Dates, availability and sorting
            {advanced > 0 && <span className="muted"> ({advanced} set)</span>}
          </summary>
          <div className="filter-grid">
            <div className="field">
              <label htmlFor={`${ids}-from`}>Starts from</label>
              <input
                id={`${ids}-from`}
                type="date"
                value={filters.from}
                max={filters.to || undefined}
                onChange={(event) => update({ from: event.target.value })}
              />
            </div>
            <div className="field">
              <label htmlFor={`${ids}-to`}>Starts until</label>
              <input
                id={`${ids}-to`}
                type="date"
                value={filters.to}
                min={filters.from || undefined}
                onChange={(event) => update({ to: event.target.value })}
              />
            </div>
            <div className="field">
              <label htmlFor={`${ids}-sort`}>Sort by</label>
              <select
                id={`${ids}-sort`}
                value={filters.sort}
                onChange={(event) => update({ sort: oneOf(event.target.value, SORTS, 'startsAt') })}
              >
                {SORTS.map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </select>
            </div>
            <div className="field field-check">
              <input
                id={`${ids}-spots`}
                type="checkbox"
                checked={filters.spots}
                onChange={(event) => update({ spots: event.target.checked })}
              />
              <label htmlFor={`${ids}-spots`}>Only events I can still join</label>
            </div>
            {filtered && (
              <div className="field field-reset">
                <button
                  type="button"
                  className="button button-link"
                  onClick={() =>
                    navigate(
                      writeFilters({ ...readFilters(new URLSearchParams()), scope: filters.scope }),
                      { replace: true },
                    )
                  }
                >
                  Clear filters
                </button>
              </div>
            )}
          </div>
        </details>
      </section>

      <section aria-labelledby={`${ids}-results`} aria-busy={load.state === 'loading'}>
        <h2 id={`${ids}-results`} className="results-head" aria-live="polite">
          {page ? plural(page.total, 'event') : 'Loading events…'}
          {load.state === 'loading' && page && <span className="muted"> · updating…</span>}
        </h2>
        {load.state === 'failed' ? (
          <div className="alert alert-error" role="alert">
            <p>{load.message}</p>
            <button type="button" className="button" onClick={() => setAttempt((n) => n + 1)}>
              Try again
            </button>
          </div>
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
          <Pagination page={filters.page} pages={pages} onPage={(n) => update({ page: n })} />
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
  if (beyond) {
    const first = new URLSearchParams(window.location.search);
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
  if (scope === 'attending')
    return <p className="empty">You are not registered for any events yet.</p>;
  return <p className="empty">No events yet. Be the first to create one.</p>;
}

function EventCard({ event }: { event: EventSummary }) {
  return (
    <li className="event-card" data-testid="event-card">
      <div className="event-card-main">
        <h3>
          <Link to={`/events/${event.id}`}>{event.name}</Link>
        </h3>
        <p className="event-meta">
          <time dateTime={event.startsAt}>{formatRange(event.startsAt, event.endsAt)}</time>
          {event.location && <span> · {event.location}</span>}
        </p>
        <p className="badges">
          <StatusBadge status={event.status} />
          {event.isOwner ? (
            <span className="badge badge-owner">You organize this</span>
          ) : (
            <span className="muted">by {event.owner.username}</span>
          )}
          {event.isAttending && <span className="badge badge-attending">You’re going</span>}
        </p>
      </div>
      <div className="event-card-side">
        <CapacityBar event={event} compact />
      </div>
    </li>
  );
}
