import { MigrationInterface, QueryRunner, Table } from 'typeorm';

const id = {
  name: 'id',
  type: 'integer',
  isPrimary: true,
  isGenerated: true,
  generationStrategy: 'increment' as const,
};

/**
 * The transactional outbox and webhooks (issue 28), added to a database that may hold data.
 *
 * `outbox_messages`: what happened, written in the same transaction as the change itself (so a
 * committed change is told even after a crash, a rolled-back one never). The relay fans each one
 * out into deliveries and marks it `dispatched_at`. `event_id` and `owner_id` carry no foreign
 * key: a message outlives the event it tells of (`event.deleted`).
 *
 * `webhooks`: a user's receivers; `previous_secret` signs too until `previous_secret_until`.
 * `webhook_deliveries`: one message to one webhook, with its retry state: `status` pending until
 * a 2xx (succeeded) or the last retry (failed); `next_attempt_at` when it is due; `locked_until`
 * the lease of the instance attempting it, so each attempt is made by one instance.
 */
export class OutboxAndWebhooks1765000200000 implements MigrationInterface {
  name = 'OutboxAndWebhooks1765000200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'outbox_messages',
        columns: [
          id,
          { name: 'message_id', type: 'varchar', length: '40' },
          { name: 'type', type: 'varchar', length: '40' },
          { name: 'event_id', type: 'integer', isNullable: true },
          { name: 'owner_id', type: 'integer', isNullable: true },
          { name: 'payload', type: 'text' },
          { name: 'created_at', type: 'bigint' },
          { name: 'dispatched_at', type: 'bigint', isNullable: true },
        ],
        uniques: [{ name: 'UQ_outbox_messages_message_id', columnNames: ['message_id'] }],
        indices: [{ name: 'IDX_outbox_messages_pending', columnNames: ['dispatched_at', 'id'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'webhooks',
        columns: [
          id,
          { name: 'user_id', type: 'integer' },
          { name: 'url', type: 'varchar', length: '2000' },
          // ",event.created,registration.created," or ",*,": matched with LIKE '%,type,%'
          { name: 'events', type: 'varchar', length: '1000' },
          { name: 'description', type: 'varchar', length: '500', isNullable: true },
          { name: 'active', type: 'boolean', default: true },
          { name: 'disabled_reason', type: 'varchar', length: '200', isNullable: true },
          { name: 'secret', type: 'varchar', length: '60' },
          { name: 'previous_secret', type: 'varchar', length: '60', isNullable: true },
          { name: 'previous_secret_until', type: 'bigint', isNullable: true },
          { name: 'created_at', type: 'bigint' },
        ],
        indices: [{ name: 'IDX_webhooks_user', columnNames: ['user_id', 'id'] }],
        foreignKeys: [
          {
            name: 'FK_webhooks_user',
            columnNames: ['user_id'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'webhook_deliveries',
        columns: [
          id,
          { name: 'webhook_id', type: 'integer' },
          { name: 'message_id', type: 'varchar', length: '40' },
          { name: 'type', type: 'varchar', length: '40' },
          { name: 'payload', type: 'text' },
          { name: 'status', type: 'varchar', length: '10', default: "'pending'" },
          { name: 'attempts', type: 'integer', default: 0 },
          { name: 'last_status_code', type: 'integer', isNullable: true },
          { name: 'last_error', type: 'varchar', length: '500', isNullable: true },
          { name: 'next_attempt_at', type: 'bigint', isNullable: true },
          { name: 'locked_until', type: 'bigint', isNullable: true },
          { name: 'created_at', type: 'bigint' },
        ],
        checks: [
          {
            name: 'CHK_webhook_deliveries_status',
            expression: `status IN ('pending', 'succeeded', 'failed')`,
          },
        ],
        uniques: [
          { name: 'UQ_webhook_deliveries_message', columnNames: ['webhook_id', 'message_id'] },
        ],
        indices: [
          { name: 'IDX_webhook_deliveries_due', columnNames: ['status', 'next_attempt_at'] },
          { name: 'IDX_webhook_deliveries_created', columnNames: ['created_at'] },
        ],
        foreignKeys: [
          {
            name: 'FK_webhook_deliveries_webhook',
            columnNames: ['webhook_id'],
            referencedTableName: 'webhooks',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('webhook_deliveries');
    await queryRunner.dropTable('webhooks');
    await queryRunner.dropTable('outbox_messages');
  }
}
