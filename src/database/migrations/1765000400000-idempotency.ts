import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/**
 * Idempotency keys (issue 29), added to a database that may hold data: one row per user and key,
 * the key as its SHA-256 (`key_hash`) and the kept body sealed under the key (see
 * `src/idempotency/sealed-body.ts`), so a copy of the database reads neither.
 *
 * A request claims its key by inserting the row (`status` running, `lease_until` set): the
 * primary key (user_id, key_hash) lets one of two concurrent first requests in. On completion
 * the row keeps the response (`response_status`, `response_headers` as JSON of ETag, Location
 * and Content-Type, `response_body`) until `expires_at`; a released claim (a 5xx, a 429) deletes
 * the row. `lease_until` bounds a claim whose instance died before completing it; `claim` names
 * the request that holds it, so a late completion cannot overwrite a newer claim.
 */
export class Idempotency1765000400000 implements MigrationInterface {
  name = 'Idempotency1765000400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'idempotency_keys',
        columns: [
          { name: 'user_id', type: 'integer', isPrimary: true },
          { name: 'key_hash', type: 'varchar', length: '64', isPrimary: true },
          { name: 'fingerprint', type: 'varchar', length: '64' },
          { name: 'status', type: 'varchar', length: '10' },
          { name: 'claim', type: 'varchar', length: '36' },
          { name: 'lease_until', type: 'bigint', isNullable: true },
          { name: 'response_status', type: 'integer', isNullable: true },
          { name: 'response_headers', type: 'text', isNullable: true },
          { name: 'response_body', type: 'text', isNullable: true },
          { name: 'created_at', type: 'bigint' },
          { name: 'expires_at', type: 'bigint' },
        ],
        checks: [
          { name: 'CHK_idempotency_keys_status', expression: `status IN ('running', 'done')` },
        ],
        indices: [{ name: 'IDX_idempotency_keys_expires', columnNames: ['expires_at'] }],
        foreignKeys: [
          {
            name: 'FK_idempotency_keys_user',
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
    await queryRunner.dropTable('idempotency_keys');
  }
}
