// HS256 JSON Web Tokens with node:crypto only: the bench mints the tokens the app would issue
// (same claims, same secrets), and the floor server verifies access tokens without a library.
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

function signature(input, secret) {
  return createHmac('sha256', secret).update(input).digest();
}

/** Signs `claims` like @nestjs/jwt does (iat, exp, jti added). */
export function signJwt(claims, secret, ttlSeconds) {
  const iat = Math.floor(Date.now() / 1000);
  const payload = { ...claims, iat, exp: iat + ttlSeconds, jti: randomUUID() };
  const body = `${HEADER}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  return `${body}.${signature(body, secret).toString('base64url')}`;
}

/**
 * Verifies an HS256 token: the algorithm is pinned (no `none`, no other algorithm), the
 * signature compared in constant time, `exp` enforced. Returns the claims or undefined.
 */
export function verifyJwt(token, secret) {
  if (typeof token !== 'string') return undefined;
  const first = token.indexOf('.');
  const last = token.lastIndexOf('.');
  if (first <= 0 || last === first) return undefined;
  let header;
  let claims;
  try {
    header = JSON.parse(Buffer.from(token.slice(0, first), 'base64url').toString());
    claims = JSON.parse(Buffer.from(token.slice(first + 1, last), 'base64url').toString());
  } catch {
    return undefined;
  }
  if (header?.alg !== 'HS256' || typeof claims !== 'object' || claims === null) return undefined;
  const given = Buffer.from(token.slice(last + 1), 'base64url');
  const expected = signature(token.slice(0, last), secret);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  if (typeof claims.exp !== 'number' || claims.exp <= Date.now() / 1000) return undefined;
  return claims;
}
