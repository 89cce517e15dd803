import type { Server } from 'node:http';
import { connect, Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { HTTP_LIMITS } from '../src/common/http/fastify-adapter';
import { createTestApp, TestApp } from './app.factory';
import { createUser, TestUser } from './factories';
import { expectProblem, expectRawProblem, LEAKS } from './support/expect-problem';
import { exchange, parseResponse } from './support/raw-http';

// Booting apps takes seconds on a busy CI machine.
jest.setTimeout(30_000);

/**
 * Resource limits: a slow or oversized client gets a problem document and its connection closed;
 * it cannot hold the server. Timeouts are shortened here so the tests take seconds (the production
 * values are asserted separately).
 */
const LIMITS = {
  headersTimeout: 600,
  requestTimeout: 1_200,
  connectionsCheckingInterval: 100,
  connectionTimeout: 2_000,
  keepAliveTimeout: 500,
};

/** A connection that records what it receives and when it is closed. */
function open(
  port: number,
): Promise<{ socket: Socket; received: () => Buffer; closed: Promise<number> }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1' });
    const chunks: Buffer[] = [];
    const started = Date.now();
    const closed = new Promise<number>((done) =>
      socket.on('close', () => done(Date.now() - started)),
    );
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => undefined);
    socket.once('connect', () =>
      resolve({ socket, received: () => Buffer.concat(chunks), closed }),
    );
    socket.once('error', reject);
  });
}

describe('resource limits', () => {
  let t: TestApp;
  let port: number;
  let user: TestUser;

  beforeAll(async () => {
    t = await createTestApp({}, { limits: LIMITS });
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
    user = await createUser(t);
  });
  afterAll(() => t.close());

  const raw = (text: string) => exchange(port, Buffer.from(text, 'latin1')).then(parseResponse);

  it('answers 408 and closes a connection whose headers trickle in (slowloris)', async () => {
    const client = await open(port);
    client.socket.write('GET /api/v1/users/me HTTP/1.1\r\nHost: localhost\r\n');
    // One header byte every 100 ms keeps the socket busy but never finishes the head.
    const drip = setInterval(() => client.socket.write('X'), 100);
    const elapsed = await client.closed;
    clearInterval(drip);
    expect(elapsed).toBeLessThan(LIMITS.headersTimeout + 1_000);
    const res = parseResponse(client.received());
    expect(expectRawProblem(res, 408, 'VALIDATION_FAILED').detail).toBe(
      'The request was not received in time.',
    );
  });

  it('answers 408 and closes a connection whose body trickles in', async () => {
    const client = await open(port);
    client.socket.write(
      'POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n' +
        'Content-Length: 1000\r\n\r\n{',
    );
    const drip = setInterval(() => client.socket.write(' '), 100);
    const elapsed = await client.closed;
    clearInterval(drip);
    expect(elapsed).toBeGreaterThanOrEqual(LIMITS.requestTimeout - 100);
    expect(elapsed).toBeLessThan(LIMITS.requestTimeout + 1_000);
    expectRawProblem(parseResponse(client.received()), 408, 'VALIDATION_FAILED');
  });

  it('closes a connection that never sends anything', async () => {
    const client = await open(port);
    const elapsed = await client.closed;
    expect(elapsed).toBeLessThan(LIMITS.connectionTimeout + 1_000);
  });

  it('closes an idle keep-alive connection after the keep-alive timeout', async () => {
    const client = await open(port);
    client.socket.write('GET /api/health HTTP/1.1\r\nHost: localhost\r\n\r\n');
    const elapsed = await client.closed;
    expect(client.received().toString('latin1')).toMatch(/^HTTP\/1\.1 200 /);
    // Node adds a second to the keep-alive timeout before it closes the socket itself.
    expect(elapsed).toBeGreaterThanOrEqual(LIMITS.keepAliveTimeout - 100);
    expect(elapsed).toBeLessThan(LIMITS.keepAliveTimeout + 2_000);
  });

  it('keeps serving other clients while slow ones hold connections open', async () => {
    const slow = await Promise.all(Array.from({ length: 20 }, () => open(port)));
    for (const client of slow) client.socket.write('GET /api/health HTTP/1.1\r\nHost: x\r\n');
    const res = await t.http().get('/api/v1/users/me').set(user.auth);
    expect(res.status).toBe(200);
    await Promise.all(slow.map((client) => client.closed));
  });

  it('answers 431 HEADERS_TOO_LARGE to headers over 16 KiB, as a problem document', async () => {
    const res = await raw(
      `GET /api/v1/users/me HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'a'.repeat(17 * 1024)}\r\n\r\n`,
    );
    const problem = expectRawProblem(res, 431, 'HEADERS_TOO_LARGE');
    expect(problem.detail).toBe('The request line and headers are larger than 16 KiB.');
  });

  it('accepts headers just under the limit', async () => {
    const pad = 'a'.repeat(HTTP_LIMITS.maxHeaderSize - 1024);
    const res = await t.http().get('/api/v1/users/me').set(user.auth).set('X-Pad', pad);
    expect(res.status).toBe(200);
  });

  it('answers 431 to a URL over 16 KiB, without echoing it', async () => {
    const res = await raw(
      `GET /api/v1/events?q=${'a'.repeat(17 * 1024)} HTTP/1.1\r\nHost: x\r\n\r\n`,
    );
    expectRawProblem(res, 431, 'HEADERS_TOO_LARGE');
    expect(res.text).not.toContain('aaaa');
  });

  it('answers 400 to a path id of any length up to the URL limit, without echoing it', async () => {
    const long = '1'.repeat(5000);
    for (const res of [
      await t.http().get(`/api/v1/events/${long}`).set(user.auth),
      await t.http().post(`/api/v1/events/${long}/registration`).set(user.auth),
    ]) {
      expect(expectProblem(res, 400, 'VALIDATION_FAILED').errors).toEqual([
        { field: 'id', message: 'id must be a positive integer' },
      ]);
      expect(res.text).not.toContain('1111');
    }
    // Not before authentication: the router does not cut long parameters short.
    expectProblem(await t.http().get(`/api/v1/events/${'1'.repeat(5000)}`), 401, 'UNAUTHENTICATED');
  });

  it('answers 400 as a problem document to a path id that is not valid percent-encoding', async () => {
    const res = await t.http().get('/api/v1/events/%zz').set(user.auth);
    expect(expectProblem(res, 400, 'VALIDATION_FAILED').detail).toBe('The URL is malformed.');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it.each([
    ['an unknown method', 'FOO /api/v1/events HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['raw non-ASCII bytes in the URL', 'GET /api/v1/events/\xe9\xff HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['a space in the URL', 'GET /api/v1/ev ents HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['a malformed HTTP version', 'GET /api/v1/events HTTX/1.1\r\nHost: x\r\n\r\n'],
    ['a header without a colon', 'GET /api/v1/events HTTP/1.1\r\nHost: x\r\nBogus\r\n\r\n'],
    [
      'Content-Length together with chunked encoding',
      'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n' +
        'Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
    ],
  ])('answers 400 VALIDATION_FAILED as a problem document to %s', async (_label, request) => {
    const res = await raw(request);
    const problem = expectRawProblem(res, 400, 'VALIDATION_FAILED');
    expect(problem.detail).toBe('The request is not valid HTTP.');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.raw).not.toMatch(LEAKS);
  });

  it('answers 400 as a problem document to an HTTP/1.1 request without Host', async () => {
    const res = await raw('GET /api/health HTTP/1.1\r\nConnection: close\r\n\r\n');
    expect(expectRawProblem(res, 400, 'VALIDATION_FAILED').detail).toBe(
      'HTTP/1.1 requests must carry a Host header.',
    );
    const old = await raw('GET /api/health HTTP/1.0\r\n\r\n');
    expect(old.status).toBe(200);
  });

  it('answers 417 as a problem document to an Expect it cannot meet', async () => {
    const res = await raw('GET /api/health HTTP/1.1\r\nHost: x\r\nExpect: the-unexpected\r\n\r\n');
    expectRawProblem(res, 417, 'VALIDATION_FAILED');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers 400 to a page size over 100 and a q over 200 characters', async () => {
    const list = (query: string) => t.http().get(`/api/v1/events?${query}`).set(user.auth);
    expect((await list('limit=100')).status).toBe(200);
    expectProblem(await list('limit=101'), 400, 'VALIDATION_FAILED');
    expectProblem(await list('limit=1000000000000'), 400, 'VALIDATION_FAILED');
    expect((await list(`q=${'a'.repeat(200)}`)).status).toBe(200);
    expectProblem(await list(`q=${'a'.repeat(201)}`), 400, 'VALIDATION_FAILED');
    expectProblem(await list(`q=${'𝕏'.repeat(201)}`), 400, 'VALIDATION_FAILED');
  });
});

describe('production HTTP limits', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('are set on the server: request, headers, connection and keep-alive timeouts, sizes', () => {
    // `maxHeaderSize` is kept on the server, though @types/node does not declare it.
    const server = t.app.getHttpServer() as Server & { maxHeaderSize?: number };
    expect({
      requestTimeout: server.requestTimeout,
      headersTimeout: server.headersTimeout,
      connectionTimeout: server.timeout,
      keepAliveTimeout: server.keepAliveTimeout,
      maxHeaderSize: server.maxHeaderSize,
    }).toEqual({
      requestTimeout: 30_000,
      headersTimeout: 10_000,
      connectionTimeout: 60_000,
      keepAliveTimeout: 72_000,
      maxHeaderSize: 16 * 1024,
    });
    expect(HTTP_LIMITS).toMatchObject({
      maxParamLength: 16 * 1024,
      connectionsCheckingInterval: 1_000,
    });
  });
});
