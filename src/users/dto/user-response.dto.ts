import { User } from '../entities/user.entity';

export class UserResponseDto {
  /** @example 3 */
  id!: number;
  /** @example "foobar" */
  username!: string;
  /** @example "foo@example.com" */
  email!: string;
  /** @example "Foo" */
  firstName!: string | null;
  /** @example "Bar" */
  lastName!: string | null;
  /** @example "2026-11-23T10:00:00.000Z" */
  createdAt!: string;

  static from(user: User): UserResponseDto {
    return {
      id: user.id,
      username: user.username,
      email: user.email,
      firstName: user.firstName,
      lastName: user.lastName,
      createdAt: user.createdAt.toISOString(),
    };
  }
}
