import { identityKey } from './user.entity';

describe('identityKey (NFKC and case folding)', () => {
  it.each([
    ['josé'.normalize('NFC'), 'JOSÉ'.normalize('NFD')],
    ['straße', 'STRASSE'],
    ['ｗｉｄｅ', 'WIDE'],
    ['oﬃce', 'Office'],
    ['ΣΊΣΥΦΟΣ', 'σίσυφος'],
  ])('makes %s and %s one identity', (a, b) => {
    expect(identityKey(a)).toBe(identityKey(b));
  });

  it('keeps distinct what is distinct, and is idempotent', () => {
    expect(identityKey('jose')).not.toBe(identityKey('josé'));
    for (const text of ['Straße', 'ÉCOLE', 'ﬁ', 'Ω']) {
      expect(identityKey(identityKey(text))).toBe(identityKey(text));
    }
  });
});
