import { Client } from 'pg';
import { PG_ADMIN_URL } from './test-database';

/** Drops whatever databases this run left behind (a spec that failed before closing its app). */
export default async function globalTeardown(): Promise<void> {
  const prefix = `e2e_${process.env.E2E_RUN_ID}_`;
  const client = new Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE starts_with(datname, $1)',
      [prefix],
    );
    for (const { datname } of rows) {
      await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  } finally {
    await client.end();
  }
}
