import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { byteOrderCollation } from './dialect';

/** Events and registrations. Schema-builder API: one set for SQLite and PostgreSQL. */
export class Events1763900100000 implements MigrationInterface {
  name = 'Events1763900100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Byte-order collation for the sort key, so `sort=name` orders alike on both databases.
    const binary = byteOrderCollation(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'events',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          { name: 'owner_id', type: 'integer' },
          { name: 'name', type: 'varchar', length: '200' },
          { name: 'description', type: 'varchar', length: '5000', isNullable: true },
          { name: 'location', type: 'varchar', length: '200', isNullable: true },
          // Lower-cased in the application: case-insensitive sort and search behave the same on
          // both databases, whatever their collations and LOWER() do with non-ASCII text.
          { name: 'name_key', type: 'varchar', length: '200', collation: binary },
          { name: 'search_text', type: 'varchar', length: '5201' },
          { name: 'starts_at', type: 'bigint' },
          { name: 'ends_at', type: 'bigint' },
          { name: 'capacity', type: 'integer', isNullable: true },
          // Maintained by the registration statements; the capacity check reads it atomically.
          { name: 'attendee_count', type: 'integer', default: 0 },
          { name: 'created_at', type: 'bigint' },
          { name: 'updated_at', type: 'bigint' },
        ],
        foreignKeys: [
          {
            name: 'FK_events_owner',
            columnNames: ['owner_id'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
        indices: [
          { name: 'IDX_events_starts_at', columnNames: ['starts_at', 'id'] },
          { name: 'IDX_events_ends_at', columnNames: ['ends_at'] },
          { name: 'IDX_events_created_at', columnNames: ['created_at', 'id'] },
          { name: 'IDX_events_name_key', columnNames: ['name_key', 'id'] },
          { name: 'IDX_events_owner_starts_at', columnNames: ['owner_id', 'starts_at'] },
        ],
        checks: [
          { name: 'CHK_events_times', expression: 'ends_at > starts_at' },
          {
            name: 'CHK_events_capacity',
            expression: 'capacity IS NULL OR (capacity >= 1 AND attendee_count <= capacity)',
          },
          { name: 'CHK_events_attendee_count', expression: 'attendee_count >= 0' },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'registrations',
        columns: [
          // Increasing id = registration order.
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          { name: 'event_id', type: 'integer' },
          { name: 'user_id', type: 'integer' },
          { name: 'created_at', type: 'bigint' },
        ],
        foreignKeys: [
          {
            name: 'FK_registrations_event',
            columnNames: ['event_id'],
            referencedTableName: 'events',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
          {
            name: 'FK_registrations_user',
            columnNames: ['user_id'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
        indices: [
          {
            name: 'UQ_registrations_event_user',
            columnNames: ['event_id', 'user_id'],
            isUnique: true,
          },
          { name: 'IDX_registrations_user_event', columnNames: ['user_id', 'event_id'] },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('registrations');
    await queryRunner.dropTable('events');
  }
}
