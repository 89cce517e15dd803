import { IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { IsEmail } from '../../common/validation/email-address';
import { IsStorableText } from '../../common/validation/storable-text';

export class RegisterDto {
  /** 3–30 characters of letters, digits, `_`, `.` and `-`; unique case-insensitively. @example "foobar" */
  @IsString()
  @Length(3, 30)
  @Matches(/^[A-Za-z0-9_.-]+$/, { message: 'username may contain only letters, digits, _ . and -' })
  username!: string;

  /** Unique case-insensitively. @example "foo@example.com" */
  @IsString()
  @MaxLength(254)
  @IsStorableText(254)
  @IsEmail({ message: 'email must be a valid email address' })
  email!: string;

  /** 8–128 characters. @example "correct horse battery" */
  @IsString()
  @Length(8, 128)
  password!: string;

  /** @example "Foo" */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @IsStorableText(100)
  firstName?: string | null;

  /** @example "Bar" */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @IsStorableText(100)
  lastName?: string | null;
}
