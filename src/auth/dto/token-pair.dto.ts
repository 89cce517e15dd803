export class TokenPairDto {
  /** HS256 JWT for `Authorization: Bearer`. */
  access_token!: string;
  /** Single-use token for `POST /auth/refresh` and `POST /auth/logout`. */
  refresh_token!: string;
  /** @example "Bearer" */
  token_type!: 'Bearer';
  /** Access-token lifetime in seconds. @example 3600 */
  expires_in!: number;
  /** Refresh-token lifetime in seconds. @example 86400 */
  refresh_expires_in!: number;
}
