// The PostgreSQL floor: the same routes, SQL, JSON and access-token check (app.mjs) on a `pg` Pool
// of the size the server's is (20). Statements are sent as the server sends them (unnamed,
// parameters bound), transactions as its PostgreSQL adapter runs them (BEGIN … COMMIT on a client
// of the pool). Environment: DATABASE_URL, JWT_ACCESS_SECRET, HOST, PORT.
import pg from 'pg';
import { toDollars } from '../lib/databases.mjs';
import { floorApp, serve } from './app.mjs';

const env = process.env;
const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: 20 });

/** As the server's adapter has them: int8 (COUNT, bigint columns) as numbers, booleans as 0 / 1. */
const TYPES = {
  getTypeParser: (oid, format) => {
    if (oid === 20 || oid === 1700) return Number;
    if (oid === 16) return (value) => (value === 't' ? 1 : 0);
    return pg.types.getTypeParser(oid, format);
  },
};
const query = async (runner, sql, values) =>
  (await runner.query({ text: toDollars(sql), values, types: TYPES })).rows;
const count = async (runner, sql, values) =>
  (await runner.query({ text: toDollars(sql), values, types: TYPES })).rowCount;

/** BEGIN, `work(client)`, COMMIT; ROLLBACK when it throws or answers `rollback: true`. */
async function transaction(work) {
  const client = await pool.connect();
  let broken;
  try {
    await client.query('BEGIN');
    try {
      const { outcome, rollback } = await work(client);
      await client.query(rollback ? 'ROLLBACK' : 'COMMIT');
      return outcome;
    } catch (error) {
      await client.query('ROLLBACK').catch((e) => (broken = e));
      throw error;
    }
  } finally {
    client.release(broken);
  }
}

// Registration: the statements of src/events/registrations.repository.ts, in the order
// src/events/registrations.service.ts runs them (a pair event has nobody waiting: no promotion).
const OPEN = 'id = ? AND starts_at > ? AND cancelled_at IS NULL AND published';
const TAKE_SPOT =
  `UPDATE events SET attendee_count = attendee_count + 1 WHERE ${OPEN} ` +
  'AND waitlist_count = 0 AND (capacity IS NULL OR attendee_count < capacity)';
const INSERT =
  'INSERT INTO registrations (event_id, user_id, status, created_at) ' +
  "VALUES (?, ?, 'attending', ?) ON CONFLICT (event_id, user_id) DO NOTHING";
const RELEASE_SPOT =
  `UPDATE events SET attendee_count = attendee_count - 1 WHERE ${OPEN} AND attendee_count > 0 ` +
  'RETURNING waitlist_count';
const DELETE =
  "DELETE FROM registrations WHERE event_id = ? AND user_id = ? AND status = 'attending'";
const STATUS = 'SELECT status FROM registrations WHERE event_id = ? AND user_id = ?';
const START = 'SELECT starts_at, cancelled_at FROM events WHERE id = ?';

/** Why a spot could not be taken or given back (the service's assertOpen). */
async function closedBecause(client, eventId, now) {
  const [row] = await query(client, START, [eventId]);
  if (!row) return 'EVENT_NOT_FOUND';
  if (row.cancelled_at !== null) return 'EVENT_CANCELLED';
  if (row.starts_at <= now) return 'EVENT_STARTED';
  return undefined;
}

const store = {
  get: async (sql, values) => (await query(pool, sql, values))[0],
  all: (sql, values) => query(pool, sql, values),
  register: (eventId, userId, now) =>
    transaction(async (client) => {
      if ((await count(client, TAKE_SPOT, [eventId, now])) !== 1) {
        const closed = await closedBecause(client, eventId, now);
        const listed = (await query(client, STATUS, [eventId, userId])).length > 0;
        return { outcome: closed ?? (listed ? 'ALREADY_REGISTERED' : 'EVENT_FULL') };
      }
      if ((await count(client, INSERT, [eventId, userId, now])) !== 1) {
        return { outcome: 'ALREADY_REGISTERED', rollback: true };
      }
      return { outcome: 'registered' };
    }),
  unregister: (eventId, userId, now) =>
    transaction(async (client) => {
      if ((await query(client, RELEASE_SPOT, [eventId, now])).length !== 1) {
        return { outcome: (await closedBecause(client, eventId, now)) ?? 'NOT_REGISTERED' };
      }
      if ((await count(client, DELETE, [eventId, userId])) !== 1) {
        return { outcome: 'NOT_REGISTERED', rollback: true };
      }
      return { outcome: 'unregistered' };
    }),
  health: () => pool.query('SELECT 1'),
};

await serve(floorApp({ store, secret: env.JWT_ACCESS_SECRET, dialect: { fts: false } }), () =>
  pool.end(),
);
