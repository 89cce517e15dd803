import { UnauthenticatedError } from '../../common/errors/domain-error';
import { AuthUser } from '../current-user.decorator';
import { JwtAuthGuard } from './jwt-auth.guard';

describe('JwtAuthGuard.handleRequest', () => {
  const guard = new JwtAuthGuard();
  const user: AuthUser = { id: 1, username: 'ada', isAdmin: false, sessionId: 's' };

  it('passes the authenticated user on', () => {
    expect(guard.handleRequest(null, user)).toBe(user);
  });

  it.each([
    ['no user (missing, expired, tampered or revoked token)', null, false],
    ['an error from the strategy', new Error('jwt malformed'), false],
    ['an error even with a user', new Error('boom'), user],
  ])('answers 401 UNAUTHENTICATED for %s', (_label, error, found) => {
    let thrown: unknown;
    try {
      guard.handleRequest(error, found);
    } catch (caught) {
      thrown = caught;
    }
    expect(thrown).toBeInstanceOf(UnauthenticatedError);
    expect(thrown).toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
  });
});
