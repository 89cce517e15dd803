import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString } from 'class-validator';
import { BODY_LIMIT } from '../../common/http/fastify-adapter';

/**
 * What bounds a username or password a login compares: the body limit, nothing else (the
 * contract: a wrong password of any length is a 401, never a 400 hint). Stated for OpenAPI.
 */
export const CREDENTIAL_MAX_LENGTH = BODY_LIMIT;

/** Only shape is checked here: a wrong-length password is a 401, never a hint via 400. */
export class LoginDto {
  /** Matched after NFKC and case folding. @example "foobar" */
  @ApiProperty({ maxLength: CREDENTIAL_MAX_LENGTH })
  @IsString()
  @IsNotEmpty()
  username!: string;

  /** @example "12345678!" */
  @ApiProperty({ format: 'password', maxLength: CREDENTIAL_MAX_LENGTH })
  @IsString()
  @IsNotEmpty()
  password!: string;
}
