import { createHash, randomBytes } from 'node:crypto';
import { MigrationInterface, QueryRunner } from 'typeorm';
import { isPostgres } from './dialect';

const STATUS_CHECK = (statuses: string[]) =>
  `CHECK (status IN (${statuses.map((status) => `'${status}'`).join(', ')}))`;
const OLD_STATUSES = ['attending', 'waiting'];
const NEW_STATUSES = ['attending', 'waiting', 'pending', 'declined'];

/**
 * Registration questions, approval, tickets and check-in (issue 26), added to a database that may
 * hold events and registrations.
 *
 * - `events.questions`: the event's questions as one JSON array (read and written whole: a PATCH
 *   sends the whole list, and every event response carries it); `requires_approval`; and
 *   `pending_count`, the requests waiting for a decision, kept by conditional UPDATEs of the
 *   event's row like `attendee_count` and `waitlist_count`.
 * - `registrations.status` gains `pending` and `declined`; `answers` (JSON, the person's answers);
 *   `ticket_code` (the random code its owner is shown) with `ticket_hash` (its SHA-256, the only
 *   thing a check-in looks up, through a unique index); `checked_in_at`; `decline_reason`.
 *
 * Plain `ALTER TABLE … ADD COLUMN`, as in the earlier migrations. SQLite cannot change a CHECK
 * constraint, so there `registrations` is rebuilt from its own stored definition with the wider
 * status list (nothing references `registrations`, so dropping it cascades nowhere). Every
 * registration already stored gets a ticket code of its own.
 */
export class QuestionsAndCheckIn1765000000000 implements MigrationInterface {
  name = 'QuestionsAndCheckIn1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      `ALTER TABLE events ADD COLUMN questions text NOT NULL DEFAULT '[]'`,
      `ALTER TABLE events ADD COLUMN requires_approval boolean NOT NULL DEFAULT false`,
      `ALTER TABLE events ADD COLUMN pending_count integer NOT NULL DEFAULT 0
         CONSTRAINT "CHK_events_pending_count" CHECK (pending_count >= 0)`,
      `ALTER TABLE registrations ADD COLUMN answers text NULL`,
      `ALTER TABLE registrations ADD COLUMN ticket_code varchar(43) NULL`,
      `ALTER TABLE registrations ADD COLUMN ticket_hash varchar(64) NULL`,
      `ALTER TABLE registrations ADD COLUMN checked_in_at bigint NULL`,
      `ALTER TABLE registrations ADD COLUMN decline_reason varchar(500) NULL`,
    ];
    for (const statement of statements) await queryRunner.query(statement);
    await setStatuses(queryRunner, OLD_STATUSES, NEW_STATUSES);
    const rows = (await queryRunner.query(`SELECT id FROM registrations`)) as { id: number }[];
    for (const { id } of rows) {
      const code = randomBytes(16).toString('base64url');
      const hash = createHash('sha256').update(code).digest('hex');
      await queryRunner.query(
        `UPDATE registrations SET ticket_code = '${code}', ticket_hash = '${hash}'
         WHERE id = ${Number(id)}`,
      );
    }
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_registrations_ticket_hash" ON registrations (ticket_hash)`,
    );
    // The hosts' `checkedInCount`: a range of the event's checked-in rows, not all its rows.
    await queryRunner.query(
      `CREATE INDEX "IDX_registrations_event_checked_in" ON registrations (event_id, checked_in_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // Requests have no place in the previous schema, where every row holds a spot or a place.
    await queryRunner.query(`DELETE FROM registrations WHERE status IN ('pending', 'declined')`);
    await queryRunner.query(`DROP INDEX "IDX_registrations_event_checked_in"`);
    await queryRunner.query(`DROP INDEX "UQ_registrations_ticket_hash"`);
    await setStatuses(queryRunner, NEW_STATUSES, OLD_STATUSES);
    const statements = [
      `ALTER TABLE registrations DROP COLUMN decline_reason`,
      `ALTER TABLE registrations DROP COLUMN checked_in_at`,
      `ALTER TABLE registrations DROP COLUMN ticket_hash`,
      `ALTER TABLE registrations DROP COLUMN ticket_code`,
      `ALTER TABLE registrations DROP COLUMN answers`,
      `ALTER TABLE events DROP COLUMN pending_count`,
      `ALTER TABLE events DROP COLUMN requires_approval`,
      `ALTER TABLE events DROP COLUMN questions`,
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }
}

/** Replaces the statuses `registrations.status` may hold. */
async function setStatuses(queryRunner: QueryRunner, from: string[], to: string[]) {
  if (isPostgres(queryRunner)) {
    await queryRunner.query(
      `ALTER TABLE registrations DROP CONSTRAINT "CHK_registrations_status",
         ADD CONSTRAINT "CHK_registrations_status" ${STATUS_CHECK(to)}`,
    );
    return;
  }
  const [table] = (await queryRunner.query(
    `SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'registrations'`,
  )) as { sql: string }[];
  const indexes = (await queryRunner.query(
    `SELECT sql FROM sqlite_master
     WHERE type = 'index' AND tbl_name = 'registrations' AND sql IS NOT NULL`,
  )) as { sql: string }[];
  if (!table?.sql.includes(STATUS_CHECK(from))) {
    throw new Error('registrations: unexpected status constraint');
  }
  const definition = table.sql
    .replace(STATUS_CHECK(from), STATUS_CHECK(to))
    .replace(/^CREATE TABLE "?registrations"?/, 'CREATE TABLE "registrations_rebuilt"');
  await queryRunner.query(definition);
  await queryRunner.query(`INSERT INTO registrations_rebuilt SELECT * FROM registrations`);
  await queryRunner.query(`DROP TABLE registrations`);
  await queryRunner.query(`ALTER TABLE registrations_rebuilt RENAME TO registrations`);
  for (const index of indexes) await queryRunner.query(index.sql);
}
