import { randomBytes } from 'node:crypto';
import { assertBuilt, runNode, ServerProcess, startServer } from './server-process';
import { openTestDatabase, TestDatabase } from './test-database';

export interface TwoInstances {
  database: TestDatabase;
  a: ServerProcess;
  b: ServerProcess;
  stop: () => Promise<void>;
}

/**
 * Two instances of the built server on a new PostgreSQL database, in production mode with secrets
 * of their own (and `env` on top): the migrations as their own deployment step, then instances
 * that do not migrate.
 */
export async function startTwoInstances(env: Record<string, string>): Promise<TwoInstances> {
  assertBuilt();
  const database = await openTestDatabase();
  const all = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    JWT_ACCESS_SECRET: randomBytes(32).toString('hex'),
    JWT_REFRESH_SECRET: randomBytes(32).toString('hex'),
    ...env,
    ...database.env,
  };
  expect(await runNode('dist/database/cli.js', all)).toBe(0);
  const [a, b] = await Promise.all([
    startServer({ ...all, DB_MIGRATE: 'false' }),
    startServer({ ...all, DB_MIGRATE: 'false' }),
  ]);
  return {
    database,
    a,
    b,
    stop: async () => {
      await Promise.all([a.stop(), b.stop()]);
      await database.drop();
    },
  };
}
