import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When each session was last used and which user agent opened it (issue 13), added to a database
 * that may hold sessions. Plain `ALTER TABLE … ADD COLUMN`, which both databases take alike (the
 * schema builder would rebuild SQLite's table). Both columns are nullable: a session opened
 * before this migration has no known user agent, and its `last_used_at` is filled by its next use.
 */
export class SessionDetails1764700000000 implements MigrationInterface {
  name = 'SessionDetails1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      `ALTER TABLE sessions ADD COLUMN last_used_at bigint NULL`,
      `ALTER TABLE sessions ADD COLUMN user_agent varchar(200) NULL`,
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      `ALTER TABLE sessions DROP COLUMN user_agent`,
      `ALTER TABLE sessions DROP COLUMN last_used_at`,
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }
}
