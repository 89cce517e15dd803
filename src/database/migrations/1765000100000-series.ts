import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { isPostgres } from './dialect';

/**
 * Recurring series (issue 27), added to a database that may hold events.
 *
 * `series` keeps what the occurrences were made from: the owner, the RRULE value as the server
 * spells it, and the time zone it was expanded in. Each occurrence is an ordinary row of
 * `events` with `series_id` set; existing events and single events keep `series_id` NULL.
 * Deleting a series deletes its occurrences (and, through them, their registrations and hosts).
 * The column is added with `ALTER TABLE … ADD COLUMN … REFERENCES` on both databases, so SQLite
 * does not rebuild `events` (and its search triggers) as the schema builder would.
 */
export class Series1765000100000 implements MigrationInterface {
  name = 'Series1765000100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'series',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          { name: 'owner_id', type: 'integer' },
          { name: 'recurrence', type: 'varchar', length: '500' },
          { name: 'time_zone', type: 'varchar', length: '64' },
          { name: 'created_at', type: 'bigint' },
        ],
        indices: [{ name: 'IDX_series_owner', columnNames: ['owner_id'] }],
        foreignKeys: [
          {
            name: 'FK_series_owner',
            columnNames: ['owner_id'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
      }),
    );
    await queryRunner.query(
      `ALTER TABLE events ADD COLUMN series_id integer NULL REFERENCES series (id) ON DELETE CASCADE`,
    );
    await queryRunner.createIndex(
      'events',
      new TableIndex({ name: 'IDX_events_series', columnNames: ['series_id', 'starts_at', 'id'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('events', 'IDX_events_series');
    // Occurrences stay as single events: only the link to their series goes. SQLite cannot drop
    // a column that references a table without rebuilding `events`, so there it stays, NULL.
    if (isPostgres(queryRunner)) {
      await queryRunner.query(`ALTER TABLE events DROP COLUMN series_id`);
    } else {
      await queryRunner.query(`UPDATE events SET series_id = NULL`);
    }
    await queryRunner.dropTable('series');
  }
}
