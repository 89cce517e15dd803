import { canonicalJson, parseIdempotencyKey, requestFingerprint } from './idempotency-key';

describe('parseIdempotencyKey', () => {
  it.each(['a', 'x'.repeat(255), '550e8400-e29b-41d4-a716-446655440000', '!~"\\'])(
    'accepts %j',
    (key) => {
      expect(parseIdempotencyKey(key)).toBe(key);
    },
  );

  it.each<{ key: string | string[] }>(
    ['', 'x'.repeat(256), 'a b', 'tab\there', 'é', 'nul\u0000', 'del\u007f', ['a', 'b']].map(
      (key) => ({ key }),
    ),
  )('refuses $key with a 400 on the header', ({ key }) => {
    let thrown: unknown;
    try {
      parseIdempotencyKey(key);
    } catch (caught) {
      thrown = caught;
    }
    expect(thrown).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ field: 'Idempotency-Key' }],
    });
  });
});

describe('requestFingerprint', () => {
  it('is the same for the same body in another key order or spacing', () => {
    expect(canonicalJson({ b: [1, { d: 2, c: 3 }], a: 'x' })).toBe(
      '{"a":"x","b":[1,{"c":3,"d":2}]}',
    );
    expect(requestFingerprint('POST', '/a', { x: 1, y: 2 })).toBe(
      requestFingerprint('POST', '/a', { y: 2, x: 1 }),
    );
  });

  it('differs by method, path, query and every body value', () => {
    const base = requestFingerprint('POST', '/a?x=1', { x: 1 });
    expect(requestFingerprint('PUT', '/a?x=1', { x: 1 })).not.toBe(base);
    expect(requestFingerprint('POST', '/b?x=1', { x: 1 })).not.toBe(base);
    expect(requestFingerprint('POST', '/a?x=2', { x: 1 })).not.toBe(base);
    expect(requestFingerprint('POST', '/a?x=1', { x: '1' })).not.toBe(base);
    expect(requestFingerprint('POST', '/a?x=1', undefined)).not.toBe(base);
  });
});
