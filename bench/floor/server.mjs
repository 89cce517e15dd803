// The floor: what the hot paths cost with nothing but Fastify and better-sqlite3 prepared
// statements. Same routes, same SQL shape, same JSON and the same access-token check (HS256 with
// the access secret, then the session looked up by `sid`) as the real server; no Nest, no ORM,
// no validation library, no logger. Environment: DB_PATH, JWT_ACCESS_SECRET, HOST, PORT.
import Database from 'better-sqlite3';
import Fastify from 'fastify';
import { verifyJwt } from '../lib/jwt.mjs';

const env = process.env;
const db = new Database(env.DB_PATH);
db.pragma('journal_mode = WAL');
db.pragma('busy_timeout = 5000');
db.pragma('foreign_keys = ON');

const EVENT_ROW_SELECT =
  'SELECT e.id AS id, e.name AS name, e.description AS description, e.location AS location, ' +
  'e.starts_at AS starts_at, e.ends_at AS ends_at, e.capacity AS capacity, ' +
  'e.attendee_count AS attendee_count, e.owner_id AS owner_id, o.username AS owner_username, ' +
  'e.created_at AS created_at, e.updated_at AS updated_at, e.category AS category, ' +
  'e.time_zone AS time_zone, e.version AS version, e.cancelled_at AS cancelled_at, ' +
  'e.cancellation_reason AS cancellation_reason, e.waitlist_count AS waitlist_count, ' +
  'CASE WHEN EXISTS (SELECT 1 FROM registrations r WHERE r.event_id = e.id AND r.user_id = @viewerId ' +
  "AND r.status = 'attending') THEN 1 ELSE 0 END AS is_attending, " +
  '(SELECT COUNT(*) FROM registrations me JOIN registrations w ON w.event_id = me.event_id ' +
  "AND w.status = 'waiting' AND w.id <= me.id WHERE me.event_id = e.id AND me.user_id = @viewerId " +
  "AND me.status = 'waiting') AS waitlist_position " +
  'FROM events e INNER JOIN users o ON o.id = e.owner_id';

const sessionUser = db.prepare(
  'SELECT u.id AS id, u.username AS username, u.is_admin AS isAdmin FROM sessions s ' +
    'INNER JOIN users u ON u.id = s.user_id WHERE s.id = ? AND s.revoked_at IS NULL',
);
const eventRow = db.prepare(`${EVENT_ROW_SELECT} WHERE e.id = @id`);
const peopleOf = db.prepare(
  'SELECT u.id AS id, u.username AS username, r.status AS status FROM registrations r ' +
    'INNER JOIN users u ON u.id = r.user_id WHERE r.event_id = ? ORDER BY r.status ASC, r.id ASC',
);
const eventStart = db.prepare('SELECT starts_at FROM events WHERE id = ?');

// ---------------------------------------------------------------------------------------------
// Problems (RFC 9457), as the real server words them.

class Problem extends Error {
  constructor(status, code, title, detail, errors) {
    super(detail);
    this.body = { type: 'about:blank', title, status, detail, code, ...(errors && { errors }) };
  }
}
const unauthenticated = () =>
  new Problem(401, 'UNAUTHENTICATED', 'Unauthorized', 'Authentication is required.');
const invalid = (field, message) =>
  new Problem(400, 'VALIDATION_FAILED', 'Bad Request', 'The request is invalid.', [
    { field, message },
  ]);
const notFound = () => new Problem(404, 'EVENT_NOT_FOUND', 'Not Found', 'No such event.');
const conflict = (code) => new Problem(409, code, 'Conflict', code);

// ---------------------------------------------------------------------------------------------
// The access-token check: signature, algorithm, expiry, type, and a live session of that user.

function authenticate(request) {
  const header = request.headers.authorization;
  if (typeof header !== 'string' || !header.startsWith('Bearer ')) throw unauthenticated();
  const claims = verifyJwt(header.slice(7), env.JWT_ACCESS_SECRET);
  if (!claims || claims.typ !== 'access' || typeof claims.sid !== 'string') {
    throw unauthenticated();
  }
  const user = sessionUser.get(claims.sid);
  if (!user || String(user.id) !== claims.sub) throw unauthenticated();
  return { id: user.id, username: user.username, isAdmin: Boolean(user.isAdmin) };
}

// ---------------------------------------------------------------------------------------------
// Mapping, as src/events/event-row.ts does it.

const iso = (ms) => new Date(ms).toISOString();

function toEvent(row, viewer, now) {
  const capacity = row.capacity;
  const attendeeCount = row.attendee_count;
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
        : now < row.starts_at
          ? 'upcoming'
          : now < row.ends_at
            ? 'ongoing'
            : 'past',
    isOwner: row.owner_id === viewer.id,
    isAttending: row.is_attending === 1,
    category: row.category,
    timeZone: row.time_zone,
    waitlistCount: row.waitlist_count,
    isWaitlisted: row.waitlist_position > 0,
    waitlistPosition: row.waitlist_position > 0 ? row.waitlist_position : null,
    cancelledAt: row.cancelled_at === null ? null : iso(row.cancelled_at),
    cancellationReason: row.cancellation_reason,
    version: row.version,
    owner: { id: row.owner_id, username: row.owner_username },
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

/** As src/events/entities/event.entity.ts folds the search text. */
const foldCase = (text) => text.replace(/\u0130/g, 'i').toLowerCase();

// ---------------------------------------------------------------------------------------------
// The list query: hand-written checks for the contract's parameters, then one page query and one
// count, prepared once per combination of filters.

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
]);

function parseList(query, viewer, now) {
  for (const [key, value] of Object.entries(query)) {
    if (!PARAMETERS.has(key)) throw invalid(key, `property ${key} should not exist`);
    if (typeof value !== 'string') throw invalid(key, `${key} must be given once`);
  }
  const where = [];
  const params = { viewerId: viewer.id, now };
  const userRef = (name) => {
    const value = query[name];
    if (value === undefined) return undefined;
    if (!USER_REF.test(value)) throw invalid(name, `${name} must be "me" or a user id`);
    return value === 'me' ? viewer.id : Number(value);
  };
  const ownerId = userRef('owner');
  if (ownerId !== undefined) {
    where.push('e.owner_id = @ownerId');
    params.ownerId = ownerId;
  }
  const attendeeId = userRef('attendee');
  if (attendeeId !== undefined) {
    where.push(
      'EXISTS (SELECT 1 FROM registrations ra WHERE ra.event_id = e.id AND ra.user_id = @attendeeId ' +
        "AND ra.status = 'attending')",
    );
    params.attendeeId = attendeeId;
  }
  if (query.status !== undefined) {
    if (!STATUSES.has(query.status)) throw invalid('status', 'status must be a valid value');
    if (query.status === 'cancelled') where.push('e.cancelled_at IS NOT NULL');
    if (query.status === 'upcoming') where.push('e.cancelled_at IS NULL AND e.starts_at > @now');
    if (query.status === 'ongoing') {
      where.push('e.cancelled_at IS NULL AND e.starts_at <= @now AND e.ends_at > @now');
    }
    if (query.status === 'past') where.push('e.cancelled_at IS NULL AND e.ends_at <= @now');
  }
  for (const [name, op] of [
    ['startsAfter', '>='],
    ['startsBefore', '<='],
  ]) {
    const value = query[name];
    if (value === undefined) continue;
    const time = ZONED.test(value) ? Date.parse(value) : NaN;
    if (Number.isNaN(time)) throw invalid(name, `${name} must be an ISO 8601 timestamp`);
    where.push(`e.starts_at ${op} @${name}`);
    params[name] = time;
  }
  if (query.q !== undefined && query.q !== '') {
    if (query.q.length > 200)
      throw invalid('q', 'q must be shorter than or equal to 200 characters');
    where.push("e.search_text LIKE @pattern ESCAPE '\\'");
    params.pattern = `%${foldCase(query.q).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  }
  if (query.hasSpots !== undefined) {
    if (query.hasSpots !== 'true' && query.hasSpots !== 'false') {
      throw invalid('hasSpots', 'hasSpots must be true or false');
    }
    const open =
      '(e.starts_at > @now AND e.cancelled_at IS NULL ' +
      'AND (e.capacity IS NULL OR e.attendee_count < e.capacity))';
    where.push(query.hasSpots === 'true' ? open : `NOT ${open}`);
  }
  const sort = query.sort ?? 'startsAt';
  const column = SORTS[sort.replace(/^-/, '')];
  if (!column) throw invalid('sort', 'sort must be a valid value');
  const limit =
    query.limit === undefined ? 20 : /^\d{1,3}$/.test(query.limit) ? Number(query.limit) : NaN;
  if (!(limit >= 1 && limit <= 100))
    throw invalid('limit', 'limit must be an integer from 1 to 100');
  const offset =
    query.offset === undefined ? 0 : /^\d{1,9}$/.test(query.offset) ? Number(query.offset) : NaN;
  if (!(offset >= 0)) throw invalid('offset', 'offset must be an integer from 0 to 999999999');
  params.limit = limit;
  params.offset = offset;
  const filter = where.length ? ` WHERE ${where.join(' AND ')}` : '';
  const direction = sort.startsWith('-') ? 'DESC' : 'ASC';
  return {
    pageSql: `${EVENT_ROW_SELECT}${filter} ORDER BY ${column} ${direction}, e.id ASC LIMIT @limit OFFSET @offset`,
    countSql: `SELECT COUNT(*) AS total FROM events e${filter}`,
    params,
    limit,
    offset,
  };
}

const statements = new Map();
function prepared(sql) {
  let statement = statements.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    statements.set(sql, statement);
  }
  return statement;
}
/** better-sqlite3 refuses named parameters a statement does not use. */
function bind(sql, params) {
  const used = {};
  for (const [key, value] of Object.entries(params)) if (sql.includes(`@${key}`)) used[key] = value;
  return used;
}

// ---------------------------------------------------------------------------------------------
// Registration: the same synchronous transaction as src/events/registrations.repository.ts.

const bump = db.prepare(
  'UPDATE events SET attendee_count = attendee_count + 1 ' +
    'WHERE id = ? AND starts_at > ? AND cancelled_at IS NULL AND waitlist_count = 0 ' +
    'AND (capacity IS NULL OR attendee_count < capacity)',
);
const insertRegistration = db.prepare(
  'INSERT INTO registrations (event_id, user_id, created_at) VALUES (?, ?, ?)',
);
const registered = db.prepare('SELECT 1 FROM registrations WHERE event_id = ? AND user_id = ?');
const removeRegistration = db.prepare(
  'DELETE FROM registrations WHERE event_id = ? AND user_id = ?',
);
const drop = db.prepare('UPDATE events SET attendee_count = attendee_count - 1 WHERE id = ?');
const register = db.transaction((eventId, userId, now) => {
  const row = eventStart.get(eventId);
  if (!row) return 'EVENT_NOT_FOUND';
  if (row.starts_at <= now) return 'EVENT_STARTED';
  if (bump.run(eventId, now).changes !== 1) {
    return registered.get(eventId, userId) ? 'ALREADY_REGISTERED' : 'EVENT_FULL';
  }
  try {
    insertRegistration.run(eventId, userId, now);
  } catch (error) {
    if (error?.code === 'SQLITE_CONSTRAINT_UNIQUE')
      throw Object.assign(error, { outcome: 'ALREADY_REGISTERED' });
    throw error;
  }
  return 'registered';
});
const unregister = db.transaction((eventId, userId, now) => {
  const row = eventStart.get(eventId);
  if (!row) return 'EVENT_NOT_FOUND';
  if (row.starts_at <= now) return 'EVENT_STARTED';
  if (removeRegistration.run(eventId, userId).changes !== 1) return 'NOT_REGISTERED';
  drop.run(eventId);
  return 'unregistered';
});

function eventId(raw) {
  if (typeof raw === 'string' && /^[1-9]\d{0,14}$/.test(raw)) return Number(raw);
  throw invalid('id', 'id must be a positive integer');
}

/** The guard's early answers: 404, then 409 EVENT_STARTED. */
function openEvent(id) {
  const row = eventStart.get(id);
  if (!row) throw notFound();
  if (row.starts_at <= Date.now()) throw conflict('EVENT_STARTED');
}

// ---------------------------------------------------------------------------------------------

const app = Fastify({ logger: false, bodyLimit: 64 * 1024 });
app.addHook('onSend', (_request, reply, payload, done) => {
  reply.header('x-content-type-options', 'nosniff');
  done(null, payload);
});
app.setErrorHandler((error, _request, reply) => {
  if (error instanceof Problem) {
    return reply.code(error.body.status).type('application/problem+json').send(error.body);
  }
  reply.log.error(error);
  return reply
    .code(500)
    .type('application/problem+json')
    .send({ type: 'about:blank', title: 'Internal Server Error', status: 500, code: 'INTERNAL' });
});

app.get('/api/health', () => {
  db.prepare('SELECT 1').get();
  return { status: 'ok' };
});

app.get('/api/v1/events', (request) => {
  const viewer = authenticate(request);
  const now = Date.now();
  const list = parseList(request.query, viewer, now);
  const rows = prepared(list.pageSql).all(bind(list.pageSql, list.params));
  const { total } = prepared(list.countSql).get(bind(list.countSql, list.params));
  return {
    items: rows.map((row) => toEvent(row, viewer, now)),
    total,
    limit: list.limit,
    offset: list.offset,
  };
});

app.get('/api/v1/events/:id', (request) => {
  const viewer = authenticate(request);
  const id = eventId(request.params.id);
  const row = eventRow.get({ id, viewerId: viewer.id });
  if (!row) throw notFound();
  const people = peopleOf.all(id);
  const person = ({ id, username }) => ({ id, username });
  return {
    ...toEvent(row, viewer, Date.now()),
    attendees: people.filter((p) => p.status === 'attending').map(person),
    waitlist: people.filter((p) => p.status === 'waiting').map(person),
  };
});

app.post('/api/v1/events/:id/registration', (request, reply) => {
  const viewer = authenticate(request);
  const id = eventId(request.params.id);
  openEvent(id);
  let outcome;
  try {
    outcome = register.immediate(id, viewer.id, Date.now());
  } catch (error) {
    if (!error?.outcome) throw error;
    outcome = error.outcome;
  }
  if (outcome !== 'registered') {
    throw outcome === 'EVENT_NOT_FOUND' ? notFound() : conflict(outcome);
  }
  const row = eventRow.get({ id, viewerId: viewer.id });
  return reply.code(201).send(toEvent(row, viewer, Date.now()));
});

app.delete('/api/v1/events/:id/registration', (request, reply) => {
  const viewer = authenticate(request);
  const id = eventId(request.params.id);
  openEvent(id);
  const outcome = unregister.immediate(id, viewer.id, Date.now());
  if (outcome !== 'unregistered') {
    throw outcome === 'EVENT_NOT_FOUND' ? notFound() : conflict(outcome);
  }
  return reply.code(204).send();
});

const close = () => {
  app.close().finally(() => {
    db.close();
    process.exit(0);
  });
};
process.once('SIGTERM', close);
process.once('SIGINT', close);

await app.listen({ host: env.HOST ?? '127.0.0.1', port: Number(env.PORT ?? 3001) });
