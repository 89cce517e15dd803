import type { EventCategory, EventQuery, EventSort } from '../api/client';
import { localDayBound } from '../lib/format';
import { isCategory } from './categories';

export const PAGE_SIZE = 10;

export const SCOPES = [
  ['all', 'All events'],
  ['mine', 'Mine'],
  ['hosting', 'Hosting'],
  ['attending', 'Attending'],
  ['waiting', 'Waiting list'],
] as const;
export type Scope = (typeof SCOPES)[number][0];

export const STATUSES = [
  ['', 'Any'],
  ['upcoming', 'Upcoming'],
  ['ongoing', 'Ongoing'],
  ['past', 'Past'],
  ['cancelled', 'Cancelled'],
  ['draft', 'Drafts'],
] as const;
export type StatusFilter = (typeof STATUSES)[number][0];

export const SORTS: ReadonlyArray<readonly [EventSort, string]> = [
  ['startsAt', 'Start time, soonest first'],
  ['-startsAt', 'Start time, latest first'],
  ['name', 'Name, A to Z'],
  ['-name', 'Name, Z to A'],
  ['-createdAt', 'Recently created'],
  ['createdAt', 'Oldest created'],
];

/** The list's state lives in the URL's search parameters: a filtered list is a link. */
export interface Filters {
  scope: Scope;
  status: StatusFilter;
  categories: EventCategory[];
  q: string;
  from: string;
  to: string;
  spots: boolean;
  sort: EventSort;
  page: number;
}

export function oneOf<T extends string>(
  value: string | null,
  options: ReadonlyArray<readonly [T, string]>,
  fallback: T,
): T {
  return options.find(([option]) => option === value)?.[0] ?? fallback;
}

export function readFilters(search: URLSearchParams): Filters {
  const page = Number(search.get('page'));
  const categories = (search.get('category') ?? '').split(',').filter(isCategory);
  return {
    scope: oneOf(search.get('scope'), SCOPES, 'all'),
    status: oneOf(search.get('status'), STATUSES, ''),
    categories: [...new Set(categories)],
    q: search.get('q') ?? '',
    from: search.get('from') ?? '',
    to: search.get('to') ?? '',
    spots: search.get('spots') === '1',
    sort: oneOf(search.get('sort'), SORTS, 'startsAt'),
    page: Number.isInteger(page) && page > 1 ? page : 1,
  };
}

/** Only what differs from the defaults, so that the plain list is plain `/`. */
export function writeFilters(f: Filters): URLSearchParams {
  const params = new URLSearchParams();
  if (f.scope !== 'all') params.set('scope', f.scope);
  if (f.status) params.set('status', f.status);
  if (f.categories.length > 0) params.set('category', f.categories.join(','));
  if (f.q) params.set('q', f.q);
  if (f.from) params.set('from', f.from);
  if (f.to) params.set('to', f.to);
  if (f.spots) params.set('spots', '1');
  if (f.sort !== 'startsAt') params.set('sort', f.sort);
  if (f.page > 1) params.set('page', String(f.page));
  return params;
}

export function isFiltered(f: Filters): boolean {
  return (
    f.status !== '' ||
    f.categories.length > 0 ||
    f.q !== '' ||
    f.from !== '' ||
    f.to !== '' ||
    f.spots
  );
}

export function advancedCount(f: Filters): number {
  return [f.from, f.to, f.spots, f.sort !== 'startsAt'].filter(Boolean).length;
}

export function toQuery(f: Filters): EventQuery {
  const q = f.q.trim();
  return {
    ...(f.scope === 'mine' && { owner: 'me' }),
    // The events the caller owns or hosts with any role, their drafts included.
    ...(f.scope === 'hosting' && { host: 'me' }),
    ...(f.scope === 'attending' && { attendee: 'me' }),
    ...(f.scope === 'waiting' && { waitlisted: 'me' }),
    ...(f.status && { status: f.status }),
    ...(f.categories.length > 0 && { category: f.categories.join(',') }),
    ...(q && { q: q.slice(0, 200) }),
    ...(f.from && { startsAfter: localDayBound(f.from, false) }),
    ...(f.to && { startsBefore: localDayBound(f.to, true) }),
    ...(f.spots && { hasSpots: true }),
    sort: f.sort,
    limit: PAGE_SIZE,
    offset: (f.page - 1) * PAGE_SIZE,
  };
}
