import { Injectable } from '@nestjs/common';
import { Database, Queries } from '../database/database';
import { join, raw, sql } from '../database/sql';
import { User } from './entities/user.entity';

export type NewUserRow = Omit<User, 'id'>;

/** The columns a user may change about themselves (`PATCH /users/me`). */
export type UserChanges = Partial<
  Pick<User, 'email' | 'emailKey' | 'firstName' | 'lastName' | 'emailNotifications'>
>;

const CHANGE_COLUMNS: Record<keyof UserChanges, string> = {
  email: 'email',
  emailKey: 'email_key',
  firstName: 'first_name',
  lastName: 'last_name',
  emailNotifications: 'email_notifications',
};

interface UserRow extends Omit<User, 'isAdmin' | 'emailNotifications' | 'createdAt'> {
  isAdmin: number;
  emailNotifications: number;
  createdAt: number;
}

const USER_COLUMNS = sql`id, username, username_key AS "usernameKey", email, email_key AS "emailKey",
  password_hash AS "passwordHash", first_name AS "firstName", last_name AS "lastName",
  is_admin AS "isAdmin", email_notifications AS "emailNotifications", created_at AS "createdAt"`;

const toUser = (row: UserRow): User => ({
  ...row,
  isAdmin: row.isAdmin === 1,
  emailNotifications: row.emailNotifications === 1,
  createdAt: new Date(row.createdAt),
});

/** The `users` table; identity keys are computed by the service (see `identityKey`). */
@Injectable()
export class UsersRepository {
  constructor(private readonly db: Database) {}

  async findById(id: number): Promise<User | undefined> {
    const row = await this.db.one<UserRow>(sql`SELECT ${USER_COLUMNS} FROM users WHERE id = ${id}`);
    return row && toUser(row);
  }

  async findByUsernameKey(usernameKey: string): Promise<User | undefined> {
    const row = await this.db.one<UserRow>(
      sql`SELECT ${USER_COLUMNS} FROM users WHERE username_key = ${usernameKey}`,
    );
    return row && toUser(row);
  }

  /** The identity keys of a user holding either key, if any. */
  findClash(usernameKey: string, emailKey: string) {
    return this.db.one<{ usernameKey: string; emailKey: string }>(
      sql`SELECT username_key AS "usernameKey", email_key AS "emailKey" FROM users
          WHERE username_key = ${usernameKey} OR email_key = ${emailKey} LIMIT 1`,
    );
  }

  /** Inserts a user; the unique indexes on the keys refuse a taken username or email. */
  async insert(user: NewUserRow): Promise<User> {
    const row = await this.db.one<{ id: number }>(
      sql`INSERT INTO users (username, username_key, email, email_key, password_hash,
            first_name, last_name, is_admin, email_notifications, created_at)
          VALUES (${user.username}, ${user.usernameKey}, ${user.email}, ${user.emailKey},
            ${user.passwordHash}, ${user.firstName}, ${user.lastName}, ${user.isAdmin},
            ${user.emailNotifications}, ${user.createdAt.getTime()})
          RETURNING id`,
    );
    return { id: row!.id, ...user };
  }

  /**
   * Writes the given columns in one UPDATE and answers the user as written (undefined if there is
   * no such user); the unique index on `email_key` refuses an email another user holds.
   */
  async update(id: number, changes: UserChanges): Promise<User | undefined> {
    const names = Object.keys(changes) as (keyof UserChanges)[];
    if (names.length === 0) return this.findById(id);
    const assignments = names.map((name) => sql`${raw(CHANGE_COLUMNS[name])} = ${changes[name]}`);
    const row = await this.db.one<UserRow>(
      sql`UPDATE users SET ${join(assignments, ', ')} WHERE id = ${id} RETURNING ${USER_COLUMNS}`,
    );
    return row && toUser(row);
  }

  /**
   * Replaces the password hash if it is still `currentHash`, inside the caller's transaction: of
   * racing changes that proved the same password, one wins. Answers whether it did.
   */
  async replacePasswordHash(tx: Queries, id: number, currentHash: string, nextHash: string) {
    const changed = await tx.run(
      sql`UPDATE users SET password_hash = ${nextHash}
          WHERE id = ${id} AND password_hash = ${currentHash}`,
    );
    return changed === 1;
  }

  /**
   * Locks the user's row for the caller's transaction if its password hash is still `hash` (the
   * one just verified): rows that would reference the user (a new event, a registration) wait
   * for the transaction, and a concurrent password change makes this false.
   */
  async lockWithPassword(tx: Queries, id: number, hash: string): Promise<boolean> {
    const row = await tx.one(
      sql`SELECT id FROM users WHERE id = ${id} AND password_hash = ${hash}${tx.forUpdate}`,
    );
    return row !== undefined;
  }

  /**
   * Deletes the user; the foreign keys take what is theirs alone with it (sessions, calendar
   * feed, webhooks and their deliveries, idempotency keys, host roles, series, mails to them).
   */
  async delete(tx: Queries, id: number): Promise<void> {
    await tx.run(sql`DELETE FROM users WHERE id = ${id}`);
  }
}
