import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-custom';
import { requestTime, TimedRequest } from '../common/clock';
import { AuthUser } from './auth-user';
import { TokenService } from './token.service';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * Bearer access tokens, for `JwtAuthGuard`. Passport is the Nest convention; the check itself is
 * `TokenService.authenticate`, the same one `POST /auth/verify` uses, at the request's instant.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(private readonly tokens: TokenService) {
    super();
  }

  async validate(
    request: TimedRequest & { headers: Record<string, string | string[] | undefined> },
  ): Promise<AuthUser | false> {
    const header = request.headers.authorization;
    const token = typeof header === 'string' ? BEARER.exec(header)?.[1] : undefined;
    if (!token) return false;
    const authenticated = await this.tokens.authenticate(token, requestTime(request));
    return authenticated?.user ?? false;
  }
}
