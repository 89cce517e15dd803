import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Database, Statement } from 'better-sqlite3';
import { DataSource } from 'typeorm';

const STATEMENT_CACHE = 256;

/**
 * Hand-written reads on the hot paths, with `?` placeholders bound on both drivers. TypeORM's
 * query builder costs more than the query on these paths, and its SQLite driver inlines numbers
 * into the SQL text, so every viewer, id and `now` made a new statement to prepare. Here the SQL
 * text is fixed per query shape and SQLite statements are prepared once. Queries still go through
 * TypeORM's logger, so query logging and counting see them.
 */
@Injectable()
export class Sql {
  private readonly statements = new Map<string, Statement>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async all<T>(sql: string, params: unknown[]): Promise<T[]> {
    this.dataSource.logger.logQuery(sql, params);
    if (this.dataSource.options.type === 'better-sqlite3') {
      return this.statement(sql).all(...params) as T[];
    }
    return this.dataSource.query<T[]>(toPostgres(sql), params);
  }

  async one<T>(sql: string, params: unknown[]): Promise<T | undefined> {
    const [row] = await this.all<T>(sql, params);
    return row;
  }

  private statement(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      const db = (this.dataSource.driver as unknown as { databaseConnection: Database })
        .databaseConnection;
      statement = db.prepare(sql);
      if (this.statements.size >= STATEMENT_CACHE) this.statements.clear();
      this.statements.set(sql, statement);
    }
    return statement;
  }
}

/** `?` → `$1`, `$2`, … (the queries given here have no `?` inside string literals). */
function toPostgres(sql: string): string {
  let index = 0;
  return sql.replace(/\?/g, () => `$${(index += 1)}`);
}
