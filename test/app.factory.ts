import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { configureApp, createFastifyAdapter, registerSecurityHeaders } from '../src/app.setup';
import { RawEnv } from '../src/config/env.schema';

export const TEST_SECRETS = {
  JWT_ACCESS_SECRET: 'test-access-secret-0123456789abcdefghijklmnop',
  JWT_REFRESH_SECRET: 'test-refresh-secret-0123456789abcdefghijklmnop',
};

export interface TestApp {
  app: NestFastifyApplication;
  dataSource: DataSource;
  dbPath: string;
  /** supertest bound to the running server */
  http: () => ReturnType<typeof request>;
  /** closes the app; `keepDatabase` leaves the file for a restart test */
  close: (options?: { keepDatabase?: boolean }) => Promise<void>;
}

/** The real app (Fastify, guards, pipes, filter, migrations) on a temporary SQLite file. */
export async function createTestApp(overrides: RawEnv = {}): Promise<TestApp> {
  const dir = overrides.DB_PATH ? undefined : mkdtempSync(join(tmpdir(), 'event-manager-e2e-'));
  const dbPath = overrides.DB_PATH ?? join(dir!, 'test.sqlite');
  const env: RawEnv = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    AUTH_RATE_LIMIT: '0',
    ...TEST_SECRETS,
    ...overrides,
    DB_PATH: dbPath,
  };
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(env),
    createFastifyAdapter(),
    { bodyParser: false, logger: false, abortOnError: false },
  );
  await registerSecurityHeaders(app);
  configureApp(app);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    dataSource: app.get(DataSource),
    dbPath,
    http: () => request(app.getHttpServer()),
    close: async (options = {}) => {
      await app.close();
      if (dir && !options.keepDatabase) rmSync(dir, { recursive: true, force: true });
    },
  };
}
