import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/**
 * One secret calendar-feed address per user (issue 13). Only the SHA-256 of its token's secret is
 * stored: a leaked database does not leak working feed addresses. The token names its user
 * (`<userId>.<secret>`), so the check is a primary-key read and a constant-time comparison of the
 * hashes. A new table, so the schema builder is safe here on both databases (no existing table
 * is rebuilt).
 */
export class CalendarFeeds1764700100000 implements MigrationInterface {
  name = 'CalendarFeeds1764700100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'calendar_feeds',
        columns: [
          { name: 'user_id', type: 'integer', isPrimary: true },
          { name: 'token_hash', type: 'varchar', length: '64' },
          { name: 'created_at', type: 'bigint' },
        ],
        foreignKeys: [
          {
            name: 'FK_calendar_feeds_user',
            columnNames: ['user_id'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('calendar_feeds');
  }
}
