// The SQLite floor: what the hot paths cost with nothing but Fastify and better-sqlite3 prepared
// statements (routes, SQL, JSON and the access-token check are app.mjs', shared with the
// PostgreSQL floor). Environment: DB_PATH, JWT_ACCESS_SECRET, HOST, PORT.
import Database from 'better-sqlite3';
import { floorApp, serve } from './app.mjs';

const env = process.env;
const db = new Database(env.DB_PATH);
db.pragma('journal_mode = WAL');
db.pragma('busy_timeout = 5000');
db.pragma('foreign_keys = ON');
db.pragma('cache_size = -65536'); // as the server's (src/database/data-source.ts)

const statements = new Map();
/** Prepared once per SQL text (a list's text depends only on its combination of filters). */
function prepared(sql) {
  let statement = statements.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    statements.set(sql, statement);
  }
  return statement;
}

// Registration: the same synchronous transaction as src/events/registrations.repository.ts.
const eventStart = db.prepare('SELECT starts_at FROM events WHERE id = ?');
const bump = db.prepare(
  'UPDATE events SET attendee_count = attendee_count + 1 ' +
    'WHERE id = ? AND starts_at > ? AND cancelled_at IS NULL AND published AND waitlist_count = 0 ' +
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

const store = {
  get: (sql, values) => prepared(sql).get(values),
  all: (sql, values) => prepared(sql).all(values),
  register(eventId, userId, now) {
    try {
      return register.immediate(eventId, userId, now);
    } catch (error) {
      if (!error?.outcome) throw error;
      return error.outcome;
    }
  },
  unregister: (eventId, userId, now) => unregister.immediate(eventId, userId, now),
  health: () => db.prepare('SELECT 1').get(),
};

await serve(floorApp({ store, secret: env.JWT_ACCESS_SECRET, dialect: { fts: true } }), async () =>
  db.close(),
);
