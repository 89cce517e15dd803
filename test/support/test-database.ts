import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { Client } from 'pg';

/**
 * Where an e2e app keeps its data. `npm test` uses a temporary SQLite file per app;
 * `npm run test:e2e:pg` (TEST_DB_TYPE=postgres) a fresh PostgreSQL database per app, created on
 * the server of DATABASE_URL (default the local one) and dropped when the app closes.
 */
export const TEST_DB_TYPE: 'sqlite' | 'postgres' =
  process.env.TEST_DB_TYPE === 'postgres' ? 'postgres' : 'sqlite';

export const PG_ADMIN_URL =
  process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Prefix of every database a PostgreSQL test run creates (per run, set by the global setup). */
export const PG_PREFIX = `e2e_${process.env.E2E_RUN_ID ?? process.pid}_`;

export interface TestDatabase {
  /** An SQLite path or a PostgreSQL database name: pass it back as `DB_PATH` to reopen it. */
  handle: string;
  env: Record<string, string>;
  /** Runs one statement on its own connection (for a server process's database, from outside). */
  run: (statement: string) => Promise<void>;
  drop: () => Promise<void>;
}

let sequence = 0;

export function databaseUrl(name: string): string {
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function adminQuery(sql: string): Promise<void> {
  const client = new Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Name of the PostgreSQL database the global setup migrated for this run: `migrated` databases are
 * copies of it (`CREATE DATABASE ... TEMPLATE`), so each app's boot finds every migration applied
 * instead of running them all again (about half a second per app).
 */
export const PG_TEMPLATE = process.env.E2E_PG_TEMPLATE;

/**
 * A new database, or (with `reuse`) the one a previous app of this test used. `migrated`: the
 * schema may already be there (a copy of the run's migrated template, PostgreSQL only); without
 * it the database is empty (a migration test builds its own).
 */
export async function openTestDatabase(
  reuse?: string,
  options: { migrated?: boolean } = {},
): Promise<TestDatabase> {
  if (TEST_DB_TYPE === 'sqlite') {
    const dir = reuse ? undefined : mkdtempSync(join(tmpdir(), 'event-manager-e2e-'));
    const handle = reuse ?? join(dir!, 'test.sqlite');
    return {
      handle,
      env: { DB_TYPE: 'sqlite', DB_PATH: handle },
      run: (statement) => {
        const db = new Sqlite(handle);
        try {
          db.exec(statement);
        } finally {
          db.close();
        }
        return Promise.resolve();
      },
      drop: () => Promise.resolve(rmSync(join(handle, '..'), { recursive: true, force: true })),
    };
  }
  sequence += 1;
  const handle = reuse ?? `${PG_PREFIX}${sequence}_${Math.random().toString(36).slice(2, 8)}`;
  if (!/^[a-z0-9_]+$/.test(handle)) throw new Error(`unexpected database name ${handle}`);
  if (!reuse) {
    const template = options.migrated && PG_TEMPLATE ? ` TEMPLATE ${PG_TEMPLATE}` : '';
    await adminQuery(`CREATE DATABASE ${handle}${template}`);
  }
  return {
    handle,
    env: { DB_TYPE: 'postgres', DATABASE_URL: databaseUrl(handle) },
    run: async (statement) => {
      const client = new Client({ connectionString: databaseUrl(handle) });
      await client.connect();
      try {
        await client.query(statement);
      } finally {
        await client.end();
      }
    },
    drop: () => adminQuery(`DROP DATABASE IF EXISTS ${handle} WITH (FORCE)`),
  };
}
