// What the two floors share: the routes, the hand-written parameter checks, the SQL text (with `?`
// placeholders), the JSON mapping, the problems, the access-token check and the cursors. A floor
// (server.mjs on SQLite, server-pg.mjs on PostgreSQL) only adds a `store` that runs the SQL:
// plain Fastify, no Nest, no ORM, no validation library, no logger.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import Fastify from 'fastify';
import { verifyJwt } from '../lib/jwt.mjs';

const EVENT_ROW_COLUMNS =
  'e.id AS id, e.name AS name, e.description AS description, e.location AS location, ' +
  'e.starts_at AS starts_at, e.ends_at AS ends_at, e.capacity AS capacity, ' +
  'e.attendee_count AS attendee_count, e.owner_id AS owner_id, o.username AS owner_username, ' +
  'e.created_at AS created_at, e.updated_at AS updated_at, e.category AS category, ' +
  'e.time_zone AS time_zone, e.version AS version, e.cancelled_at AS cancelled_at, ' +
  'e.cancellation_reason AS cancellation_reason, e.waitlist_count AS waitlist_count, ' +
  'e.series_id AS series_id, ' +
  '(SELECT r.status FROM registrations r WHERE r.event_id = e.id AND r.user_id = ?) ' +
  'AS my_status, ' +
  '(SELECT COUNT(*) FROM registrations me JOIN registrations w ON w.event_id = me.event_id ' +
  "AND w.status = 'waiting' AND w.id <= me.id WHERE me.event_id = e.id AND me.user_id = ? " +
  "AND me.status = 'waiting') AS waitlist_position, e.published AS published, " +
  "CASE WHEN e.owner_id = ? THEN 'owner' ELSE (SELECT h.role FROM event_hosts h " +
  'WHERE h.event_id = e.id AND h.user_id = ?) END AS my_role, e.questions AS questions, ' +
  'e.requires_approval AS requires_approval, e.pending_count AS pending_count, ' +
  '(SELECT COUNT(*) FROM registrations c WHERE c.event_id = e.id ' +
  'AND c.checked_in_at IS NOT NULL) AS checked_in_count';
const FROM_EVENTS = 'FROM events e INNER JOIN users o ON o.id = e.owner_id';
const EVENT_ROW_SELECT = `SELECT ${EVENT_ROW_COLUMNS} ${FROM_EVENTS}`;

/** The SQL every store runs (`?` placeholders; the list's page and count are built per request). */
export const SQL = {
  sessionUser:
    'SELECT u.id AS id, u.username AS username, u.is_admin AS "isAdmin" FROM sessions s ' +
    'INNER JOIN users u ON u.id = s.user_id WHERE s.id = ? AND s.revoked_at IS NULL',
  /** params: viewerId × 4, id */
  eventRow: `${EVENT_ROW_SELECT} WHERE e.id = ?`,
  people:
    'SELECT u.id AS id, u.username AS username, r.status AS status FROM registrations r ' +
    'INNER JOIN users u ON u.id = r.user_id WHERE r.event_id = ? ORDER BY r.status ASC, r.id ASC',
  eventStart: 'SELECT starts_at FROM events WHERE id = ?',
  /** params: viewerId × 2, id: what the check-in guard and window decide on */
  checkInEvent:
    "SELECT CASE WHEN e.owner_id = ? THEN 'owner' ELSE (SELECT h.role FROM event_hosts h " +
    'WHERE h.event_id = e.id AND h.user_id = ?) END AS role, e.published AS published, ' +
    'e.starts_at AS starts_at, e.ends_at AS ends_at, e.cancelled_at AS cancelled_at ' +
    'FROM events e WHERE e.id = ?',
  /** params: now, id, hash, now + lead, now: the first scan changes the row, once */
  checkIn:
    'UPDATE registrations SET checked_in_at = ? WHERE event_id = ? AND ticket_hash = ? ' +
    "AND status = 'attending' AND checked_in_at IS NULL AND EXISTS (SELECT 1 FROM events e " +
    'WHERE e.id = registrations.event_id AND e.cancelled_at IS NULL AND e.published ' +
    'AND e.starts_at <= ? AND e.ends_at > ?) RETURNING user_id',
  /** params: id, hash */
  scanned:
    'SELECT r.user_id AS user_id, u.username AS username, r.checked_in_at AS checked_in_at ' +
    'FROM registrations r JOIN users u ON u.id = r.user_id ' +
    "WHERE r.event_id = ? AND r.ticket_hash = ? AND r.status = 'attending'",
};

/** Check-in opens this long before the start (src/tickets/check-in-window.ts). */
const CHECK_IN_LEAD_MS = 24 * 60 * 60 * 1000;
const CHECKERS = new Set(['owner', 'cohost', 'checker']);

// ---------------------------------------------------------------------------------------------
// Problems (RFC 9457), as the real server words them (src/common/errors/: the codes the floor
// answers with, from its catalog).

const CATALOG = {
  VALIDATION_FAILED: [400, 'Validation failed', 'The request is invalid.'],
  UNAUTHENTICATED: [401, 'Unauthenticated', 'A valid access token is required.'],
  EVENT_NOT_FOUND: [404, 'Event not found', 'No event with that id.'],
  EVENT_STARTED: [409, 'Event started', 'The event has already started.'],
  EVENT_CANCELLED: [409, 'Event cancelled', 'The event was cancelled; it can no longer change.'],
  ALREADY_REGISTERED: [409, 'Already registered', 'You are already registered for this event.'],
  NOT_REGISTERED: [409, 'Not registered', 'You are not registered for this event.'],
  EVENT_FULL: [409, 'Event full', 'The event has no spots left.'],
  EVENT_DRAFT: [409, 'Event is a draft', 'The event is not published yet.'],
  CHECK_IN_CLOSED: [
    409,
    'Check-in closed',
    'Check-in is open from 24 hours before the start until the end of the event.',
  ],
  NOT_EVENT_HOST: [
    403,
    'Not allowed for this role',
    'Your role on this event does not allow this action.',
  ],
  TICKET_NOT_FOUND: [
    404,
    'Ticket not found',
    'No valid ticket with that code for this event (unknown, voided, or of another event), or you hold none.',
  ],
  INTERNAL: [500, 'Internal server error', 'An unexpected error occurred.'],
};

export class Problem extends Error {
  constructor(code, errors) {
    const [status, title, detail] = CATALOG[code];
    super(detail);
    this.body = {
      type: `urn:event-manager:problem:${code.toLowerCase().replaceAll('_', '-')}`,
      title,
      status,
      detail,
      code,
      ...(errors && { errors }),
    };
  }
}
const unauthenticated = () => new Problem('UNAUTHENTICATED');
const invalid = (field, message) => new Problem('VALIDATION_FAILED', [{ field, message }]);
const notFound = () => new Problem('EVENT_NOT_FOUND');
const conflict = (code) => new Problem(code);

// ---------------------------------------------------------------------------------------------
// Mapping, as src/events/event-row.ts does it.

const iso = (ms) => new Date(ms).toISOString();

function toEvent(row, viewer, now) {
  const capacity = row.capacity;
  // SQLite answers 0 / 1, pg true / false.
  const published = row.published === 1 || row.published === true;
  const attendeeCount = row.attendee_count;
  const host = row.my_role !== null || viewer.isAdmin === true || viewer.isAdmin === 1;
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    location: row.location,
    startsAt: iso(row.starts_at),
    endsAt: iso(row.ends_at),
    capacity,
    attendeeCount,
    spotsLeft: capacity === null ? null : Math.max(capacity - attendeeCount, 0),
    status:
      row.cancelled_at !== null
        ? 'cancelled'
        : !published
          ? 'draft'
          : now < row.starts_at
            ? 'upcoming'
            : now < row.ends_at
              ? 'ongoing'
              : 'past',
    isOwner: row.owner_id === viewer.id,
    myRole: row.my_role,
    published,
    isAttending: row.my_status === 'attending',
    registrationStatus: row.my_status === 'waiting' ? 'waitlisted' : (row.my_status ?? null),
    questions: JSON.parse(row.questions),
    requiresApproval: row.requires_approval === 1 || row.requires_approval === true,
    // The host counts for those who may read the attendee list: every role, and admins.
    pendingCount: host ? Number(row.pending_count) : null,
    checkedInCount: host ? Number(row.checked_in_count) : null,
    category: row.category,
    timeZone: row.time_zone,
    waitlistCount: row.waitlist_count,
    isWaitlisted: row.waitlist_position > 0,
    waitlistPosition: row.waitlist_position > 0 ? row.waitlist_position : null,
    cancelledAt: row.cancelled_at === null ? null : iso(row.cancelled_at),
    cancellationReason: row.cancellation_reason,
    version: row.version,
    seriesId: row.series_id,
    owner: { id: row.owner_id, username: row.owner_username },
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

/** As src/events/entities/event.entity.ts folds the search text. */
const foldCase = (text) => text.replace(/\u0130/g, 'i').toLowerCase();

// ---------------------------------------------------------------------------------------------
// Cursors (the contract's "Paging"): base64url(JSON [sort value, id]) of a page's last item, a
// dot, and an HMAC-SHA256 of it and of the canonical filter, under a key derived from the access
// secret. A cursor made for other filters or another sort does not verify.

const b64 = (buffer) => Buffer.from(buffer).toString('base64url');

export function cursors(secret) {
  const key = createHmac('sha256', Buffer.from(secret, 'utf8')).update('events-cursor-v1').digest();
  const mac = (body, filter) =>
    createHmac('sha256', key).update(`${body}\n${filter}`).digest('base64url');
  return {
    make(sortValue, id, filter) {
      const body = b64(JSON.stringify([sortValue, id]));
      return `${body}.${mac(body, filter)}`;
    },
    /** [sort value, id], or undefined when it was not made for `filter` (or is malformed). */
    read(cursor, filter, textKey) {
      const [body, given] = cursor.split('.');
      // As the server's: compared as text (decoding ignores the last character's unused bits).
      const expected = Buffer.from(mac(body, filter));
      const received = Buffer.from(given);
      if (received.length !== expected.length || !timingSafeEqual(received, expected)) {
        return undefined;
      }
      let value;
      try {
        value = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
      } catch {
        return undefined;
      }
      if (!Array.isArray(value) || value.length !== 2) return undefined;
      const [key, id] = value;
      const keyValid = textKey ? typeof key === 'string' : Number.isSafeInteger(key);
      return keyValid && Number.isSafeInteger(id) && id >= 1 ? value : undefined;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The list query: hand-written checks for the contract's parameters, then one page query (limit
// + 1 rows: whether a next page exists) and one count, up to LIST_TOTAL_LIMIT + 1 rows.

const STATUSES = new Set(['upcoming', 'ongoing', 'past', 'cancelled']);
const SORTS = { startsAt: 'e.starts_at', createdAt: 'e.created_at', name: 'e.name_key' };
const USER_REF = /^(me|[1-9]\d{0,9})$/;
const ZONED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;
const PARAMETERS = new Set([
  'owner',
  'attendee',
  'status',
  'startsAfter',
  'startsBefore',
  'q',
  'hasSpots',
  'sort',
  'limit',
  'offset',
  'cursor',
]);
/** A cursor's shape: `<position>.<mac>`, both base64url, the MAC a whole HMAC-SHA256. */
const CURSOR = /^[A-Za-z0-9_-]{1,2000}\.[A-Za-z0-9_-]{43}$/;
/** LIST_TOTAL_LIMIT, as the server reads it: `total` counts this many matches at most. */
const TOTAL_LIMIT = Number(process.env.LIST_TOTAL_LIMIT || 10_000);
/** The shortest `q` the trigram index serves (shorter ones scan). */
const TRIGRAM = 3;

/**
 * `dialect.fts`: SQLite's server narrows a search of 3+ characters with its FTS5 trigram table
 * first (PostgreSQL's GIN index serves the LIKE itself).
 */
function parseList(query, viewer, now, dialect, cursor, plan = 'index-first') {
  for (const [key, value] of Object.entries(query)) {
    if (!PARAMETERS.has(key)) throw invalid(key, `property ${key} should not exist`);
    if (typeof value !== 'string') throw invalid(key, `${key} must be given once`);
  }
  const where = [];
  const values = [];
  // As src/access/access.sql.ts `visibleTo`: drafts only for their owner and hosts (admins: all).
  if (!viewer.isAdmin) {
    where.push(
      '(e.published OR e.owner_id = ? OR EXISTS (SELECT 1 FROM event_hosts h ' +
        'WHERE h.event_id = e.id AND h.user_id = ?))',
    );
    values.push(viewer.id, viewer.id);
  }
  const userRef = (name) => {
    const value = query[name];
    if (value === undefined) return undefined;
    if (!USER_REF.test(value)) throw invalid(name, `${name} must be "me" or a user id`);
    return value === 'me' ? viewer.id : Number(value);
  };
  const ownerId = userRef('owner');
  if (ownerId !== undefined) {
    where.push('e.owner_id = ?');
    values.push(ownerId);
  }
  const attendeeId = userRef('attendee');
  if (attendeeId !== undefined) {
    where.push(
      'EXISTS (SELECT 1 FROM registrations ra WHERE ra.event_id = e.id AND ra.user_id = ? ' +
        "AND ra.status = 'attending')",
    );
    values.push(attendeeId);
  }
  const status = query.status;
  if (status !== undefined) {
    if (!STATUSES.has(status)) throw invalid('status', 'status must be a valid value');
    if (status === 'cancelled') where.push('e.cancelled_at IS NOT NULL');
    if (status === 'upcoming') {
      where.push('e.cancelled_at IS NULL AND e.published AND e.starts_at > ?');
      values.push(now);
    }
    if (status === 'ongoing') {
      where.push('e.cancelled_at IS NULL AND e.published AND e.starts_at <= ? AND e.ends_at > ?');
      values.push(now, now);
    }
    if (status === 'past') {
      where.push('e.cancelled_at IS NULL AND e.published AND e.ends_at <= ?');
      values.push(now);
    }
  }
  const times = {};
  for (const [name, op] of [
    ['startsAfter', '>='],
    ['startsBefore', '<='],
  ]) {
    const value = query[name];
    if (value === undefined) continue;
    const time = ZONED.test(value) ? Date.parse(value) : NaN;
    if (Number.isNaN(time)) throw invalid(name, `${name} must be an ISO 8601 timestamp`);
    where.push(`e.starts_at ${op} ?`);
    values.push(time);
    times[name] = time;
  }
  let q = null;
  if (query.q !== undefined && query.q !== '') {
    if (query.q.length > 200)
      throw invalid('q', 'q must be shorter than or equal to 200 characters');
    q = foldCase(query.q);
    // As the server's containsText: `sortFirst` keeps the sort index (`+e.id`, `|| ''`).
    if (dialect.fts && [...q].length >= TRIGRAM) {
      where.push(
        (sortFirst) =>
          `${sortFirst ? '+' : ''}e.id IN (SELECT rowid FROM events_search WHERE events_search MATCH ?)`,
      );
      values.push(phrase(q));
    }
    where.push(
      (sortFirst) =>
        `${sortFirst && !dialect.fts ? "(e.search_text || '')" : 'e.search_text'} LIKE ? ESCAPE '\\'`,
    );
    values.push(likePattern(q));
  }
  let hasSpots = null;
  if (query.hasSpots !== undefined) {
    if (query.hasSpots !== 'true' && query.hasSpots !== 'false') {
      throw invalid('hasSpots', 'hasSpots must be true or false');
    }
    hasSpots = query.hasSpots === 'true';
    const open =
      '(e.starts_at > ? AND e.cancelled_at IS NULL AND e.published ' +
      'AND (e.capacity IS NULL OR e.attendee_count < e.capacity))';
    where.push(hasSpots ? open : `NOT ${open}`);
    values.push(now);
  }
  const sort = query.sort ?? 'startsAt';
  const name = sort.replace(/^-/, '');
  const column = SORTS[name];
  if (!column) throw invalid('sort', 'sort must be a valid value');
  const limit =
    query.limit === undefined ? 20 : /^\d{1,3}$/.test(query.limit) ? Number(query.limit) : NaN;
  if (!(limit >= 1 && limit <= 100))
    throw invalid('limit', 'limit must be an integer from 1 to 100');
  const offset =
    query.offset === undefined ? 0 : /^\d{1,9}$/.test(query.offset) ? Number(query.offset) : NaN;
  if (!(offset >= 0)) throw invalid('offset', 'offset must be an integer from 0 to 999999999');
  const descending = sort.startsWith('-');
  const filter = JSON.stringify([
    sort,
    ownerId ?? null,
    attendeeId ?? null,
    null, // waitlisted
    null, // categories
    status ?? null,
    times.startsAfter ?? null,
    times.startsBefore ?? null,
    q,
    hasSpots,
  ]);
  const sortFirst = plan === 'sort-first';
  const clause = (condition, sorted) =>
    typeof condition === 'function' ? condition(sorted) : condition;
  const filterSql = where.length
    ? ` WHERE ${where.map((condition) => clause(condition, false)).join(' AND ')}`
    : '';
  const pageWhere = where.map((condition) => clause(condition, sortFirst));
  const pageValues = [viewer.id, viewer.id, viewer.id, viewer.id, ...values];
  if (query.cursor !== undefined) {
    if (!CURSOR.test(query.cursor)) {
      throw invalid('cursor', 'cursor must be a nextCursor of this list');
    }
    if (query.offset !== undefined) {
      throw invalid(
        'cursor',
        'cursor and offset cannot be combined: a cursor page starts after its item',
      );
    }
    const after = cursor.read(query.cursor, filter, name === 'name');
    if (!after) {
      throw invalid('cursor', 'cursor is not a nextCursor of this list (same filters and sort)');
    }
    pageWhere.push(
      descending
        ? `${column} <= ? AND (${column} < ? OR e.id > ?)`
        : `${column} >= ? AND (${column} > ? OR e.id > ?)`,
    );
    pageValues.push(after[0], after[0], after[1]);
  }
  pageValues.push(limit + 1, query.cursor === undefined ? offset : 0);
  return {
    // As the server's: the page's ids and sort keys first (a cursor is made of the key), then
    // the rows of those ids.
    pageSql:
      `SELECT ${EVENT_ROW_COLUMNS}, p.sort_key AS sort_key FROM (SELECT e.id AS id, ` +
      `${column} AS sort_key FROM events e` +
      `${pageWhere.length ? ` WHERE ${pageWhere.join(' AND ')}` : ''} ` +
      `ORDER BY ${column} ${descending ? 'DESC' : 'ASC'}, e.id ASC LIMIT ? OFFSET ?) p ` +
      'INNER JOIN events e ON e.id = p.id INNER JOIN users o ON o.id = e.owner_id ' +
      `ORDER BY p.sort_key ${descending ? 'DESC' : 'ASC'}, p.id ASC`,
    pageValues,
    // As the server's: the matches are counted up to the limit, plus one to tell "more".
    countSql: `SELECT COUNT(*) AS total FROM (SELECT 1 AS one FROM events e${filterSql} LIMIT ?) c`,
    countValues: [...values, TOTAL_LIMIT + 1],
    limit,
    offset,
    filter,
    q,
    depth: limit + 1 + (query.cursor === undefined ? offset : 0),
    cursor: query.cursor !== undefined,
  };
}

const phrase = (q) => `"${q.replaceAll('"', '""')}"`;
const likePattern = (q) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** As the server's chooseTextPlan: walk the sort order when matches² > depth × rows. */
async function textPlan(store, list, dialect) {
  if (list.q === null || [...list.q].length < TRIGRAM) return 'index-first';
  const { size } = await store.get('SELECT MAX(e.id) AS size FROM events e', []);
  const enough = Math.ceil(Math.sqrt(list.depth * Number(size ?? 0)));
  const { matches } = await store.get(
    dialect.fts
      ? 'SELECT COUNT(*) AS matches FROM (SELECT rowid FROM events_search ' +
          'WHERE events_search MATCH ? LIMIT ?) m'
      : 'SELECT COUNT(*) AS matches FROM (SELECT 1 AS one FROM events e ' +
          "WHERE e.search_text LIKE ? ESCAPE '\\' LIMIT ?) m",
    [dialect.fts ? phrase(list.q) : likePattern(list.q), enough + 1],
  );
  return Number(matches) > enough ? 'sort-first' : 'index-first';
}

function eventId(raw) {
  if (typeof raw === 'string' && /^[1-9]\d{0,14}$/.test(raw)) return Number(raw);
  throw invalid('id', 'id must be a positive integer');
}

// ---------------------------------------------------------------------------------------------

/**
 * The floor's Fastify app on `store`: `get(sql, values)` (first row), `all(sql, values)`,
 * `register` / `unregister(eventId, userId, now)` → an outcome
 * (`registered`, `unregistered`, or a problem code), `health()`. Any may answer a promise.
 */
export function floorApp({ store, secret, dialect }) {
  const cursor = cursors(secret);

  // The access-token check: signature, algorithm, expiry, type, and a live session of that user.
  async function authenticate(request) {
    const header = request.headers.authorization;
    if (typeof header !== 'string' || !header.startsWith('Bearer ')) throw unauthenticated();
    const claims = verifyJwt(header.slice(7), secret);
    if (!claims || claims.typ !== 'access' || typeof claims.sid !== 'string') {
      throw unauthenticated();
    }
    const user = await store.get(SQL.sessionUser, [claims.sid]);
    if (!user || String(user.id) !== claims.sub) throw unauthenticated();
    return { id: user.id, username: user.username, isAdmin: Boolean(user.isAdmin) };
  }

  /** The guard's early answers: 404, then 409 EVENT_STARTED. */
  async function openEvent(id) {
    const row = await store.get(SQL.eventStart, [id]);
    if (!row) throw notFound();
    if (row.starts_at <= Date.now()) throw conflict('EVENT_STARTED');
  }

  const app = Fastify({ logger: false, bodyLimit: 64 * 1024 });
  app.addHook('onSend', (_request, reply, payload, done) => {
    reply.header('x-content-type-options', 'nosniff');
    done(null, payload);
  });
  app.setErrorHandler((error, _request, reply) => {
    if (error instanceof Problem) {
      return reply.code(error.body.status).type('application/problem+json').send(error.body);
    }
    console.error(error);
    return reply.code(500).type('application/problem+json').send(new Problem('INTERNAL').body);
  });

  app.get('/api/health', async () => {
    await store.health();
    return { status: 'ok' };
  });

  app.get('/api/v1/events', async (request) => {
    const viewer = await authenticate(request);
    const now = Date.now();
    let list = parseList(request.query, viewer, now, dialect, cursor);
    const plan = await textPlan(store, list, dialect);
    if (plan !== 'index-first') list = parseList(request.query, viewer, now, dialect, cursor, plan);
    const rows = await store.all(list.pageSql, list.pageValues);
    const more = rows.length > list.limit;
    if (more) rows.length = list.limit;
    // As the server's: the last offset page knows its total; any other page counts.
    const known = !more && !list.cursor && (rows.length > 0 || list.offset === 0);
    const total = known
      ? list.offset + rows.length
      : (await store.get(list.countSql, list.countValues)).total;
    const last = rows[rows.length - 1];
    const over = Number(total) > TOTAL_LIMIT;
    return {
      items: rows.map((row) => toEvent(row, viewer, now)),
      total: over ? TOTAL_LIMIT : Number(total),
      totalRelation: over ? 'gte' : 'eq',
      limit: list.limit,
      offset: list.offset,
      nextCursor: more ? cursor.make(last.sort_key, last.id, list.filter) : null,
    };
  });

  app.get('/api/v1/events/:id', async (request) => {
    const viewer = await authenticate(request);
    const id = eventId(request.params.id);
    const [row, people] = await Promise.all([
      store.get(SQL.eventRow, [viewer.id, viewer.id, viewer.id, viewer.id, id]),
      store.all(SQL.people, [id]),
    ]);
    if (!row) throw notFound();
    const person = ({ id, username }) => ({ id, username });
    return {
      ...toEvent(row, viewer, Date.now()),
      attendees: people.filter((p) => p.status === 'attending').map(person),
      waitlist: people.filter((p) => p.status === 'waiting').map(person),
    };
  });

  app.post('/api/v1/events/:id/registration', async (request, reply) => {
    const viewer = await authenticate(request);
    const id = eventId(request.params.id);
    await openEvent(id);
    const outcome = await store.register(id, viewer.id, Date.now());
    if (outcome !== 'registered') {
      throw outcome === 'EVENT_NOT_FOUND' ? notFound() : conflict(outcome);
    }
    const row = await store.get(SQL.eventRow, [viewer.id, viewer.id, viewer.id, viewer.id, id]);
    return reply.code(201).send(toEvent(row, viewer, Date.now()));
  });

  app.delete('/api/v1/events/:id/registration', async (request, reply) => {
    const viewer = await authenticate(request);
    const id = eventId(request.params.id);
    await openEvent(id);
    const outcome = await store.unregister(id, viewer.id, Date.now());
    if (outcome !== 'unregistered') {
      throw outcome === 'EVENT_NOT_FOUND' ? notFound() : conflict(outcome);
    }
    return reply.code(204).send();
  });

  // The door: a scanned code checked in once (201), any later scan answered with the first time.
  app.post('/api/v1/events/:id/check-ins', async (request, reply) => {
    const viewer = await authenticate(request);
    const id = eventId(request.params.id);
    const code = request.body?.code;
    if (typeof code !== 'string' || code.trim() === '' || code.length > 200) {
      throw invalid('code', 'code must be a non-empty string of at most 200 characters');
    }
    const event = await store.get(SQL.checkInEvent, [viewer.id, viewer.id, id]);
    if (!event) throw notFound();
    if (!CHECKERS.has(event.role)) throw new Problem('NOT_EVENT_HOST');
    const now = Date.now();
    if (event.cancelled_at !== null) throw conflict('EVENT_CANCELLED');
    if (!event.published) throw conflict('EVENT_DRAFT');
    if (now < Number(event.starts_at) - CHECK_IN_LEAD_MS || now >= Number(event.ends_at)) {
      throw conflict('CHECK_IN_CLOSED');
    }
    const hash = createHash('sha256').update(code.trim(), 'utf8').digest('hex');
    const created = await store.get(SQL.checkIn, [now, id, hash, now + CHECK_IN_LEAD_MS, now]);
    const row = await store.get(SQL.scanned, [id, hash]);
    if (!row) throw new Problem('TICKET_NOT_FOUND');
    return reply.code(created ? 201 : 200).send({
      user: { id: row.user_id, username: row.username },
      checkedInAt: iso(Number(row.checked_in_at ?? now)),
      alreadyCheckedIn: !created,
    });
  });

  return app;
}

/** Listens on HOST:PORT; SIGTERM / SIGINT close the app, then `close` (the store's). */
export async function serve(app, close) {
  const stop = () => {
    app.close().finally(async () => {
      await close();
      process.exit(0);
    });
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  await app.listen({
    host: process.env.HOST ?? '127.0.0.1',
    port: Number(process.env.PORT ?? 3001),
  });
}
