import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-custom';
import { requestTime, TimedRequest } from '../common/clock';
import { AuthUser } from './auth-user';
import { TokenService } from './token.service';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

type BearerRequest = TimedRequest & { headers: Record<string, string | string[] | undefined> };

/**
 * Bearer access tokens, for `JwtAuthGuard`. Passport is the Nest convention; the check itself is
 * `TokenService.authenticate`, the same one `POST /auth/verify` uses, at the request's instant.
 *
 * One check per request, whoever asks first: the per-user rate limit (`onRequest`), the
 * idempotency hook (`preHandler`) and the guard all get the same answer, a rejected token (and a
 * failed session lookup) included, without a second session lookup.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  private readonly checked = new WeakMap<BearerRequest, Promise<AuthUser | false>>();

  constructor(private readonly tokens: TokenService) {
    super();
  }

  validate(request: BearerRequest): Promise<AuthUser | false> {
    let result = this.checked.get(request);
    if (result === undefined) {
      result = this.check(request);
      this.checked.set(request, result);
    }
    return result;
  }

  private async check(request: BearerRequest): Promise<AuthUser | false> {
    const header = request.headers.authorization;
    const token = typeof header === 'string' ? BEARER.exec(header)?.[1] : undefined;
    if (!token) return false;
    const authenticated = await this.tokens.authenticate(token, requestTime(request));
    return authenticated?.user ?? false;
  }
}
