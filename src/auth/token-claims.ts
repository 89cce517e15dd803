import { AuthUser } from './auth-user';

export type TokenType = 'access' | 'refresh';

/** What this server signs into every token; `username` only into access tokens. */
export interface TokenClaims {
  sub: string;
  sid: string;
  typ: TokenType;
  jti: string;
  iat: number;
  exp: number;
  username?: string;
}

export interface TokenPair {
  access_token: string;
  refresh_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_expires_in: number;
}

export interface Authenticated {
  user: AuthUser;
  claims: TokenClaims;
}
