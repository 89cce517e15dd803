import fc from 'fast-check';

/**
 * Requests that no well-behaved client library would send: broken request lines, illegal bytes,
 * broken headers and framing, smuggling attempts. Each is complete (ends its head, and its body
 * when it announces one), so the server answers at once rather than waiting for more.
 */
const CRLF = '\r\n';
const end = (lines: string[]) => Buffer.from(`${lines.join(CRLF)}${CRLF}${CRLF}`, 'latin1');
const H = 'Host: localhost';
const C = 'Connection: close';

export const RAW_CASES: Record<string, Buffer> = {
  'unknown method': end(['FOO /api/v1/events HTTP/1.1', H, C]),
  'lower-case method': end(['get /api/v1/events HTTP/1.1', H, C]),
  'space in the URL': end(['GET /api/v1/ev ents HTTP/1.1', H, C]),
  'tab in the URL': end(['GET /api/v1/\tevents HTTP/1.1', H, C]),
  'raw non-ASCII in the URL': end(['GET /api/v1/events/\xe9\xff HTTP/1.1', H, C]),
  'raw non-ASCII in the query': end(['GET /api/v1/events?q=\xc3\xa9\xff HTTP/1.1', H, C]),
  'NUL in the URL': end(['GET /api/v1/events\x00 HTTP/1.1', H, C]),
  'DEL in the URL': end(['GET /api/v1/events\x7f HTTP/1.1', H, C]),
  'no version': end(['GET /api/v1/events', H, C]),
  'HTTP/2.0 request line': end(['GET /api/v1/events HTTP/2.0', H, C]),
  'HTTP/1.2': end(['GET /api/v1/events HTTP/1.2', H, C]),
  'HTTP/0.9 style': end(['GET /api/v1/events']),
  'garbage version': end(['GET /api/v1/events HTTX/1.1', H, C]),
  'relative target': end(['GET api/v1/events HTTP/1.1', H, C]),
  'absolute-form target': end(['GET http://evil.example/api/v1/events HTTP/1.1', H, C]),
  'asterisk-form target': end(['OPTIONS * HTTP/1.1', H, C]),
  'authority-form target': end(['GET localhost:80 HTTP/1.1', H, C]),
  'empty target': end(['GET  HTTP/1.1', H, C]),
  'missing Host': end(['GET /api/v1/events HTTP/1.1', C]),
  'two Host headers': end(['GET /api/v1/events HTTP/1.1', H, 'Host: evil.example', C]),
  'HTTP/1.0 without Host': end(['GET /api/v1/events HTTP/1.0']),
  'header without a colon': end(['GET /api/v1/events HTTP/1.1', H, 'Bogus header line', C]),
  'space before the colon': end(['GET /api/v1/events HTTP/1.1', H, 'X-A : b', C]),
  'space in a header name': end(['GET /api/v1/events HTTP/1.1', H, 'X A: b', C]),
  'empty header name': end(['GET /api/v1/events HTTP/1.1', H, ': b', C]),
  'obsolete line folding': end(['GET /api/v1/events HTTP/1.1', H, 'X-A: b', ' folded', C]),
  'bare CR in a header': end(['GET /api/v1/events HTTP/1.1', H, 'X-A: b\rc', C]),
  'bare LF line ends': Buffer.from(`GET /api/v1/events HTTP/1.1\n${H}\n${C}\n\n`, 'latin1'),
  'NUL in a header value': end(['GET /api/v1/events HTTP/1.1', H, 'X-A: b\x00c', C]),
  'CL and TE together': Buffer.from(
    `POST /api/v1/auth/login HTTP/1.1${CRLF}${H}${CRLF}${C}${CRLF}Content-Type: application/json${CRLF}` +
      `Content-Length: 4${CRLF}Transfer-Encoding: chunked${CRLF}${CRLF}0${CRLF}${CRLF}`,
    'latin1',
  ),
  'two different Content-Lengths': Buffer.from(
    `POST /api/v1/auth/login HTTP/1.1${CRLF}${H}${CRLF}${C}${CRLF}Content-Type: application/json${CRLF}` +
      `Content-Length: 2${CRLF}Content-Length: 3${CRLF}${CRLF}{}x`,
    'latin1',
  ),
  'Content-Length not a number': end([
    'POST /api/v1/auth/login HTTP/1.1',
    H,
    C,
    'Content-Length: abc',
  ]),
  'negative Content-Length': end(['POST /api/v1/auth/login HTTP/1.1', H, C, 'Content-Length: -1']),
  'huge Content-Length': end([
    'POST /api/v1/auth/login HTTP/1.1',
    H,
    C,
    'Content-Type: application/json',
    'Content-Length: 99999999999999999999',
  ]),
  'Content-Length over the body limit': end([
    'POST /api/v1/auth/login HTTP/1.1',
    H,
    C,
    'Content-Type: application/json',
    'Content-Length: 10000000',
  ]),
  'unknown Transfer-Encoding': end([
    'POST /api/v1/auth/login HTTP/1.1',
    H,
    C,
    'Transfer-Encoding: gzip',
  ]),
  'chunked not last': end([
    'POST /api/v1/auth/login HTTP/1.1',
    H,
    C,
    'Transfer-Encoding: chunked, gzip',
  ]),
  'bad chunk size': Buffer.from(
    `POST /api/v1/auth/login HTTP/1.1${CRLF}${H}${CRLF}${C}${CRLF}Content-Type: application/json${CRLF}` +
      `Transfer-Encoding: chunked${CRLF}${CRLF}zz${CRLF}{}${CRLF}0${CRLF}${CRLF}`,
    'latin1',
  ),
  'chunk extension flood': Buffer.from(
    `POST /api/v1/auth/login HTTP/1.1${CRLF}${H}${CRLF}${C}${CRLF}Content-Type: application/json${CRLF}` +
      `Transfer-Encoding: chunked${CRLF}${CRLF}2;${'x'.repeat(20_000)}${CRLF}{}${CRLF}0${CRLF}${CRLF}`,
    'latin1',
  ),
  'oversized header': end(['GET /api/v1/events HTTP/1.1', H, C, `X-Big: ${'a'.repeat(20_000)}`]),
  'many headers': end([
    'GET /api/v1/events HTTP/1.1',
    H,
    C,
    ...Array.from({ length: 3000 }, (_, i) => `X-${i}: 1`),
  ]),
  'oversized URL': end([`GET /api/v1/events?q=${'a'.repeat(20_000)} HTTP/1.1`, H, C]),
  'oversized path id': end([`GET /api/v1/events/${'1'.repeat(20_000)} HTTP/1.1`, H, C]),
  'Expect: unknown': end(['GET /api/v1/events HTTP/1.1', H, C, 'Expect: the-unexpected']),
  'Upgrade to websocket': end([
    'GET /api/v1/events HTTP/1.1',
    H,
    'Connection: Upgrade',
    'Upgrade: websocket',
  ]),
  'binary garbage': Buffer.concat([Buffer.from([0x16, 0x03, 0x01, 0x00, 0xff]), end([''])]),
  'TLS hello on the plain port': Buffer.concat([
    Buffer.from('160301', 'hex'),
    Buffer.alloc(60, 1),
    Buffer.from(CRLF + CRLF),
  ]),
  'request line only CRLFs': Buffer.from(`${CRLF}${CRLF}${CRLF}${CRLF}`),
};

/** Request lines with random bytes in the target, and random header lines. */
export const randomRawRequest: fc.Arbitrary<Buffer> = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('GET', 'POST', 'DELETE', 'PATCH'),
      fc.constantFrom('/api/v1/events', '/api/v1/events/1', '/api/v1/auth/login', '/api/health'),
      fc.uint8Array({ minLength: 1, maxLength: 40 }),
    )
    .map(([method, path, bytes]) => {
      const suffix = Buffer.from(bytes.map((b) => (b === 0x0d || b === 0x0a ? 0x41 : b)));
      return Buffer.concat([
        Buffer.from(`${method} ${path}`, 'latin1'),
        suffix,
        Buffer.from(` HTTP/1.1${CRLF}${H}${CRLF}${C}${CRLF}${CRLF}`, 'latin1'),
      ]);
    }),
  fc
    .array(
      fc.tuple(
        fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 20 }),
        fc.uint8Array({ maxLength: 40 }),
      ),
      { minLength: 1, maxLength: 5 },
    )
    .map((headers) =>
      Buffer.concat([
        Buffer.from(`GET /api/v1/events HTTP/1.1${CRLF}${H}${CRLF}${C}${CRLF}`, 'latin1'),
        ...headers.map(([name, value]) =>
          Buffer.concat([
            Buffer.from(`${name.replace(/[\r\n]/g, '_')}: `, 'latin1'),
            Buffer.from(value.map((b) => (b === 0x0d || b === 0x0a ? 0x20 : b))),
            Buffer.from(CRLF),
          ]),
        ),
        Buffer.from(CRLF),
      ]),
    ),
);
