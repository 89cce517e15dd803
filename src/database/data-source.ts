import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Database } from 'better-sqlite3';
import { DataSource, DataSourceOptions } from 'typeorm';
import { Env } from '../config/env.schema';
import { Session } from '../auth/entities/session.entity';
import { User } from '../users/entities/user.entity';
import { Accounts1763900000000 } from './migrations/1763900000000-accounts';
import { Events1763900100000 } from './migrations/1763900100000-events';
import { EventEntity } from '../events/entities/event.entity';
import { Registration } from '../events/entities/registration.entity';

export const entities = [User, Session, EventEntity, Registration];
export const migrations = [Accounts1763900000000, Events1763900100000];

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
    return { ...common, type: 'postgres', url: env.databaseUrl, extra: { max: 20 } };
  }
  if (env.dbPath !== ':memory:') mkdirSync(dirname(env.dbPath), { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: env.dbPath,
    enableWAL: true,
    prepareDatabase: (db: Database) => {
      // Wait for a competing writer (the migration CLI, a seed run) instead of failing at once.
      db.pragma('busy_timeout = 5000');
      db.pragma('foreign_keys = ON');
      // WAL + NORMAL: a commit is in the WAL before it is acknowledged, so it survives the process
      // being killed (kill -9, OOM); only an OS crash or power loss can lose the last commits.
      // FULL also fsyncs every commit (see README, Durability).
      db.pragma(`synchronous = ${env.sqliteSynchronous}`);
    },
  };
}

export function createDataSource(env: Env): DataSource {
  return new DataSource(dataSourceOptions(env));
}
