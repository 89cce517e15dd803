import { raw, sql, Sql } from './sql';

/**
 * What a query can do, in or out of a transaction. Results have one shape on both databases:
 * integers as numbers (PostgreSQL's int8 included; ids, counts and epoch-ms timestamps all fit in
 * 2^53), booleans as 0 or 1 (SQLite has no other kind), text as strings, NULL as null.
 */
export interface Queries {
  /** every row */
  all<T>(query: Sql): Promise<T[]>;
  /** the first row, or undefined */
  one<T>(query: Sql): Promise<T | undefined>;
  /** a write; answers the number of rows it changed */
  run(query: Sql): Promise<number>;
  /**
   * ` FOR UPDATE` on PostgreSQL, nothing on SQLite (whose transactions hold the write lock from
   * their start): appended to a SELECT inside a transaction, the rows read stay as read until it ends.
   */
  readonly forUpdate: Sql;
}

/**
 * The one port to the database (SQLite or PostgreSQL, chosen by configuration): every service
 * reads and writes through it. Dialect differences (placeholders, result types, how a transaction
 * is kept from interleaving with other requests) live in its two implementations only.
 */
export abstract class Database implements Queries {
  abstract all<T>(query: Sql): Promise<T[]>;
  abstract run(query: Sql): Promise<number>;
  abstract readonly forUpdate: Sql;

  /**
   * ` FOR UPDATE SKIP LOCKED` on PostgreSQL, nothing on SQLite: appended to a SELECT in a
   * transaction that claims work (a queue), so concurrent claimers take different rows instead
   * of waiting for each other. SQLite has one writer at a time: its claims never overlap.
   */
  abstract readonly skipLocked: Sql;

  /**
   * A condition: `index.column` contains `text` as a substring (both already case-folded; `%`,
   * `_` and the backslash in `text` are literal), served by the index that migration SearchIndex1764800000000
   * made for that column where the text is long enough for it.
   */
  abstract containsText(index: TextIndex, text: string, plan?: TextPlan): Sql;

  /**
   * How many rows contain `text`, counted up to `cap`, from the trigram index alone where the
   * database can (SQLite's FTS5 table; PostgreSQL's GIN index through a LIMITed count), so a
   * query can tell a rare text from a common one. Undefined for a text the index cannot serve.
   */
  abstract countTextMatches(
    index: TextIndex,
    text: string,
    cap: number,
  ): Promise<number | undefined>;

  async one<T>(query: Sql): Promise<T | undefined> {
    const [row] = await this.all<T>(query);
    return row;
  }

  /**
   * Runs `work` in one transaction: committed when it resolves, rolled back when it throws (the
   * error is rethrown). Concurrent transactions never see each other's uncommitted writes, and on
   * SQLite they run one after another.
   */
  abstract transaction<T>(work: (tx: Queries) => Promise<T>): Promise<T>;

  /**
   * Runs reads that must agree with each other (a row and its lists) on one snapshot of the
   * database: no change committed meanwhile shows in some of them and not in others.
   */
  abstract snapshot<T>(work: (tx: Queries) => Promise<T>): Promise<T>;

  /** Answers when the database does (health checks). */
  async ping(): Promise<void> {
    await this.all(raw('SELECT 1'));
  }
}

/**
 * How a `containsText` condition is meant to be read. `index-first`: the trigram index finds the
 * matching rows, which are then sorted (the fastest for a rare text). `sort-first`: the query
 * walks its sort order and keeps the rows that contain the text (a common text fills a page after
 * a few rows; sorting all its matches would read them all).
 */
export type TextPlan = 'index-first' | 'sort-first';

/** A text column with a trigram index, as the migrations made it. */
export interface TextIndex {
  /** the table, with the alias the column is qualified by (`events e`) */
  table: Sql;
  /** the indexed column, qualified as the query names it (`e.search_text`) */
  column: Sql;
  /** the row's integer primary key, qualified alike (`e.id`) */
  id: Sql;
  /** SQLite: the FTS5 trigram table whose rowids are those ids */
  trigramTable: string;
}

/** The scan that any substring search comes down to: `LIKE '%text%'` with the text literal. */
export function likeSubstring(column: Sql, text: string): Sql {
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql`${column} LIKE ${pattern} ESCAPE '\\'`;
}

/**
 * A transaction's handle that stops working when the transaction ends: a statement sent through
 * it afterwards would run outside the transaction (or on a pool client someone else now holds).
 */
export function scoped(queries: Queries): { tx: Queries; end: () => void } {
  let open = true;
  const guard =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> =>
      open
        ? call(...args)
        : Promise.reject(new Error('transaction handle used after its transaction ended'));
  return {
    tx: {
      all: guard((query) => queries.all(query)),
      one: guard((query) => queries.one(query)),
      run: guard((query) => queries.run(query)),
      forUpdate: queries.forUpdate,
    },
    end: () => {
      open = false;
    },
  };
}
