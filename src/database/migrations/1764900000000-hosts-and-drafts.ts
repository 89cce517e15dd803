import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/**
 * Hosts with a role and drafts (issue 25), added to a database that may hold events.
 *
 * `event_hosts` holds the people who help run an event besides its owner (who stays
 * `events.owner_id`, so ownership keeps one home): `cohost` or `checker`, one row per (event,
 * user), in the order added (`id`). Existing events are published (`published` defaults to true);
 * a draft is `published = false`, and nothing turns a published event back into one.
 */
export class HostsAndDrafts1764900000000 implements MigrationInterface {
  name = 'HostsAndDrafts1764900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE events ADD COLUMN published boolean NOT NULL DEFAULT true`,
    );
    await queryRunner.createTable(
      new Table({
        name: 'event_hosts',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          { name: 'event_id', type: 'integer' },
          { name: 'user_id', type: 'integer' },
          { name: 'role', type: 'varchar', length: '10' },
          { name: 'added_at', type: 'bigint' },
        ],
        checks: [{ name: 'CHK_event_hosts_role', expression: `role IN ('cohost', 'checker')` }],
        uniques: [{ name: 'UQ_event_hosts_event_user', columnNames: ['event_id', 'user_id'] }],
        indices: [{ name: 'IDX_event_hosts_user', columnNames: ['user_id', 'event_id'] }],
        foreignKeys: [
          {
            name: 'FK_event_hosts_event',
            columnNames: ['event_id'],
            referencedTableName: 'events',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
          {
            name: 'FK_event_hosts_user',
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
    await queryRunner.dropTable('event_hosts');
    // Drafts have no place in the previous schema, where every event is public.
    await queryRunner.query(`DELETE FROM events WHERE NOT published`);
    await queryRunner.query(`ALTER TABLE events DROP COLUMN published`);
  }
}
