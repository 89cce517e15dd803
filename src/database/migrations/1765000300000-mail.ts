import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/**
 * E-mail notifications and reminders (issue 28), added to a database that may hold data.
 *
 * `users.email_notifications`: the user's choice (every existing user keeps getting mail).
 * `events.reminded_starts_at`: the `starts_at` the reminders were sent for; a moved event differs
 * from it, which re-arms the reminder (null: none sent yet).
 * `outbox_messages.detail`: what a message's mails need beyond its webhook body (the event's
 * calendar fields, the changed fields, a cancellation's reason, the recipients of a deleted
 * event); never sent to a webhook.
 * `mails`: one rendered mail to one address with its retry state, like a webhook delivery:
 * `message_id` is the `Message-ID` header, the same on every retry; `locked_until` the lease of
 * the instance sending it.
 */
export class Mail1765000300000 implements MigrationInterface {
  name = 'Mail1765000300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Plain ADD COLUMN on both databases: TypeORM's addColumn rebuilds a SQLite table (copying
    // `events` would drop its search triggers).
    await queryRunner.query(
      `ALTER TABLE users ADD COLUMN email_notifications boolean NOT NULL DEFAULT true`,
    );
    await queryRunner.query(`ALTER TABLE events ADD COLUMN reminded_starts_at bigint NULL`);
    await queryRunner.query(`ALTER TABLE outbox_messages ADD COLUMN detail text NULL`);
    await queryRunner.createTable(
      new Table({
        name: 'mails',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          { name: 'message_id', type: 'varchar', length: '200' },
          { name: 'outbox_message_id', type: 'varchar', length: '40' },
          { name: 'user_id', type: 'integer', isNullable: true },
          { name: 'recipient', type: 'varchar', length: '254' },
          { name: 'subject', type: 'text' },
          { name: 'body', type: 'text' },
          { name: 'ics', type: 'text', isNullable: true },
          { name: 'status', type: 'varchar', length: '10', default: "'pending'" },
          { name: 'attempts', type: 'integer', default: 0 },
          { name: 'last_error', type: 'varchar', length: '500', isNullable: true },
          { name: 'next_attempt_at', type: 'bigint', isNullable: true },
          { name: 'locked_until', type: 'bigint', isNullable: true },
          { name: 'created_at', type: 'bigint' },
          { name: 'sent_at', type: 'bigint', isNullable: true },
        ],
        checks: [
          { name: 'CHK_mails_status', expression: `status IN ('pending', 'sent', 'failed')` },
        ],
        uniques: [{ name: 'UQ_mails_message_id', columnNames: ['message_id'] }],
        indices: [
          { name: 'IDX_mails_due', columnNames: ['status', 'next_attempt_at'] },
          { name: 'IDX_mails_created', columnNames: ['created_at'] },
          { name: 'IDX_mails_user', columnNames: ['user_id'] },
        ],
        foreignKeys: [
          {
            name: 'FK_mails_user',
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
    await queryRunner.dropTable('mails');
    await queryRunner.query(`ALTER TABLE outbox_messages DROP COLUMN detail`);
    await queryRunner.query(`ALTER TABLE events DROP COLUMN reminded_starts_at`);
    await queryRunner.query(`ALTER TABLE users DROP COLUMN email_notifications`);
  }
}
