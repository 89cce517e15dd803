import fc from 'fast-check';

/**
 * Hostile material for the fuzzer: values of the wrong type, numbers at and past the limits of
 * JSON and of the database, unicode edge cases, injection strings, odd keys, odd path ids, odd
 * query strings and odd headers. Values are JSON *texts* (so that `1e400`, `-0`, duplicate keys and
 * deep nesting survive serialisation).
 */

/** Strings that have broken parsers, validators, databases or logs somewhere. */
export const NASTY_STRINGS = [
  '',
  ' ',
  '\t\n\r',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff',
  'x\ud83dy',
  '\ufeffBOM',
  '\u202eevil\u202c',
  '\u200b\u200c\u200d',
  '\u2028\u2029',
  '\uffff\ufffe',
  'İİİ',
  'ǅǈǋ',
  'ß'.repeat(3),
  '❤️'.repeat(101),
  '👩‍👩‍👧‍👦',
  'e\u0301'.repeat(60),
  '𝕏'.repeat(201),
  'Z̴̡̪̫̖̥̔̿̃̈̏̎͠͝á̡͈̮̰̞̳͇̠͗̐̕l̵̡̟̤̗͉̪͗̋̆g̶̪̙͍̮̊̋̈́̚o̷͍͎̥̣͂̋͑͋',
  '１２３',
  '١٢٣',
  "' OR '1'='1' --",
  '"; DROP TABLE users; --',
  "Robert'); DROP TABLE events;--",
  '%',
  '%%',
  '_',
  '\\',
  '\\%_',
  '../../../../etc/passwd',
  '<script>alert(1)</script>',
  '${jndi:ldap://x/a}',
  '{{7*7}}',
  '%s%n%x',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  '0x1F',
  '9'.repeat(40),
  'true',
  '__proto__',
  'constructor',
  'a'.repeat(201),
  'a'.repeat(5001),
  'b'.repeat(70_000),
];

/** Raw JSON value texts of every type and at every limit. */
export const NASTY_JSON_VALUES = [
  'null',
  'true',
  'false',
  '0',
  '-0',
  '-1',
  '1.5',
  '0.0000001',
  '1e308',
  '-1e308',
  '1e400',
  '-1e400',
  '5e-324',
  '9007199254740993',
  '2147483648',
  '1000001',
  '123456789012345678901234567890',
  '1.0',
  '1E2',
  '[]',
  '[1]',
  '["a"]',
  '{}',
  '{"$gt":""}',
  '{"toString":1}',
  '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]',
  '"\\u0000"',
  '"\\ud800"',
  '"\\udfff\\ud800"',
  '"\\u202e"',
  '"2027-03-01T18:00:00"',
  '"2027-02-30T18:00:00Z"',
  '"2027-03-01T24:00:00Z"',
  '"+275760-09-13T00:00:00.001Z"',
  '"-271821-04-20T00:00:00Z"',
  '"1970-01-01T00:00:00Z"',
  '"2027-03-01T18:00:00+99:99"',
  '"2027-03-01"',
  '"now"',
];

/** Deep nesting: a body stack-overflows any recursive walker that trusts its input. */
export const deepArray = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
export const deepObject = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

export const jsonString = (text: string) => JSON.stringify(text);

/** A value text: a nasty literal, a nasty string, deep nesting, or any JSON value. */
export const hostileValue: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY_JSON_VALUES) },
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS).map(jsonString) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.integer({ min: 100, max: 20_000 }), fc.boolean())
      .map(([depth, array]) => (array ? deepArray(depth) : deepObject(depth))),
  },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 50 }).map(jsonString) },
);

/** Keys no DTO declares; several are server-owned fields a client must never set. */
export const EXTRA_KEYS = [
  'id',
  'owner',
  'ownerId',
  'attendees',
  'attendeeCount',
  'isAdmin',
  'createdAt',
  'updatedAt',
  'passwordHash',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  '__defineGetter__',
  '$where',
  '',
  ' ',
  'a.b',
  'a[0]',
  'NAME',
  'Name',
  'name ',
  'x'.repeat(300),
  '\u0000',
  '\ud800',
];

/** `__proto__` keys: Fastify's secure JSON parser refuses them (400), as it should. */
export const POISON_KEYS = ['__proto__'];

/** Path ids: the good (resolved at run time), the well-formed missing and the malformed. */
export const HOSTILE_IDS = [
  '0',
  '-1',
  '+1',
  '00001',
  '1e3',
  '1.0',
  '0x10',
  '%201',
  '1%20',
  '%31',
  '2147483647',
  '2147483648',
  '4294967296',
  '9007199254740993',
  '999999999999999',
  '9999999999999999',
  '1'.repeat(100),
  '1'.repeat(101),
  '1'.repeat(500),
  '%00',
  '%2e%2e',
  '..',
  '.',
  '%2F',
  '1%2F2',
  '%D9%A1',
  '%EF%BC%91',
  'me',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '%F0%9F%98%80',
  '%FF',
  '%C0%80',
  '%ED%A0%80',
  '%',
  '%%',
  '%zz',
  "1'%20OR%20'1'='1",
  '1;DROP',
  '1,2',
  '[1]',
  '%5B1%5D',
  'true',
];

/** Query keys the list endpoint does not know (each must be a 400). */
export const UNKNOWN_QUERY_KEYS = [
  'x',
  'page',
  'size',
  'id',
  'ownerId',
  'LIMIT',
  'Q',
  'q[]',
  'q[a]',
  'limit[]',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'isPrototypeOf',
  '__lookupGetter__',
  'q ',
  ' q',
  'q\u0000',
  'ü',
];

/** Raw query fragments (already encoded or deliberately malformed) that are not single params. */
export const ODD_QUERY_STRINGS = ['', '&', '&&&', '=', '=x', 'q', 'q=', '%zz', '%', 'q=%zz', 'q=%'];

/** Hostile query values for declared parameters. */
export const hostileQueryValue: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...NASTY_STRINGS.filter((text) => text.length < 10_000)),
  fc.constantFrom('1e9', '1e2', '-0', '0', '101', '100', '1', ' 1', '1 ', '01', '1.0', '0x1'),
  fc.constantFrom('TRUE', 'True', '1', 'yes', 'on', 'false ', 'me ', 'ME', '-me'),
  fc.constantFrom('startsAt ', '-startsat', '--name', '+name', 'name,-startsAt'),
  fc.string({ unit: 'binary', maxLength: 30 }),
);

/** Extra headers a hostile or merely odd client sends (never framing headers: see raw cases). */
export const oddHeader: fc.Arbitrary<[string, string]> = fc.oneof(
  fc.constantFrom<[string, string]>(
    ['X-Request-Id', 'trace-1'],
    ['X-Request-Id', 'a b'],
    ['X-Request-Id', 'x'.repeat(65)],
    ['X-Request-Id', '../../etc'],
    ['X-Request-Id', 'é'],
    ['Accept', 'application/xml'],
    ['Accept', 'text/html'],
    ['Accept', '*/*;q=0'],
    ['Accept-Encoding', 'gzip, br, zstd'],
    ['Accept-Encoding', 'bogus;q=2'],
    ['Accept-Language', 'x'.repeat(2000)],
    ['Accept-Charset', 'utf-7'],
    ['Content-Encoding', 'gzip'],
    ['Content-Encoding', 'bogus'],
    ['X-Forwarded-For', '1.2.3.4, <script>'],
    ['X-Forwarded-For', '::1'],
    ['X-Forwarded-Host', 'evil.example'],
    ['X-Forwarded-Proto', 'gopher'],
    ['X-HTTP-Method-Override', 'DELETE'],
    ['X-Original-URL', '/api/v1/users/me'],
    ['Origin', 'https://evil.example'],
    ['Origin', 'null'],
    ['Referer', 'javascript:alert(1)'],
    ['Cookie', 'session=1; isAdmin=true'],
    ['Range', 'bytes=0-1'],
    ['If-None-Match', '*'],
    ['If-Modified-Since', 'yesterday'],
    ['Upgrade', 'h2c'],
    ['TE', 'trailers'],
    ['Prefer', 'return=minimal'],
    ['Via', '1.1 evil'],
    ['Forwarded', 'for=unknown;by=";'],
    ['X-Pad', 'p'.repeat(8 * 1024)],
    ['Authorization-Extra', 'Bearer x'],
  ),
  fc
    .tuple(
      fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,20}$/),
      fc.string({ unit: 'grapheme-ascii', maxLength: 100 }),
    )
    .map(([name, value]): [string, string] => [`X-${name}`, value.replace(/[\r\n]/g, ' ')]),
);

/** Content types a JSON endpoint may be sent. */
export const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'application/json;charset=UTF-8',
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'application/json, text/plain',
  'application/json;;',
  'application/jsonx',
  'application/vnd.api+json',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'text/plain',
  'text/json',
  '*/*',
  '',
];

/** Other methods, to hit each path with what it does not serve. */
export const OTHER_METHODS = [
  'GET',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'OPTIONS',
  'HEAD',
  'TRACE',
  'PROPFIND',
  'SEARCH',
];

/** Mutations of the path itself. */
export const PATH_MUTATIONS: ((path: string) => string)[] = [
  (path) => `${path}/`,
  (path) => path.replace('/api/', '/api//'),
  (path) => path.replace('/api/v1', '/API/V1'),
  (path) => path.replace('/api/v1', '/api/v1/.'),
  (path) => path.replace('/api/v1', '/api/v1/x/..'),
  (path) => path.replace('/api/v1', '/api/v2'),
  (path) => path.replace('/api/v1', '/api/%76%31'),
  (path) => `${path}%2F`,
  (path) => `${path};jsessionid=1`,
  (path) => `${path}/../../users/me`,
];
