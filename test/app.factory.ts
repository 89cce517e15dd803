import { Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { configureApp } from '../src/app.setup';
import { createFastifyAdapter, HttpLimits } from '../src/common/http/fastify-adapter';
import { registerSecurityHeaders } from '../src/common/http/security-headers';
import { Clock } from '../src/common/clock';
import { RawEnv } from '../src/config/env.schema';
import { openTestDatabase } from './support/test-database';

export const TEST_SECRETS = {
  JWT_ACCESS_SECRET: 'test-access-secret-0123456789abcdefghijklmnop',
  JWT_REFRESH_SECRET: 'test-refresh-secret-0123456789abcdefghijklmnop',
};

export interface TestApp {
  app: NestFastifyApplication;
  dataSource: DataSource;
  /** SQLite file or PostgreSQL database name; `createTestApp({ DB_PATH: dbPath })` reopens it */
  dbPath: string;
  /** supertest bound to the running server */
  http: () => ReturnType<typeof request>;
  /** closes the app; `keepDatabase` leaves the file for a restart test */
  close: (options?: { keepDatabase?: boolean }) => Promise<void>;
}

/**
 * The real app (Fastify, guards, pipes, filter, migrations) on a fresh database: a temporary
 * SQLite file, or a new PostgreSQL database when TEST_DB_TYPE=postgres (a copy of the run's
 * migrated template, so its boot finds the migrations applied). `DB_PATH` in `overrides`
 * reopens the database of an earlier app (restart tests); `limits` shortens the HTTP timeouts;
 * `controllers` adds routes of the test's own (e.g. one made to fail); `clock` replaces the system
 * clock (a `TestClock` lets time pass without sleeping).
 */
export async function createTestApp(
  overrides: RawEnv = {},
  options: { limits?: Partial<HttpLimits>; controllers?: Type[]; clock?: Clock } = {},
): Promise<TestApp> {
  const { DB_PATH: reuse, ...rest } = overrides;
  const database = await openTestDatabase(reuse, { migrated: true });
  const env: RawEnv = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    AUTH_RATE_LIMIT: '0',
    // Off unless a spec is about it (test/rate-limit-user.e2e-spec.ts): specs fire many requests.
    API_RATE_LIMIT: '0',
    ...TEST_SECRETS,
    ...rest,
    ...database.env,
  };
  const root = AppModule.forRoot(env, options.clock);
  const app = await NestFactory.create<NestFastifyApplication>(
    options.controllers ? { ...root, controllers: options.controllers } : root,
    createFastifyAdapter({ trustProxy: env.TRUST_PROXY === 'true', limits: options.limits }),
    { bodyParser: false, logger: false, abortOnError: false },
  );
  registerSecurityHeaders(app);
  configureApp(app);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    dataSource: app.get(DataSource),
    dbPath: database.handle,
    http: () => request(app.getHttpServer()),
    close: async (options = {}) => {
      await app.close();
      if (!options.keepDatabase) await database.drop();
    },
  };
}
