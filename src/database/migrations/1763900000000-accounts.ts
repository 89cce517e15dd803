import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/** Users and their sessions (refresh-token families). Schema-builder API: one set for both drivers. */
export class Accounts1763900000000 implements MigrationInterface {
  name = 'Accounts1763900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'users',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          { name: 'username', type: 'varchar', length: '30' },
          // Lower-cased copies carry the case-insensitive uniqueness, identically on both databases.
          { name: 'username_key', type: 'varchar', length: '30' },
          { name: 'email', type: 'varchar', length: '254' },
          { name: 'email_key', type: 'varchar', length: '254' },
          { name: 'password_hash', type: 'varchar', length: '255' },
          { name: 'first_name', type: 'varchar', length: '100', isNullable: true },
          { name: 'last_name', type: 'varchar', length: '100', isNullable: true },
          { name: 'is_admin', type: 'boolean', default: false },
          { name: 'created_at', type: 'bigint' },
        ],
        indices: [
          { name: 'UQ_users_username_key', columnNames: ['username_key'], isUnique: true },
          { name: 'UQ_users_email_key', columnNames: ['email_key'], isUnique: true },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'sessions',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'user_id', type: 'integer' },
          // sha256 of the one refresh token of this session that may still be spent.
          { name: 'refresh_hash', type: 'varchar', length: '64' },
          { name: 'refresh_expires_at', type: 'bigint' },
          { name: 'created_at', type: 'bigint' },
          { name: 'rotated_at', type: 'bigint', isNullable: true },
          { name: 'revoked_at', type: 'bigint', isNullable: true },
        ],
        foreignKeys: [
          {
            name: 'FK_sessions_user',
            columnNames: ['user_id'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
        indices: [{ name: 'IDX_sessions_user', columnNames: ['user_id'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('sessions');
    await queryRunner.dropTable('users');
  }
}
