import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Categories, time zones, versions, cancellation and the waiting list (issue 12), added to a
 * database that may hold events and registrations.
 *
 * Plain `ALTER TABLE … ADD COLUMN` with named column constraints, which both databases take alike:
 * the schema builder would rebuild SQLite's tables (copy, drop, rename), and dropping `events`
 * with foreign keys on would cascade into `registrations`. Existing events get `category = other`,
 * `time_zone = UTC`, `version = 1`; existing registrations are attendees.
 *
 * The waiting list lives in `registrations` itself (`status = 'waiting'`), so the unique
 * (event, user) index keeps anyone from attending and waiting at once. `waitlist_count` is
 * maintained beside `attendee_count` by the same statements; positions are never stored (they are
 * the order of the rows' ids).
 */
export class Organisers1764600000000 implements MigrationInterface {
  name = 'Organisers1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      `ALTER TABLE events ADD COLUMN category varchar(20) NOT NULL DEFAULT 'other'
         CONSTRAINT "CHK_events_category" CHECK (category IN ('conference', 'meetup', 'workshop',
           'talk', 'social', 'sports', 'music', 'arts', 'other'))`,
      `ALTER TABLE events ADD COLUMN time_zone varchar(64) NOT NULL DEFAULT 'UTC'`,
      `ALTER TABLE events ADD COLUMN version integer NOT NULL DEFAULT 1
         CONSTRAINT "CHK_events_version" CHECK (version >= 1)`,
      `ALTER TABLE events ADD COLUMN cancelled_at bigint NULL`,
      `ALTER TABLE events ADD COLUMN cancellation_reason varchar(500) NULL`,
      // A cancelled event has nobody waiting. (An unlimited one has nobody waiting either while
      // it is upcoming, but a started event's line is frozen whatever its capacity becomes.)
      `ALTER TABLE events ADD COLUMN waitlist_count integer NOT NULL DEFAULT 0
         CONSTRAINT "CHK_events_waitlist_count" CHECK (waitlist_count >= 0
           AND (waitlist_count = 0 OR cancelled_at IS NULL))`,
      `ALTER TABLE registrations ADD COLUMN status varchar(10) NOT NULL DEFAULT 'attending'
         CONSTRAINT "CHK_registrations_status" CHECK (status IN ('attending', 'waiting'))`,
      `CREATE INDEX "IDX_events_category_starts_at" ON events (category, starts_at, id)`,
      // Attendees and the waiting list of an event, each in id order (= registration / join order).
      `CREATE INDEX "IDX_registrations_event_status" ON registrations (event_id, status, id)`,
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // Waiting rows are not registrations in the previous schema.
    const statements = [
      `DELETE FROM registrations WHERE status = 'waiting'`,
      `DROP INDEX "IDX_registrations_event_status"`,
      `DROP INDEX "IDX_events_category_starts_at"`,
      `ALTER TABLE registrations DROP COLUMN status`,
      `ALTER TABLE events DROP COLUMN waitlist_count`,
      `ALTER TABLE events DROP COLUMN cancellation_reason`,
      `ALTER TABLE events DROP COLUMN cancelled_at`,
      `ALTER TABLE events DROP COLUMN version`,
      `ALTER TABLE events DROP COLUMN time_zone`,
      `ALTER TABLE events DROP COLUMN category`,
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }
}
