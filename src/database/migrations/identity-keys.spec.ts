import { plannedKeys } from './1764800100000-identity-keys';

describe('plannedKeys (backfill of identity keys)', () => {
  const nfd = 'josé@x'.normalize('NFD');
  const nfc = 'josé@x'.normalize('NFC');

  it('gives every row its new key when nothing collides', () => {
    const planned = plannedKeys([{ id: 1, value: 'ÉCOLE@x', key: 'école@x' }], 254);
    expect(planned.get(1)).toBe('école@x');
  });

  it('gives a shared key to the row already holding it, else to the oldest; others keep theirs', () => {
    const rows = [
      { id: 1, value: nfd, key: nfd.toLowerCase() },
      { id: 2, value: nfc, key: nfc.toLowerCase() },
    ];
    expect([...plannedKeys(rows, 254)]).toEqual([
      [1, nfd.toLowerCase()],
      [2, nfc],
    ]);
    const neither = [
      { id: 3, value: 'A@X'.normalize('NFD'), key: 'legacy-3' },
      { id: 4, value: 'a@x', key: 'legacy-4' },
    ];
    expect([...plannedKeys(neither, 254)]).toEqual([
      [3, 'a@x'],
      [4, 'legacy-4'],
    ]);
  });

  it('keeps the old key when the new one would not fit the column', () => {
    expect(plannedKeys([{ id: 1, value: '\ufdfa', key: '\ufdfa' }], 10).get(1)).toBe('\ufdfa');
  });
});
