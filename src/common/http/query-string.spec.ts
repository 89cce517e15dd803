import { hasMalformedEscape, parseQueryString } from './query-string';

describe('parseQueryString', () => {
  it('parses as the router did: + is a space, a repeated key an array, no prototype', () => {
    const query = parseQueryString('q=caf%C3%A9+au+lait&a=1&a=2&flag&=x&&__proto__=p');
    expect(Object.entries(query)).toEqual([
      ['q', 'café au lait'],
      ['a', ['1', '2']],
      ['flag', ''],
      ['', 'x'],
      ['__proto__', 'p'], // a key like any other
    ]);
    expect(Object.getPrototypeOf(query)).toBeNull();
    expect(hasMalformedEscape(query)).toBe(false);
  });

  it.each(['q=%ff', 'q=%', 'q=%zz', '%ff=1', 'q=%ED%A0%80', 'a=1&b=%C3'])(
    'marks %j as malformed',
    (input) => expect(hasMalformedEscape(parseQueryString(input))).toBe(true),
  );

  it('marks only the query objects it made', () => {
    expect(hasMalformedEscape({})).toBe(false);
    expect(hasMalformedEscape(undefined)).toBe(false);
  });
});
