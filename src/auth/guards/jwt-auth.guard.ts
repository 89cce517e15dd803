import { Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { UnauthenticatedError } from '../../common/errors/domain-error';
import { AuthUser } from '../current-user.decorator';

/** 401 `UNAUTHENTICATED` for a missing, malformed, expired, tampered or revoked access token. */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  override handleRequest<TUser = AuthUser>(error: unknown, user: TUser | false): TUser {
    if (error || !user) throw new UnauthenticatedError();
    return user;
  }
}
