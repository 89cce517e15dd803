import { ApiProperty } from '@nestjs/swagger';
import { ApiText, ApiTimestamp, ApiUsername, EMAIL_MAX_LENGTH } from '../../common/openapi/schema';
import { User } from '../entities/user.entity';

export class UserResponseDto {
  /** @example 3 */
  id!: number;
  @ApiUsername()
  username!: string;
  /** @example "foo@example.com" */
  @ApiProperty({ format: 'email', maxLength: EMAIL_MAX_LENGTH })
  email!: string;
  /** @example "Foo" */
  @ApiText(100)
  firstName!: string | null;
  /** @example "Bar" */
  @ApiText(100)
  lastName!: string | null;
  /** Mail about events (registrations, changes, reminders); the password-change mail is always sent. */
  emailNotifications!: boolean;
  @ApiTimestamp()
  createdAt!: string;

  static from(user: User): UserResponseDto {
    return {
      id: user.id,
      username: user.username,
      email: user.email,
      firstName: user.firstName,
      lastName: user.lastName,
      emailNotifications: user.emailNotifications,
      createdAt: user.createdAt.toISOString(),
    };
  }
}
