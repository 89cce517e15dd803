import type { TokenClaims } from './token-claims';

/**
 * Access tokens whose signature already verified, by their exact text, with their claims. A client
 * sends the same access token on every request for its whole lifetime, and jsonwebtoken's verify
 * (decoding, option checks, HMAC) was about 4% of a list request's CPU in `npm run bench:profile`.
 * Only the signature's verdict is kept: the same text under the same key always gets the same one.
 * Everything that depends on the clock or the database (expiry, lifetime, the live session) is
 * checked on every use, cached or not (`TokenService.verify`, `TokenService.authenticate`).
 *
 * Bounded: beyond `capacity` entries the oldest goes (an evicted token is verified again).
 */
export class VerifiedTokens {
  private readonly claimsByToken = new Map<string, Readonly<TokenClaims>>();

  constructor(private readonly capacity = 10_000) {}

  get(token: string): Readonly<TokenClaims> | undefined {
    return this.claimsByToken.get(token);
  }

  add(token: string, claims: TokenClaims): Readonly<TokenClaims> {
    if (this.claimsByToken.size >= this.capacity) {
      const oldest = this.claimsByToken.keys().next().value;
      if (oldest !== undefined) this.claimsByToken.delete(oldest);
    }
    const frozen = Object.freeze({ ...claims });
    this.claimsByToken.set(token, frozen);
    return frozen;
  }
}
