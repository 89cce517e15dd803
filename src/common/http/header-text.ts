const UTF8 = new TextDecoder('utf-8', { fatal: true });
const UTF8_REPLACING = new TextDecoder('utf-8');
const NON_ASCII = /[\u0080-\u00ff]/;
const CONTROL = /\p{Cc}/gu;

/**
 * A header value as text. Node hands header bytes over as Latin-1 (one character per byte), so a
 * browser's UTF-8 `Ünïcödé 日本` arrived as `Ãœnã¯cã¶dã©…` and was stored and shown like that.
 * Bytes that are UTF-8 (what clients send today) are decoded as such; anything else, a legacy
 * Latin-1 byte included, is not guessed at: each invalid sequence becomes U+FFFD. Control
 * characters (C1 ones can hide in valid UTF-8) become U+FFFD too: this is text to display.
 */
export function headerText(value: string): string {
  if (!NON_ASCII.test(value)) return value;
  const bytes = Buffer.from(value, 'latin1');
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    text = UTF8_REPLACING.decode(bytes);
  }
  return text.replace(CONTROL, '\uFFFD');
}
