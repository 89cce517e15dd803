import { keyHash, openBody, sealBody } from './sealed-body';

describe('sealed kept bodies', () => {
  it('opens with the same user and key, and holds no clear text', () => {
    const sealed = sealBody(7, 'key-1', '{"secret":"whsec_abc"}');
    expect(sealed).not.toContain('whsec');
    expect(openBody(7, 'key-1', sealed)).toBe('{"secret":"whsec_abc"}');
  });

  it('does not open with another key or user', () => {
    const sealed = sealBody(7, 'key-1', 'body');
    expect(() => openBody(7, 'key-2', sealed)).toThrow();
    expect(() => openBody(8, 'key-1', sealed)).toThrow();
  });

  it('stores the key as its SHA-256 only', () => {
    expect(keyHash('key-1')).toMatch(/^[0-9a-f]{64}$/);
    expect(keyHash('key-1')).not.toContain('key-1');
  });
});
