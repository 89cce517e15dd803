import type { Database as SqliteConnection, Statement } from 'better-sqlite3';
import { Database, likeSubstring, Queries, scoped, TextIndex, TextPlan } from './database';
import { DatabaseUnavailableError } from './errors';
import { empty, raw, sql, Sql } from './sql';
import { QueryLog, timed } from './query-log';

const STATEMENT_CACHE = 256;
/** The trigram tokenizer indexes runs of three characters: a shorter text has none to look up. */
const TRIGRAM = 3;

/** An FTS5 phrase: the text in double quotes (doubled inside), matched as one run of characters. */
const phrase = (text: string) => `"${text.replace(/"/g, '""')}"`;

/**
 * SQLite through better-sqlite3's one connection. Its calls are synchronous, so a statement never
 * interleaves with another; a transaction, whose work awaits between statements, holds a mutex
 * for its whole length, and statements from other requests wait for it (on one connection they
 * would otherwise run inside it, and its rollback would undo them). Statements are prepared once
 * per SQL text and kept.
 */
export class SqliteDatabase extends Database {
  readonly forUpdate = empty;
  readonly skipLocked = empty;
  private statements = new Map<string, Statement>();
  private preparedOn?: SqliteConnection;
  private readonly waiting: (() => void)[] = [];
  private locked = false;

  /** `connection` is asked each time: TypeORM opens a new one when the DataSource is re-initialised. */
  constructor(
    private readonly connection: () => SqliteConnection,
    private readonly log: QueryLog,
  ) {
    super();
  }

  /**
   * The FTS5 trigram table finds the rows that contain the text's trigrams in a row (with
   * `case_sensitive 1`, exactly those that contain the text); the LIKE beside it keeps the
   * meaning that of the scan whatever the tokenizer does. Texts under three characters scan.
   */
  containsText(
    { column, id, trigramTable }: TextIndex,
    text: string,
    plan: TextPlan = 'index-first',
  ): Sql {
    const scan = likeSubstring(column, text);
    if ([...text].length < TRIGRAM) return scan;
    const table = raw(trigramTable);
    // `+id` is not an index term: the planner keeps its sort index and tests each row against
    // the FTS5 matches (collected once); plain `id` lets it start from those matches.
    const key = plan === 'sort-first' ? sql`+${id}` : id;
    return sql`${key} IN (SELECT rowid FROM ${table} WHERE ${table} MATCH ${phrase(text)})
      AND ${scan}`;
  }

  /** FTS5 alone answers it: the rowids of the phrase, never the table's rows. */
  async countTextMatches(
    { trigramTable }: TextIndex,
    text: string,
    cap: number,
  ): Promise<number | undefined> {
    if ([...text].length < TRIGRAM) return undefined;
    const table = raw(trigramTable);
    const row = await this.one<{ matches: number }>(
      sql`SELECT COUNT(*) AS matches FROM (SELECT rowid FROM ${table}
          WHERE ${table} MATCH ${phrase(text)} LIMIT ${cap}) m`,
    );
    return row?.matches ?? 0;
  }

  async all<T>(query: Sql): Promise<T[]> {
    if (this.locked) return this.exclusive(() => this.allNow<T>(query));
    return this.allNow<T>(query);
  }

  async run(query: Sql): Promise<number> {
    if (this.locked) return this.exclusive(() => this.runNow(query));
    return this.runNow(query);
  }

  // IMMEDIATE takes the write lock up front: no lock-upgrade deadlock with another process
  // (the migration CLI, a seed run) that writes to the same file.
  transaction<T>(work: (tx: Queries) => Promise<T>): Promise<T> {
    return this.inTransaction('BEGIN IMMEDIATE', work);
  }

  /** A deferred transaction that only reads: in WAL mode it sees one snapshot, and writers go on. */
  snapshot<T>(work: (tx: Queries) => Promise<T>): Promise<T> {
    return this.inTransaction('BEGIN DEFERRED', work);
  }

  private inTransaction<T>(begin: string, work: (tx: Queries) => Promise<T>): Promise<T> {
    return this.exclusive(async () => {
      this.exec(begin);
      const { tx, end } = scoped({
        all: <R>(query: Sql) => settle(() => this.allNow<R>(query)),
        one: <R>(query: Sql) => settle(() => this.allNow<R>(query)[0]),
        run: (query: Sql) => settle(() => this.runNow(query)),
        forUpdate: empty,
      });
      try {
        const result = await work(tx);
        end();
        this.exec('COMMIT');
        return result;
      } catch (error) {
        end();
        if (this.connection().inTransaction) this.exec('ROLLBACK');
        throw error;
      }
    });
  }

  private allNow<T>(query: Sql): T[] {
    const statement = this.prepare(query);
    return timed(this.log, () => {
      if (!statement.reader) {
        statement.run(...bindable(query.values));
        return [];
      }
      return statement.all(...bindable(query.values)) as T[];
    });
  }

  private runNow(query: Sql): number {
    const statement = this.prepare(query);
    return timed(this.log, () =>
      statement.reader
        ? statement.all(...bindable(query.values)).length // RETURNING
        : statement.run(...bindable(query.values)).changes,
    );
  }

  private exec(text: string): void {
    this.log.query(text, []);
    const statement = this.prepareText(text);
    timed(this.log, () => statement.run());
  }

  private prepare(query: Sql): Statement {
    const text = query.strings.join('?');
    this.log.query(text, query.values);
    return this.prepareText(text);
  }

  private prepareText(text: string): Statement {
    const connection = this.connection() as SqliteConnection | undefined;
    // Closed (the DataSource was destroyed): unreachable, as a stopped server would be.
    if (!connection?.open) {
      throw new DatabaseUnavailableError('unreachable', new Error('SQLite connection is closed'));
    }
    if (connection !== this.preparedOn) {
      this.statements = new Map();
      this.preparedOn = connection;
    }
    let statement = this.statements.get(text);
    if (!statement) {
      statement = connection.prepare(text);
      if (this.statements.size >= STATEMENT_CACHE) this.statements.clear();
      this.statements.set(text, statement);
    }
    return statement;
  }

  /** Runs `task` alone: after every transaction and statement queued before it (FIFO). */
  private async exclusive<T>(task: () => T | Promise<T>): Promise<T> {
    if (this.locked) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.locked = true;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.locked = false;
    }
  }
}

/** A synchronous call as a promise (a throw becomes a rejection). */
function settle<T>(call: () => T): Promise<T> {
  return new Promise((resolve) => resolve(call()));
}

/** better-sqlite3 binds numbers, strings, bigints, buffers and null; booleans become 0 / 1. */
function bindable(values: readonly unknown[]): unknown[] {
  return values.map((value) => (typeof value === 'boolean' ? Number(value) : value));
}
