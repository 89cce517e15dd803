import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { epochMs } from '../../database/epoch-ms.transformer';

@Entity('users')
export class User {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 30 })
  username!: string;

  @Column({ name: 'username_key', type: 'varchar', length: 30 })
  usernameKey!: string;

  @Column({ type: 'varchar', length: 254 })
  email!: string;

  @Column({ name: 'email_key', type: 'varchar', length: 254 })
  emailKey!: string;

  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash!: string;

  @Column({ name: 'first_name', type: 'varchar', length: 100, nullable: true })
  firstName!: string | null;

  @Column({ name: 'last_name', type: 'varchar', length: 100, nullable: true })
  lastName!: string | null;

  @Column({ name: 'is_admin', type: 'boolean', default: false })
  isAdmin!: boolean;

  /** Mail about events (the password-change mail is sent regardless). */
  @Column({ name: 'email_notifications', type: 'boolean', default: true })
  emailNotifications!: boolean;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMs })
  createdAt!: Date;
}

/**
 * The identity of a username or email, computed in one place for both databases: NFKC, then case
 * folded, then NFKC again (case mapping can leave text unnormalised). So the NFC and NFD spellings
 * of `é`, full-width `ＦＯＯ` and `foo`, `ß` and `ss` are one identity. JavaScript has no Unicode
 * case folding; lower(upper(x)) is its full-folding approximation (it folds `ß` to `ss`, which
 * lower-casing alone does not). The spelling a user typed is stored as typed; only this key is
 * compared, under a unique index.
 */
export function identityKey(value: string): string {
  return value.normalize('NFKC').toUpperCase().toLowerCase().normalize('NFKC');
}
