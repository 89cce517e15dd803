import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { epochMs } from '../../database/epoch-ms.transformer';

@Entity('registrations')
export class Registration {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'event_id', type: 'integer' })
  eventId!: number;

  @Column({ name: 'user_id', type: 'integer' })
  userId!: number;

  /** `attending`, or `waiting` on the event's waiting list (join order = id order). */
  @Column({ type: 'varchar', length: 10, default: 'attending' })
  status!: 'attending' | 'waiting';

  /** Registration time: the join time while waiting, the promotion time once promoted. */
  @Column({ name: 'created_at', type: 'bigint', transformer: epochMs })
  createdAt!: Date;
}
