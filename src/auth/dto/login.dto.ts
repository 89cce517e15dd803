import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

/** Longest username or password a login takes: a bound on the work, not a rule of passwords. */
export const CREDENTIAL_MAX_LENGTH = 1000;

/** Only shape is checked here: a wrong-length password is a 401, never a hint via 400. */
export class LoginDto {
  /** Matched case-insensitively. @example "foobar" */
  @IsString()
  @IsNotEmpty()
  @MaxLength(CREDENTIAL_MAX_LENGTH)
  username!: string;

  /** @example "12345678!" */
  @ApiProperty({ format: 'password' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(CREDENTIAL_MAX_LENGTH)
  password!: string;
}
