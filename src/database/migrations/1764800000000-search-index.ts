import { MigrationInterface, QueryRunner } from 'typeorm';
import { isPostgres } from './dialect';

/**
 * Indexed search and the keyset indexes of cursor paging (issue 14), added to a database that may
 * hold events.
 *
 * `q` stays a case-insensitive substring of `search_text` (folded by the application). What
 * serves it is an index of the text's trigrams, so a query of three or more characters reads the
 * few rows that contain all of its trigrams instead of every row; shorter queries still scan.
 * - SQLite: an FTS5 table with the trigram tokenizer, its content read from `events` (nothing is
 *   stored twice) and kept in step by triggers, so every write updates it in its own
 *   transaction. `case_sensitive 1`: the text is folded already, and a phrase of trigrams then
 *   matches exactly the rows that contain the query.
 * - PostgreSQL: a GIN index with `pg_trgm`'s operator class, which the planner uses for
 *   `search_text LIKE '%…%'` itself; the index is part of every write. The extension is trusted
 *   (PostgreSQL 13+): the database's owner can create it. Where that is not allowed the migration
 *   stops and says what to ask a DBA for.
 *
 * Cursor pages continue after (sort key, id): the ascending sorts have their (key, id) indexes
 * already; the descending ones (ties still by id ascending) get theirs here.
 */
export class SearchIndex1764800000000 implements MigrationInterface {
  name = 'SearchIndex1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const keysets = [
      `CREATE INDEX "IDX_events_starts_at_desc" ON events (starts_at DESC, id ASC)`,
      `CREATE INDEX "IDX_events_created_at_desc" ON events (created_at DESC, id ASC)`,
      `CREATE INDEX "IDX_events_name_key_desc" ON events (name_key DESC, id ASC)`,
    ];
    for (const statement of keysets) await queryRunner.query(statement);
    if (isPostgres(queryRunner)) await this.trigramIndex(queryRunner);
    else await this.fullTextTable(queryRunner);
  }

  private async fullTextTable(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      `CREATE VIRTUAL TABLE events_search USING fts5(search_text, content='events',
         content_rowid='id', tokenize='trigram case_sensitive 1')`,
      `CREATE TRIGGER events_search_insert AFTER INSERT ON events BEGIN
         INSERT INTO events_search (rowid, search_text) VALUES (new.id, new.search_text);
       END`,
      `CREATE TRIGGER events_search_delete AFTER DELETE ON events BEGIN
         INSERT INTO events_search (events_search, rowid, search_text)
           VALUES ('delete', old.id, old.search_text);
       END`,
      `CREATE TRIGGER events_search_update AFTER UPDATE OF search_text ON events BEGIN
         INSERT INTO events_search (events_search, rowid, search_text)
           VALUES ('delete', old.id, old.search_text);
         INSERT INTO events_search (rowid, search_text) VALUES (new.id, new.search_text);
       END`,
      // The events already there.
      `INSERT INTO events_search (events_search) VALUES ('rebuild')`,
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }

  private async trigramIndex(queryRunner: QueryRunner): Promise<void> {
    const exists = async (query: string) =>
      ((await queryRunner.query(`SELECT EXISTS (${query}) AS found`)) as { found: boolean }[])[0]
        ?.found === true;
    if (!(await exists(`SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'`))) {
      const available = await exists(
        `SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'`,
      );
      const ask =
        'Ask a database administrator to run "CREATE EXTENSION IF NOT EXISTS pg_trgm;" in this ' +
        'database, then start the server again.';
      if (!available) {
        throw new Error(
          `Search needs the PostgreSQL extension pg_trgm, which this server does not have ` +
            `installed (it ships with PostgreSQL's contrib package). ${ask}`,
        );
      }
      // A failed statement ends the migration's transaction, so there is one attempt.
      await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`).catch((error: Error) => {
        throw new Error(
          `Search needs the PostgreSQL extension pg_trgm, and this role may not create it ` +
            `(${error.message}). ${ask}`,
        );
      });
    }
    await queryRunner.query(
      `CREATE INDEX "IDX_events_search_trgm" ON events USING gin (search_text gin_trgm_ops)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const statements = isPostgres(queryRunner)
      ? [`DROP INDEX "IDX_events_search_trgm"`] // the extension may serve others: it stays
      : [
          `DROP TRIGGER events_search_update`,
          `DROP TRIGGER events_search_delete`,
          `DROP TRIGGER events_search_insert`,
          `DROP TABLE events_search`,
        ];
    statements.push(
      `DROP INDEX "IDX_events_name_key_desc"`,
      `DROP INDEX "IDX_events_created_at_desc"`,
      `DROP INDEX "IDX_events_starts_at_desc"`,
    );
    for (const statement of statements) await queryRunner.query(statement);
  }
}
