import { UnauthenticatedError } from '../../common/errors/domain-error';
import { AuthUser } from '../auth-user';
import { JwtAuthGuard } from './jwt-auth.guard';

describe('JwtAuthGuard.handleRequest', () => {
  const guard = new JwtAuthGuard();
  const user: AuthUser = { id: 1, username: 'ada', isAdmin: false, sessionId: 's' };

  it('passes the authenticated user on', () => {
    expect(guard.handleRequest(null, user)).toBe(user);
  });

  it('answers 401 UNAUTHENTICATED when passport found no user (missing, expired, tampered or revoked token)', () => {
    let thrown: unknown;
    try {
      guard.handleRequest(null, false);
    } catch (caught) {
      thrown = caught;
    }
    expect(thrown).toBeInstanceOf(UnauthenticatedError);
    expect(thrown).toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
  });

  it('rethrows a fault of the strategy (e.g. the session lookup failed) instead of a 401', () => {
    const fault = new Error('database is gone');
    expect(() => guard.handleRequest(fault, false)).toThrow(fault);
    expect(() => guard.handleRequest(fault, user)).toThrow(fault);
  });
});
