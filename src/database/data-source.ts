import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Database as SqliteConnection } from 'better-sqlite3';
import type { Pool } from 'pg';
import { DataSource, DataSourceOptions } from 'typeorm';
import { BetterSqlite3Driver } from 'typeorm/driver/better-sqlite3/BetterSqlite3Driver';
import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { Env } from '../config/env.schema';
import { Database } from './database';
import { PostgresDatabase } from './postgres-database';
import { SqliteDatabase } from './sqlite-database';
import { Session } from '../auth/entities/session.entity';
import { User } from '../users/entities/user.entity';
import { Accounts1763900000000 } from './migrations/1763900000000-accounts';
import { Events1763900100000 } from './migrations/1763900100000-events';
import { Organisers1764600000000 } from './migrations/1764600000000-organisers';
import { SessionDetails1764700000000 } from './migrations/1764700000000-session-details';
import { CalendarFeeds1764700100000 } from './migrations/1764700100000-calendar-feeds';
import { SearchIndex1764800000000 } from './migrations/1764800000000-search-index';
import { IdentityKeys1764800100000 } from './migrations/1764800100000-identity-keys';
import { HostsAndDrafts1764900000000 } from './migrations/1764900000000-hosts-and-drafts';
import { QuestionsAndCheckIn1765000000000 } from './migrations/1765000000000-questions-and-check-in';
import { Series1765000100000 } from './migrations/1765000100000-series';
import { OutboxAndWebhooks1765000200000 } from './migrations/1765000200000-outbox-and-webhooks';
import { Mail1765000300000 } from './migrations/1765000300000-mail';
import { Idempotency1765000400000 } from './migrations/1765000400000-idempotency';
import { CalendarFeed } from '../calendar/calendar-feed.entity';
import { EventEntity } from '../events/entities/event.entity';
import { Registration } from '../events/entities/registration.entity';

export const entities = [User, Session, EventEntity, Registration, CalendarFeed];
export const migrations = [
  Accounts1763900000000,
  Events1763900100000,
  Organisers1764600000000,
  SessionDetails1764700000000,
  CalendarFeeds1764700100000,
  SearchIndex1764800000000,
  IdentityKeys1764800100000,
  HostsAndDrafts1764900000000,
  QuestionsAndCheckIn1765000000000,
  Series1765000100000,
  OutboxAndWebhooks1765000200000,
  Mail1765000300000,
  Idempotency1765000400000,
];

/**
 * pg's pool, bounded in time so that a database that is gone costs a request seconds, not a hang
 * (see SECURITY.md, Dependency faults): a connection (or a free pool slot) within 5 s, a query
 * answered within 20 s (below the 30 s request timeout), TCP keep-alive so a dead peer is noticed.
 * A broken connection is dropped by the pool and a new one made on demand, so the pool recovers
 * by itself when the server is back.
 */
const PG_POOL = {
  max: 20,
  connectionTimeoutMillis: 5_000,
  query_timeout: 20_000,
  keepAlive: true,
} as const;

/** One definition of the database for the app, the migration CLI, the seed script and tests. */
export function dataSourceOptions(env: Env): DataSourceOptions {
  const common = {
    entities,
    migrations,
    synchronize: false,
    migrationsRun: env.migrateOnBoot,
    logging: false,
  } as const;
  if (env.dbType === 'postgres') {
    return { ...common, type: 'postgres', url: env.databaseUrl, extra: PG_POOL };
  }
  if (env.dbPath !== ':memory:') mkdirSync(dirname(env.dbPath), { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: env.dbPath,
    enableWAL: true,
    prepareDatabase: (db: SqliteConnection) => {
      // Wait for a competing writer (the migration CLI, a seed run) instead of failing at once.
      db.pragma('busy_timeout = 5000');
      db.pragma('foreign_keys = ON');
      // WAL + NORMAL: a commit is in the WAL before it is acknowledged, so it survives the process
      // being killed (kill -9, OOM); only an OS crash or power loss can lose the last commits.
      // FULL also fsyncs every commit (see README, Durability).
      db.pragma(`synchronous = ${env.sqliteSynchronous}`);
      // The one connection's page cache: 64 MiB instead of SQLite's 2 MiB, so a search's rows and
      // the indexes stay in memory rather than being read again through the OS (measured at
      // 100k events: the search count 11 ms → 5 ms; see bench/README.md).
      db.pragma('cache_size = -65536');
    },
  };
}

export function createDataSource(env: Env): DataSource {
  return new DataSource(dataSourceOptions(env));
}

/**
 * The `Database` port on an initialised DataSource's connection (the only place that reaches into
 * the drivers). Statements go through TypeORM's logger, so query logging and counting see them;
 * their durations go to `observeQuery` (the query-duration metric).
 */
export function openDatabase(
  dataSource: DataSource,
  observeQuery: (seconds: number) => void,
): Database {
  const log = {
    query: (text: string, values: readonly unknown[]) => {
      dataSource.logger.logQuery(text, values as unknown[]);
    },
    duration: observeQuery,
  };
  const driver = dataSource.driver;
  if (driver instanceof BetterSqlite3Driver) {
    return new SqliteDatabase(() => driver.databaseConnection as SqliteConnection, log);
  }
  if (driver instanceof PostgresDriver) {
    return new PostgresDatabase(() => driver.master as Pool, log);
  }
  throw new Error(`unsupported database driver ${dataSource.options.type}`);
}
