import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';

/** Per table: how many rows, and a hash of all of them (independent of row order). */
export type Fingerprint = Record<string, { rows: number; hash: string }>;

async function tableNames(dataSource: DataSource): Promise<string[]> {
  const rows: { name: string }[] =
    dataSource.options.type === 'postgres'
      ? await dataSource.query(
          "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'",
        )
      : await dataSource.query(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
        );
  return rows.map((row) => row.name).sort();
}

function hashRows(rows: Record<string, unknown>[], skipped: ReadonlySet<string>): string {
  const lines = rows
    .map((row) =>
      JSON.stringify(
        Object.entries(row)
          .filter(([column]) => !skipped.has(column))
          .sort(([a], [b]) => (a < b ? -1 : 1)),
      ),
    )
    .sort();
  const hash = createHash('sha256');
  for (const line of lines) hash.update(line).update('\n');
  return hash.digest('hex').slice(0, 16);
}

/**
 * A cheap fingerprint of every table of the database: compare two to prove that a request changed
 * nothing. `without` adds entries that leave columns out (e.g. `{ sessions: [['revoked_at']] }`
 * adds `sessions without revoked_at`), for where the contract lets a rejected request change
 * exactly those columns.
 */
export async function fingerprint(
  dataSource: DataSource,
  without: Record<string, string[][]> = {},
): Promise<Fingerprint> {
  const result: Fingerprint = {};
  for (const table of await tableNames(dataSource)) {
    const rows: Record<string, unknown>[] = await dataSource.query(`SELECT * FROM "${table}"`);
    result[table] = { rows: rows.length, hash: hashRows(rows, new Set()) };
    for (const columns of without[table] ?? []) {
      result[`${table} without ${columns.join(', ')}`] = {
        rows: rows.length,
        hash: hashRows(rows, new Set(columns)),
      };
    }
  }
  return result;
}
