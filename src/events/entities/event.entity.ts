import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { epochMs } from '../../database/epoch-ms.transformer';

@Entity('events')
export class EventEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'owner_id', type: 'integer' })
  ownerId!: number;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'varchar', length: 5000, nullable: true })
  description!: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  location!: string | null;

  @Column({ name: 'name_key', type: 'varchar', length: 200 })
  nameKey!: string;

  @Column({ name: 'search_text', type: 'varchar', length: 5201 })
  searchText!: string;

  @Column({ name: 'starts_at', type: 'bigint', transformer: epochMs })
  startsAt!: Date;

  @Column({ name: 'ends_at', type: 'bigint', transformer: epochMs })
  endsAt!: Date;

  @Column({ type: 'integer', nullable: true })
  capacity!: number | null;

  @Column({ name: 'attendee_count', type: 'integer', default: 0 })
  attendeeCount!: number;

  /** Rows of `registrations` with status `waiting`, maintained by the same statements. */
  @Column({ name: 'waitlist_count', type: 'integer', default: 0 })
  waitlistCount!: number;

  @Column({ type: 'varchar', length: 20, default: 'other' })
  category!: string;

  /** IANA name in the runtime's canonical spelling. */
  @Column({ name: 'time_zone', type: 'varchar', length: 64, default: 'UTC' })
  timeZone!: string;

  /** 1 at creation, +1 on every change of the event's own fields (the ETag). */
  @Column({ type: 'integer', default: 1 })
  version!: number;

  @Column({ name: 'cancelled_at', type: 'bigint', nullable: true, transformer: epochMs })
  cancelledAt!: Date | null;

  @Column({ name: 'cancellation_reason', type: 'varchar', length: 500, nullable: true })
  cancellationReason!: string | null;

  /** The series this event is an occurrence of; null for a single event. */
  @Column({ name: 'series_id', type: 'integer', nullable: true })
  seriesId!: number | null;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMs })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'bigint', transformer: epochMs })
  updatedAt!: Date;
}

/**
 * Case folding for the sort and search keys (and the search text `q`). Plain `toLowerCase` turns
 * "İ" (U+0130, the only such character) into two code points, so a name that fits `name` would
 * overflow `name_key` (varchar(200) counts code points on PostgreSQL); "İ" folds to "i" instead.
 */
export function foldCase(text: string): string {
  return text.replace(/\u0130/g, 'i').toLowerCase();
}

/** The derived search columns, computed in one place from the user's text. */
export function searchColumns(name: string, description: string | null) {
  return {
    nameKey: foldCase(name),
    searchText: foldCase(`${name}\n${description ?? ''}`),
  };
}
