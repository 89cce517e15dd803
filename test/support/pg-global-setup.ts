import { Client } from 'pg';
import { PG_ADMIN_URL } from './test-database';

/**
 * PostgreSQL pass only: fail at once, clearly, when the server is not there, and give the run an
 * id so its per-app databases can be found and dropped afterwards.
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
  process.env.E2E_RUN_ID = `${Date.now().toString(36)}`;
}
