/** Whole seconds of a millisecond instant, as JWT times count them. */
export const seconds = (ms: number) => Math.floor(ms / 1000);

/** How far a token's `iat` may lie ahead of our clock (another instance's clock may run ahead). */
export const IAT_LEEWAY_SECONDS = 5;

/**
 * Whether a token is valid at `nowSeconds`: before its `exp` (jsonwebtoken's rule: expired from
 * that second on) and not before its `nbf`, when it has one (none is issued here).
 */
export function isCurrent(claims: { exp?: unknown; nbf?: unknown }, nowSeconds: number): boolean {
  const { exp, nbf } = claims;
  return (
    typeof exp === 'number' &&
    nowSeconds < exp &&
    (nbf === undefined || (typeof nbf === 'number' && nbf <= nowSeconds))
  );
}

/**
 * Whether `claims` carry the lifetime this server gives every token of its type: numeric `iat`
 * and `exp`, `exp - iat` exactly `lifetime` seconds, `iat` not in the future (beyond
 * {@link IAT_LEEWAY_SECONDS}). jsonwebtoken accepts a token without `exp` for ever, and one with
 * `exp: 9e15` (whose expiry is no valid date); neither was ever issued here.
 */
export function hasIssuedLifetime(claims: object, lifetime: number, nowSeconds: number): boolean {
  const { iat, exp } = claims as { iat?: unknown; exp?: unknown };
  return (
    typeof iat === 'number' &&
    typeof exp === 'number' &&
    Number.isSafeInteger(iat) &&
    Number.isSafeInteger(exp) &&
    exp - iat === lifetime &&
    iat <= nowSeconds + IAT_LEEWAY_SECONDS
  );
}
