import { ApiProperty } from '@nestjs/swagger';
import { JWT_PATTERN, TOKEN_MAX_LENGTH } from '../../common/openapi/schema';

/** Lifetimes are configurable from 1 second to a year (`JWT_ACCESS_TTL`, `JWT_REFRESH_TTL`). */
const LIFETIME = { type: 'integer', format: 'int32', minimum: 1, maximum: 31_536_000 } as const;

export class TokenPairDto {
  /** HS256 JWT for `Authorization: Bearer`. */
  @ApiProperty({ pattern: JWT_PATTERN, maxLength: TOKEN_MAX_LENGTH })
  access_token!: string;
  /** Single-use token for `POST /auth/refresh` and `POST /auth/logout`. */
  @ApiProperty({ pattern: JWT_PATTERN, maxLength: TOKEN_MAX_LENGTH })
  refresh_token!: string;
  /** @example "Bearer" */
  token_type!: 'Bearer';
  /** Access-token lifetime in seconds. @example 3600 */
  @ApiProperty(LIFETIME)
  expires_in!: number;
  /** Refresh-token lifetime in seconds. @example 86400 */
  @ApiProperty(LIFETIME)
  refresh_expires_in!: number;
}
