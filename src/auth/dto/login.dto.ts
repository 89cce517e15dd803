import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString } from 'class-validator';

/**
 * The declared bound of a username or password a login (or a password check) compares: eight
 * times the longest password registration accepts, so no account's credentials are near it, and
 * two of them fit a 64 KiB body however they are escaped. Not a validation rule: a longer value is
 * a wrong one, 401 like any other (the contract: never a 400 hint).
 */
export const CREDENTIAL_MAX_LENGTH = 1024;

/** Why credential fields state no pattern; the Spectral rule named in it finds this text. */
export const MATCHED_NOT_VALIDATED =
  'Matched, never validated (`owasp:api4:2023-string-restricted` does not apply): a value of ' +
  'any form or length is answered like a wrong one (401), never with a 400 hint; `maxLength` ' +
  'bounds every real one.';

/** Only shape is checked here: a wrong-length password is a 401, never a hint via 400. */
export class LoginDto {
  /** Matched after NFKC and case folding. @example "foobar" */
  @ApiProperty({
    maxLength: CREDENTIAL_MAX_LENGTH,
    description: `Matched after NFKC and case folding. ${MATCHED_NOT_VALIDATED}`,
  })
  @IsString()
  @IsNotEmpty()
  username!: string;

  /** @example "12345678!" */
  @ApiProperty({ format: 'password', maxLength: CREDENTIAL_MAX_LENGTH })
  @IsString()
  @IsNotEmpty()
  password!: string;
}
