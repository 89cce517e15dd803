import { hasIssuedLifetime, isCurrent } from './token-lifetime';

describe('hasIssuedLifetime', () => {
  it('accepts exactly the issued lifetime with iat up to 5 s ahead, and nothing else', () => {
    expect(hasIssuedLifetime({ iat: 100, exp: 160 }, 60, 100)).toBe(true);
    expect(hasIssuedLifetime({ iat: 105, exp: 165 }, 60, 100)).toBe(true);
    expect(hasIssuedLifetime({ iat: 106, exp: 166 }, 60, 100)).toBe(false);
    expect(hasIssuedLifetime({ iat: 100, exp: 161 }, 60, 100)).toBe(false);
    expect(hasIssuedLifetime({ iat: 100 }, 60, 100)).toBe(false);
    expect(hasIssuedLifetime({ exp: 160 }, 60, 100)).toBe(false);
    expect(hasIssuedLifetime({ iat: '100', exp: 160 }, 60, 100)).toBe(false);
    expect(hasIssuedLifetime({ iat: 9e15 - 60, exp: 9e15 }, 60, 100)).toBe(false);
  });
});

describe('isCurrent', () => {
  it('holds from nbf (when there is one) until the second before exp', () => {
    expect(isCurrent({ exp: 101 }, 100)).toBe(true);
    expect(isCurrent({ exp: 100 }, 100)).toBe(false);
    expect(isCurrent({}, 100)).toBe(false);
    expect(isCurrent({ exp: '101' }, 100)).toBe(false);
    expect(isCurrent({ exp: 200, nbf: 100 }, 100)).toBe(true);
    expect(isCurrent({ exp: 200, nbf: 101 }, 100)).toBe(false);
    expect(isCurrent({ exp: 200, nbf: '1' }, 100)).toBe(false);
  });
});
