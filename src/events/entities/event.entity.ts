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

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMs })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'bigint', transformer: epochMs })
  updatedAt!: Date;
}

/** The derived search columns, computed in one place from the user's text. */
export function searchColumns(name: string, description: string | null) {
  return {
    nameKey: name.toLowerCase(),
    searchText: `${name}\n${description ?? ''}`.toLowerCase(),
  };
}
