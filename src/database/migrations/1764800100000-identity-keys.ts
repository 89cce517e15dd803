import { MigrationInterface, QueryRunner } from 'typeorm';
import { isPostgres } from './dialect';

// Frozen copies of what this migration meant when it was written (issue 25): a migration that
// imported live code would change meaning when that code changes, and replay differently.
/** `username_key` and `email_key` are `varchar` of these lengths (migration Accounts). */
const USERNAME_MAX_LENGTH = 30;
const EMAIL_MAX_LENGTH = 254;
/** The identity key as of this migration: NFKC, then case-folded, then NFKC again. */
const identityKey = (value: string): string =>
  value.normalize('NFKC').toUpperCase().toLowerCase().normalize('NFKC');
/** Code points, which is what a PostgreSQL `varchar(n)` counts. */
const codePointLength = (text: string): number => Array.from(text).length;

interface KeyedRow {
  id: number;
  value: string;
  key: string;
}

/**
 * The key each row should hold: its identity key, unless another row takes that key first. Of
 * rows whose spellings are one identity (`é` in NFC and in NFD), the one already holding the key
 * keeps it, else the oldest (lowest id) takes it; the others keep the key they had, which is still
 * unique, so every account stays as it was and keeps working (usernames are ASCII, so only
 * emails can collide). From then on, a new spelling of that
 * identity is taken (409), and a kept old key changes only when its user changes that address.
 */
export function plannedKeys(rows: readonly KeyedRow[], maxLength: number): Map<number, string> {
  const groups = new Map<string, KeyedRow[]>();
  for (const row of [...rows].sort((a, b) => a.id - b.id)) {
    const key = identityKey(row.value);
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  const planned = new Map<number, string>();
  for (const [key, group] of groups) {
    // A key longer than the column (NFKC can lengthen) would not fit: those rows keep theirs.
    const fits = codePointLength(key) <= maxLength;
    const holder = group.find((row) => row.key === key) ?? group[0]!;
    for (const row of group) planned.set(row.id, fits && row === holder ? key : row.key);
  }
  return planned;
}

/**
 * Usernames and emails are one identity after NFKC and case folding (issue 17; before, after
 * lower-casing only). The stored spellings stay as users typed them; only `username_key` and
 * `email_key` are recomputed, in JavaScript (SQLite has no NFKC, and PostgreSQL's `lower` is not
 * JavaScript's), with plain UPDATEs, so no table is rebuilt. See `plannedKeys` for rows that now
 * collide. `down` leaves the keys: the old lower-casing rule finds the same users by them except
 * for non-ASCII spellings.
 */
export class IdentityKeys1764800100000 implements MigrationInterface {
  name = 'IdentityKeys1764800100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const users = (await queryRunner.query(
      `SELECT id, username, username_key, email, email_key FROM users`,
    )) as (Record<'username' | 'username_key' | 'email' | 'email_key', string> & {
      id: number | string;
    })[];
    const param = (index: number) => (isPostgres(queryRunner) ? `$${index}` : '?');
    for (const [column, spelling, maxLength] of [
      ['username_key', 'username', USERNAME_MAX_LENGTH],
      ['email_key', 'email', EMAIL_MAX_LENGTH],
    ] as const) {
      const rows = users.map((user) => ({
        id: Number(user.id),
        value: user[spelling],
        key: user[column],
      }));
      const planned = plannedKeys(rows, maxLength);
      for (const row of rows) {
        const key = planned.get(row.id) ?? row.key;
        if (key === row.key) continue;
        await queryRunner.query(`UPDATE users SET ${column} = ${param(1)} WHERE id = ${param(2)}`, [
          key,
          row.id,
        ]);
      }
    }
  }

  async down(): Promise<void> {
    // Nothing to undo: see the class comment.
  }
}
