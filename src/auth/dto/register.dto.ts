import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { ApiText, EMAIL_MAX_LENGTH } from '../../common/openapi/schema';
import { IsEmail } from '../../common/validation/email-address';
import { IsStorableText } from '../../common/validation/storable-text';

/** Password rules of registration, which a new password follows too (`POST /users/me/password`). */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

export class RegisterDto {
  /** 3–30 characters of letters, digits, `_`, `.` and `-`; unique after NFKC and case folding. @example "foobar" */
  @IsString()
  @Length(3, 30)
  @Matches(/^[A-Za-z0-9_.-]+$/, { message: 'username may contain only letters, digits, _ . and -' })
  username!: string;

  /** Unique after NFKC and case folding (the spelling is kept as sent). @example "foo@example.com" */
  @IsString()
  @MaxLength(EMAIL_MAX_LENGTH)
  @IsStorableText(EMAIL_MAX_LENGTH)
  @IsEmail({ message: 'email must be a valid email address' })
  email!: string;

  /** 8–128 characters. @example "correct horse battery" */
  @ApiProperty({ format: 'password' })
  @IsString()
  @Length(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH)
  // A lone surrogate has no UTF-8 form: argon2 would hash U+FFFD, so "\ud800" and "\udfff"
  // would be one password. Refused as in names.
  @IsStorableText(PASSWORD_MAX_LENGTH)
  password!: string;

  /** @example "Foo" */
  @ApiText(100, { required: false }, 'line')
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @IsStorableText(100, 'line')
  firstName?: string | null;

  /** @example "Bar" */
  @ApiText(100, { required: false }, 'line')
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @IsStorableText(100, 'line')
  lastName?: string | null;
}
