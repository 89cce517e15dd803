import { Injectable } from '@nestjs/common';
import { ValidationFailedError } from '../common/errors/domain-error';
import { EMAIL_MAX_LENGTH } from '../common/openapi/schema';
import { codePointLength, textProblem } from '../common/validation/storable-text';
import { isUniqueViolation } from '../database/errors';
import { Queries } from '../database/database';
import { identityKey, User } from './entities/user.entity';
import { EmailTakenError, UsernameTakenError } from './users.errors';
import { UserChanges, UsersRepository } from './users.repository';

export interface NewUser {
  username: string;
  email: string;
  passwordHash: string;
  firstName?: string | null;
  lastName?: string | null;
  isAdmin?: boolean;
  /** epoch ms */
  createdAt: number;
}

/** What a user may change about themselves; `null` clears a name. */
export interface AccountChanges {
  email?: string;
  firstName?: string | null;
  lastName?: string | null;
  emailNotifications?: boolean;
}

@Injectable()
export class UsersService {
  constructor(private readonly users: UsersRepository) {}

  findById(id: number): Promise<User | undefined> {
    return this.users.findById(id);
  }

  /**
   * Login checks only that the username is a non-empty string, so it may hold text no stored
   * username can: PostgreSQL refuses a NUL in a query parameter outright (a 500, found by the
   * fuzzer). Such a name matches nobody, without asking the database.
   */
  async findByUsername(username: string): Promise<User | undefined> {
    if (textProblem(username, Number.MAX_SAFE_INTEGER) !== undefined) return undefined;
    return this.users.findByUsernameKey(identityKey(username));
  }

  /** Fails early with the right 409; the unique indexes stay the authority under races. */
  async assertAvailable(username: string, email: string): Promise<void> {
    const clash = await this.users.findClash(identityKey(username), emailKey(email));
    if (!clash) return;
    if (clash.usernameKey === identityKey(username)) throw new UsernameTakenError();
    throw new EmailTakenError();
  }

  async create(input: NewUser): Promise<User> {
    const user = {
      username: input.username,
      usernameKey: identityKey(input.username),
      email: input.email,
      emailKey: emailKey(input.email),
      passwordHash: input.passwordHash,
      firstName: personName(input.firstName),
      lastName: personName(input.lastName),
      isAdmin: input.isAdmin ?? false,
      emailNotifications: true,
      createdAt: new Date(input.createdAt),
    };
    try {
      return await this.users.insert(user);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // A concurrent registration won the race: say which identity it took.
      await this.assertAvailable(input.username, input.email);
      throw error;
    }
  }

  /**
   * Changes the given fields of a user, under the rules `create` applies. The email is unique
   * among users only: another spelling of one's own address is a change of spelling, not a
   * clash. One UPDATE, so the unique index decides a race for an address.
   */
  async update(id: number, changes: AccountChanges): Promise<User | undefined> {
    const columns: UserChanges = {};
    if (changes.email !== undefined) {
      columns.email = changes.email;
      columns.emailKey = emailKey(changes.email);
    }
    if (changes.firstName !== undefined) columns.firstName = personName(changes.firstName);
    if (changes.lastName !== undefined) columns.lastName = personName(changes.lastName);
    if (changes.emailNotifications !== undefined) {
      columns.emailNotifications = changes.emailNotifications;
    }
    try {
      return await this.users.update(id, columns);
    } catch (error) {
      if (isUniqueViolation(error)) throw new EmailTakenError();
      throw error;
    }
  }

  /** See `UsersRepository.replacePasswordHash`. */
  replacePasswordHash(tx: Queries, id: number, currentHash: string, nextHash: string) {
    return this.users.replacePasswordHash(tx, id, currentHash, nextHash);
  }
}

/**
 * The identity key of an email, which must fit its column as the address does: normalisation can
 * lengthen text (`ﷺ` is 18 characters in NFKC), and PostgreSQL refuses a key over 254 (a 500).
 */
function emailKey(email: string): string {
  const key = identityKey(email);
  if (codePointLength(key) > EMAIL_MAX_LENGTH) {
    throw new ValidationFailedError([
      { field: 'email', message: `email must be at most ${EMAIL_MAX_LENGTH} characters in NFKC` },
    ]);
  }
  return key;
}

/** First and last names are trimmed; a blank or absent one is stored as null. */
function personName(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}
