import { ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { UnauthenticatedError } from '../../common/errors/domain-error';
import { AuthUser } from '../auth-user';

/** 401 `UNAUTHENTICATED` for a missing, malformed, expired, tampered or revoked access token. */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  override canActivate(context: ExecutionContext) {
    // The per-user rate limit (user-rate-limit.hook.ts) and the idempotency hook (src/idempotency/)
    // check the token before the guards run; one check (a session lookup) per request is enough.
    if (context.switchToHttp().getRequest<{ user?: unknown }>().user) return true;
    return super.canActivate(context);
  }

  override handleRequest<TUser = AuthUser>(error: unknown, user: TUser | false): TUser {
    // The strategy reports a bad token as "no user"; an error is a fault while checking a good
    // one (the session lookup failed): a 503 or 500, not a 401 that would make clients drop their
    // tokens.
    if (error instanceof Error) throw error;
    if (error) throw new Error('authentication failed unexpectedly', { cause: error });
    if (!user) throw new UnauthenticatedError();
    return user;
  }
}
