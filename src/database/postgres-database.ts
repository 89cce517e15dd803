import { Pool, PoolClient, QueryConfig, types } from 'pg';
import { Database, likeSubstring, Queries, scoped, TextIndex, TextPlan } from './database';
import { asUnavailable, DatabaseUnavailableError } from './errors';
import { raw, sql, Sql } from './sql';
import type { QueryLog } from './query-log';

const INT8 = 20;
const NUMERIC = 1700;
const BOOL = 16;

/**
 * The one result shape (see `Queries`): int8 (bigint columns, COUNT) as numbers instead of pg's
 * strings, booleans as 0 / 1 as SQLite has them. Per query, so pg's global parsers stay untouched.
 */
const RESULT_TYPES = {
  getTypeParser: (oid: number, format?: 'text' | 'binary'): ((value: string) => unknown) => {
    if (oid === INT8 || oid === NUMERIC) return (value: string) => Number(value);
    if (oid === BOOL) return (value: string) => (value === 't' ? 1 : 0);
    return types.getTypeParser(oid, format) as (value: string) => unknown;
  },
} as QueryConfig['types'];

const FOR_UPDATE = raw(' FOR UPDATE');
/** pg_trgm indexes runs of three characters: a shorter text has none to look up. */
const TRIGRAM = 3;

/** `$1`, `$2`, … placeholders, rendered once per query shape. */
const dollar = (index: number) => `$${index}`;

type Runner = Pick<Pool | PoolClient, 'query'>;

/**
 * PostgreSQL through TypeORM's pg pool. A transaction takes a client of its own from the pool, so
 * concurrent transactions are real, isolated ones (READ COMMITTED; the rules that need more lock
 * rows with a conditional UPDATE or `forUpdate`).
 */
export class PostgresDatabase extends Database {
  readonly forUpdate = FOR_UPDATE;
  readonly skipLocked = raw(' FOR UPDATE SKIP LOCKED');

  /**
   * The planner serves `LIKE '%…%'` from the column's pg_trgm GIN index itself. For `sort-first`
   * the column is compared as an expression (`column || ''`) that the index does not cover, so
   * the planner walks the sort order's index and stops once the page is full.
   */
  containsText({ column }: TextIndex, text: string, plan: TextPlan = 'index-first'): Sql {
    return likeSubstring(plan === 'sort-first' ? sql`(${column} || '')` : column, text);
  }

  /** The GIN index finds the candidates; the count stops at `cap` rows. */
  async countTextMatches(
    { table, column }: TextIndex,
    text: string,
    cap: number,
  ): Promise<number | undefined> {
    if ([...text].length < TRIGRAM) return undefined;
    const row = await this.one<{ matches: number }>(
      sql`SELECT COUNT(*) AS matches FROM (SELECT 1 AS one FROM ${table}
          WHERE ${likeSubstring(column, text)} LIMIT ${cap}) m`,
    );
    return row?.matches ?? 0;
  }

  /** `pool` is asked each time: TypeORM makes a new one when the DataSource is re-initialised. */
  constructor(
    private readonly pool: () => Pool,
    private readonly log: QueryLog,
  ) {
    super();
  }

  async all<T>(query: Sql): Promise<T[]> {
    return (await this.execute(this.livePool(), query)).rows as T[];
  }

  async run(query: Sql): Promise<number> {
    return (await this.execute(this.livePool(), query)).rowCount ?? 0;
  }

  transaction<T>(work: (tx: Queries) => Promise<T>): Promise<T> {
    return this.inTransaction('BEGIN', work);
  }

  /** One snapshot for every statement: REPEATABLE READ, read-only (no lock is taken). */
  snapshot<T>(work: (tx: Queries) => Promise<T>): Promise<T> {
    return this.inTransaction('BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY', work);
  }

  private async inTransaction<T>(begin: string, work: (tx: Queries) => Promise<T>): Promise<T> {
    const client = await this.livePool()
      .connect()
      .catch((error: unknown) => {
        throw asUnavailable(error);
      });
    let broken: Error | undefined;
    // The connection can die while the work awaits between statements (the server restarting):
    // pg then emits 'error' on the checked-out client, and an 'error' nobody listens to ends the
    // process. Noted instead: the next statement fails (a 503) and the client is not reused.
    const onError = (error: Error) => {
      broken = error;
    };
    client.on('error', onError);
    try {
      await this.command(client, begin);
      const { tx, end } = scoped({
        all: async <R>(query: Sql) => (await this.execute(client, query)).rows as R[],
        one: async <R>(query: Sql) => (await this.execute(client, query)).rows[0] as R | undefined,
        run: async (query: Sql) => (await this.execute(client, query)).rowCount ?? 0,
        forUpdate: FOR_UPDATE,
      });
      try {
        const result = await work(tx);
        end();
        await this.command(client, 'COMMIT');
        return result;
      } catch (error) {
        end();
        await this.command(client, 'ROLLBACK').catch((rollbackError: Error) => {
          broken = rollbackError; // the connection is unusable: the pool must not reuse it
        });
        throw error;
      }
    } finally {
      client.off('error', onError);
      client.release(broken);
    }
  }

  /** The pool, unless the DataSource was destroyed: then unreachable, as a stopped server is. */
  private livePool(): Pool {
    const pool = this.pool() as (Pool & { ending?: boolean }) | undefined;
    if (!pool || pool.ending) {
      throw new DatabaseUnavailableError('unreachable', new Error('the pool is closed'));
    }
    return pool;
  }

  private async execute(runner: Runner, query: Sql) {
    const text = query.render(dollar);
    this.log.query(text, query.values);
    const start = performance.now();
    try {
      return await runner.query({ text, values: query.values as unknown[], types: RESULT_TYPES });
    } catch (error) {
      // Server gone, restarting or refusing writes: a 503 for the client (see `unavailability`).
      throw asUnavailable(error);
    } finally {
      this.log.duration((performance.now() - start) / 1000);
    }
  }

  private async command(client: PoolClient, text: string): Promise<void> {
    await this.execute(client, raw(text));
  }
}
