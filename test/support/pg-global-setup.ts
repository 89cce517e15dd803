import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { migrations } from '../../src/database/data-source';
import { databaseUrl, PG_ADMIN_URL } from './test-database';

/**
 * PostgreSQL pass only: fail at once, clearly, when the server is not there; give the run an id so
 * its per-app databases can be found and dropped afterwards; and migrate the run's template, of
 * which each test app's database is a copy (test-database.ts).
 */
export default async function globalSetup(): Promise<void> {
  const client = new Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `PostgreSQL is not reachable at ${PG_ADMIN_URL.replace(/:[^:@/]+@/, ':***@')} (${reason}). ` +
        'The PostgreSQL e2e pass needs a server that lets this user CREATE DATABASE; ' +
        'set DATABASE_URL to one, or start the local server ' +
        '(pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start).',
      { cause: error },
    );
  } finally {
    await client.end().catch(() => undefined);
  }
  const runId = Date.now().toString(36);
  process.env.E2E_RUN_ID = runId;
  const template = `e2e_${runId}_template`;
  const admin = new Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${template}`);
  } finally {
    await admin.end();
  }
  // The app's own migrations, as its boot runs them; the connection closes before any copy.
  const dataSource = new DataSource({ type: 'postgres', url: databaseUrl(template), migrations });
  await dataSource.initialize();
  try {
    await dataSource.runMigrations();
  } finally {
    await dataSource.destroy();
  }
  process.env.E2E_PG_TEMPLATE = template;
}
