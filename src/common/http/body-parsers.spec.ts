import { DomainError } from '../errors/domain-error';
import { charsetOf, decodeJsonBody, MAX_JSON_DEPTH, nestedDeeperThan } from './body-parsers';

describe('nestedDeeperThan (JSON depth scan before parsing)', () => {
  const nest = (depth: number, open = '[', close = ']') => open.repeat(depth) + close.repeat(depth);

  it('accepts nesting up to the limit and refuses one level more', () => {
    expect(nestedDeeperThan(nest(MAX_JSON_DEPTH), MAX_JSON_DEPTH)).toBe(false);
    expect(nestedDeeperThan(nest(MAX_JSON_DEPTH + 1), MAX_JSON_DEPTH)).toBe(true);
  });

  it('counts objects and arrays alike, mixed', () => {
    const mixed = '{"a":[{"b":[1]}]}'; // depth 4
    expect(nestedDeeperThan(mixed, 4)).toBe(false);
    expect(nestedDeeperThan(mixed, 3)).toBe(true);
  });

  it('measures depth, not the number of brackets', () => {
    const wide = `[${Array.from({ length: 1000 }, () => '[1]').join(',')}]`; // depth 2
    expect(nestedDeeperThan(wide, 2)).toBe(false);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(nestedDeeperThan(`{"name":"${'['.repeat(100)}"}`, 1)).toBe(false);
    expect(nestedDeeperThan(`{"name":"a\\"${'{'.repeat(100)}"}`, 1)).toBe(false);
    expect(nestedDeeperThan(`{"name":"a\\\\"}`, 1)).toBe(false);
    // after an escaped backslash the quote ends the string, so the brackets count again
    expect(nestedDeeperThan(`{"a":"\\\\",${'['.repeat(5)}`, 3)).toBe(true);
  });

  it('treats flat documents and scalars as depth 0 or 1', () => {
    expect(nestedDeeperThan('"text"', 0)).toBe(false);
    expect(nestedDeeperThan('42', 0)).toBe(false);
    expect(nestedDeeperThan('{}', 0)).toBe(true);
    expect(nestedDeeperThan('{}', 1)).toBe(false);
  });
});

describe('charsetOf and decodeJsonBody (UTF-8 only)', () => {
  it.each([
    [undefined, undefined],
    ['application/json', undefined],
    ['application/json; charset=UTF-8', 'utf-8'],
    ['application/json;charset="Latin1"', 'latin1'],
    ['application/json; boundary=x; charset = utf-16 ', 'utf-16'],
  ])('reads the charset of %s as %s', (contentType, charset) => {
    expect(charsetOf(contentType)).toBe(charset);
  });

  it('decodes UTF-8, and refuses other charsets (415) and malformed bytes (400)', () => {
    expect(decodeJsonBody(Buffer.from('{"a":"é"}'), 'application/json')).toBe('{"a":"é"}');
    const status = (call: () => unknown) => {
      try {
        call();
      } catch (error) {
        return (error as DomainError).status;
      }
      return undefined;
    };
    expect(
      status(() => decodeJsonBody(Buffer.from('{}'), 'application/json; charset=latin1')),
    ).toBe(415);
    expect(status(() => decodeJsonBody(Buffer.from([0x22, 0xe9, 0x22]), undefined))).toBe(400);
  });
});
