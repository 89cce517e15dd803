import { createHmac, randomUUID } from 'node:crypto';

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * A JWT made by hand, for tokens the server must refuse: expired, `alg: none`, signed with the
 * wrong secret, of the wrong type. `secret` undefined leaves the signature empty.
 */
export function craftJwt(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  secret?: string,
): string {
  const unsigned = `${base64url(header)}.${base64url(payload)}`;
  const signature =
    secret === undefined ? '' : createHmac('sha256', secret).update(unsigned).digest('base64url');
  return `${unsigned}.${signature}`;
}

/** Claims shaped like the server's access tokens. */
export function accessClaims(
  user: { id: number; username: string },
  sessionId: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return {
    sub: String(user.id),
    username: user.username,
    sid: sessionId,
    typ: 'access',
    jti: randomUUID(),
    iat: now,
    exp: now + 3600,
    ...overrides,
  };
}

/** The claims of a token, read without checking anything. */
export function decodeJwt(token: string): Record<string, unknown> {
  const payload = token.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}
