import { headerText } from './header-text';

/** A header value as Node hands it over: each byte as one Latin-1 character. */
const asNodeGivesIt = (bytes: Buffer) => bytes.toString('latin1');

describe('headerText', () => {
  it.each(['Mozilla/5.0 Ünïcödé 日本', 'emoji 🎄', 'ascii only', ''])(
    'decodes the UTF-8 bytes of %j',
    (text) => expect(headerText(asNodeGivesIt(Buffer.from(text, 'utf8')))).toBe(text),
  );

  it('replaces each sequence that is not UTF-8 with U+FFFD', () => {
    expect(headerText(asNodeGivesIt(Buffer.from([0x63, 0xe9, 0x20, 0xff, 0xfe])))).toBe(
      'c\uFFFD \uFFFD\uFFFD',
    );
  });

  it('replaces control characters, C1 ones included', () => {
    expect(headerText(asNodeGivesIt(Buffer.from('a\u0085b\u009bc', 'utf8')))).toBe(
      'a\uFFFDb\uFFFDc',
    );
  });
});
