// The database a bench run uses, behind one small interface, so the seed, the checks and the
// cleanups are written once: SQLite (a fresh file per size) or PostgreSQL (a fresh database per
// size on the server of --pg-url, dropped afterwards). SQL is written with `?` placeholders;
// aliases that are not all lower case are double-quoted (PostgreSQL folds bare ones).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';

export const DEFAULT_PG_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

// int8 (bigint columns, COUNT) and numeric as numbers, in this process only.
pg.types.setTypeParser(20, Number);
pg.types.setTypeParser(1700, Number);

/** `?` → `$1`, `$2`, … (none of the bench's SQL has a `?` inside a literal). */
const dollars = new Map();
export function toDollars(text) {
  let out = dollars.get(text);
  if (out === undefined) {
    let n = 0;
    out = text.replace(/\?/g, () => `$${++n}`);
    dollars.set(text, out);
  }
  return out;
}

/** The tables the seed writes, in the order their foreign keys need; columns with pg types. */
export const TABLES = {
  users: [
    ['id', 'int'],
    ['username', 'text'],
    ['username_key', 'text'],
    ['email', 'text'],
    ['email_key', 'text'],
    ['password_hash', 'text'],
    ['created_at', 'bigint'],
  ],
  series: [
    ['id', 'int'],
    ['owner_id', 'int'],
    ['recurrence', 'text'],
    ['time_zone', 'text'],
    ['created_at', 'bigint'],
  ],
  events: [
    ['id', 'int'],
    ['owner_id', 'int'],
    ['name', 'text'],
    ['description', 'text'],
    ['location', 'text'],
    ['name_key', 'text'],
    ['search_text', 'text'],
    ['starts_at', 'bigint'],
    ['ends_at', 'bigint'],
    ['capacity', 'int'],
    ['attendee_count', 'int'],
    ['waitlist_count', 'int'],
    ['created_at', 'bigint'],
    ['updated_at', 'bigint'],
    ['series_id', 'int'],
  ],
  registrations: [
    ['id', 'int'],
    ['event_id', 'int'],
    ['user_id', 'int'],
    ['status', 'text'],
    ['created_at', 'bigint'],
    // Tickets only on the check-in event's rows (null elsewhere, as before the tickets' issue).
    ['ticket_code', 'text'],
    ['ticket_hash', 'text'],
  ],
  sessions: [
    ['id', 'text'],
    ['user_id', 'int'],
    ['refresh_hash', 'text'],
    ['refresh_expires_at', 'bigint'],
    ['created_at', 'bigint'],
  ],
};
/** What each table's rows reference: flushed first. */
const PARENTS = {
  users: [],
  series: ['users'],
  events: ['users', 'series'],
  registrations: ['users', 'events'],
  sessions: ['users'],
};

const insertColumns = (table) => TABLES[table].map(([name]) => name).join(', ');

/** SQLite: a file per size in `dir`. */
export function sqlite({ dir }) {
  return {
    kind: 'sqlite',
    async create(events) {
      const path = join(dir, `events-${events}.sqlite`);
      let db;
      const open = () => (db ??= new Database(path));
      return {
        name: path,
        projectEnv: { DB_TYPE: 'sqlite', DB_PATH: path },
        floorEnv: { DB_PATH: path },
        floorScript: 'bench/floor/server.mjs',
        async all(text, params = []) {
          return open().prepare(text).all(params);
        },
        /** Bulk load without a journal (the file is thrown away if this fails); WAL afterwards. */
        async writer() {
          const conn = open();
          conn.pragma('journal_mode = OFF');
          conn.pragma('synchronous = OFF');
          conn.exec('BEGIN');
          const inserts = Object.fromEntries(
            Object.entries(TABLES).map(([table, columns]) => [
              table,
              conn.prepare(
                `INSERT INTO ${table} (${insertColumns(table)}) ` +
                  `VALUES (${columns.map(() => '?').join(', ')})`,
              ),
            ]),
          );
          return {
            add(table, row) {
              inserts[table].run(row);
            },
            async finish() {
              conn.exec('COMMIT');
              conn.pragma('journal_mode = WAL');
              conn.pragma('synchronous = NORMAL');
            },
          };
        },
        async close() {
          db?.close();
          db = undefined;
        },
        async drop() {
          await this.close();
          for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
        },
      };
    },
  };
}

/**
 * PostgreSQL: `CREATE DATABASE bench_<pid>_<events>` through the database of `url` (its server,
 * user and password are used for the new one too), dropped (WITH (FORCE): connections left over
 * by a crashed server do not keep it) by `drop`, or by `dropAll` on a signal.
 */
export function postgres({ url, batch = 5000 }) {
  const created = new Set();
  const admin = async (text) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(text);
    } finally {
      await client.end();
    }
  };
  const dropDatabase = async (name) => {
    await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    created.delete(name);
  };
  return {
    kind: 'postgres',
    async dropAll() {
      for (const name of [...created]) await dropDatabase(name).catch(() => {});
    },
    async create(events) {
      const name = `bench_${process.pid}_${events}`;
      await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin(`CREATE DATABASE "${name}"`);
      created.add(name);
      const target = new URL(url);
      target.pathname = `/${name}`;
      const databaseUrl = target.toString();
      let pool;
      const open = () => {
        if (!pool) {
          pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
          // An idle connection ended by DROP DATABASE … WITH (FORCE) (on a signal): expected.
          pool.on('error', () => {});
        }
        return pool;
      };
      return {
        name,
        projectEnv: { DB_TYPE: 'postgres', DATABASE_URL: databaseUrl },
        floorEnv: { DATABASE_URL: databaseUrl },
        floorScript: 'bench/floor/server-pg.mjs',
        async all(text, params = []) {
          return (await open().query(toDollars(text), params)).rows;
        },
        /**
         * One transaction of multi-row inserts: per table, `batch` rows a statement as one array
         * per column (`INSERT … SELECT * FROM unnest($1::int[], …)`); a table's parents are
         * flushed before it. Statements run one after the other while the next batch is being
         * generated (at most two wait). Explicit ids: the sequences are moved past them at the
         * end, then VACUUM ANALYZE (the planner needs the statistics of the new rows).
         */
        async writer() {
          const client = await open().connect();
          await client.query('SET synchronous_commit = off');
          await client.query('BEGIN');
          const buffers = Object.fromEntries(Object.keys(TABLES).map((t) => [t, []]));
          const statements = Object.fromEntries(
            Object.entries(TABLES).map(([table, columns]) => [
              table,
              `INSERT INTO ${table} (${insertColumns(table)}) SELECT * FROM unnest(` +
                columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ') +
                ')',
            ]),
          );
          /** Seconds spent in each table's statements (each timed alone), and in the rest. */
          const seconds = Object.fromEntries(Object.keys(TABLES).map((t) => [t, 0]));
          let tail = Promise.resolve();
          const queued = [];
          /** Runs `text` after every statement sent before it; answers when it is done. */
          const send = (name, text, values) => {
            const previous = tail;
            tail = (async () => {
              await previous;
              const start = performance.now();
              await client.query(text, values);
              seconds[name] = (seconds[name] ?? 0) + (performance.now() - start) / 1000;
            })();
            queued.push(tail);
            tail.catch(() => {}); // awaited below or by finish(): not an unhandled rejection
            return tail;
          };
          const flush = (table) => {
            const rows = buffers[table];
            if (rows.length === 0) return;
            for (const parent of PARENTS[table]) flush(parent);
            buffers[table] = [];
            send(
              table,
              statements[table],
              TABLES[table].map((_, i) => rows.map((row) => row[i])),
            );
          };
          return {
            add(table, row) {
              const rows = buffers[table];
              rows.push(row);
              if (rows.length < batch) return undefined;
              flush(table);
              return queued.length > 2 ? queued.splice(0, queued.length - 2).pop() : undefined;
            },
            async finish() {
              try {
                for (const table of Object.keys(TABLES)) flush(table);
                for (const table of ['users', 'series', 'events', 'registrations']) {
                  send(
                    'sequences',
                    `SELECT setval(pg_get_serial_sequence('${table}', 'id'), ` +
                      `(SELECT MAX(id) FROM ${table}))`,
                  );
                }
                send('commit', 'COMMIT');
                await send('vacuumAnalyze', 'VACUUM ANALYZE');
                return seconds;
              } finally {
                await tail.catch(() => {});
                client.release();
              }
            },
          };
        },
        async close() {
          await pool?.end();
          pool = undefined;
        },
        async drop() {
          await this.close();
          await dropDatabase(name);
        },
      };
    },
  };
}
