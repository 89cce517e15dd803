import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestApp, TestApp } from './app.factory';
import { createUser, TestUser } from './factories';
import { expectRawProblem } from './support/expect-problem';
import { exchange, parseResponse } from './support/raw-http';

jest.setTimeout(60_000);

const MiB = 1024 * 1024;

interface Upload {
  status?: number;
  body: string;
  /** a socket error the client saw at any point (ECONNRESET, EPIPE…) */
  error?: string;
}

/**
 * POSTs `size` bytes as a client does: a declared Content-Length, then the body in 64 KiB writes
 * that wait for the socket to drain. Settles when the connection is closed, with the response (if
 * one arrived whole) and any socket error seen meanwhile.
 */
function upload(port: number, path: string, size: number, auth?: string): Promise<Upload> {
  return new Promise((resolve) => {
    const result: Upload = { body: '' };
    const req = request({
      host: '127.0.0.1',
      port,
      path,
      method: 'POST',
      agent: false,
      headers: {
        'content-type': 'application/json',
        'content-length': size,
        ...(auth ? { authorization: auth } : {}),
      },
    });
    req.on('response', (res) => {
      res.setEncoding('utf8');
      res.on('data', (text: string) => (result.body += text));
      res.on('end', () => (result.status = res.statusCode));
      res.on('error', (error: NodeJS.ErrnoException) => (result.error ??= error.code));
    });
    req.on('error', (error: NodeJS.ErrnoException) => (result.error ??= error.code));
    req.on('close', () => resolve(result));
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    const write = (): void => {
      while (sent < size && !req.destroyed) {
        const piece = chunk.subarray(0, Math.min(chunk.length, size - sent));
        sent += piece.length;
        if (!req.write(piece)) return void req.once('drain', write);
      }
      req.end();
    };
    write();
  });
}

describe('HTTP framing', () => {
  let t: TestApp;
  let port: number;
  let user: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
    user = await createUser(t);
  });
  afterAll(() => t.close());

  describe('a body over the limit, from a client still sending it', () => {
    // Fastify answered 413 at once and closed the socket with the client's bytes unread, so the
    // kernel reset the connection and the client saw ECONNRESET / EPIPE instead of the answer.
    it.each([1, 2, 3])(
      'answers 413 PAYLOAD_TOO_LARGE to 2 MiB and 4 MiB uploads (round %i)',
      async () => {
        const uploads = await Promise.all([
          upload(port, '/api/v1/auth/login', 2 * MiB),
          upload(port, '/api/v1/events', 4 * MiB, user.auth.Authorization),
          upload(port, '/api/v1/auth/register', 4 * MiB),
          upload(port, '/api/v1/events', 2 * MiB, user.auth.Authorization),
        ]);
        for (const result of uploads) {
          expect(result).toEqual({ status: 413, body: expect.any(String) });
          expect(JSON.parse(result.body)).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
        }
      },
    );
  });

  describe('Host', () => {
    const send = (head: string) =>
      exchange(port, Buffer.from(`${head}\r\n\r\n`, 'latin1')).then(parseResponse);

    it.each([
      ['two Host lines', 'GET /api/health HTTP/1.1\r\nHost: a.example\r\nHost: b.example'],
      ['the same Host twice', 'GET /api/health HTTP/1.1\r\nHost: localhost\r\nhost: localhost'],
      ['two Host lines in HTTP/1.0', 'GET /api/health HTTP/1.0\r\nHost: a.example\r\nHOST: b'],
    ])('answers 400 VALIDATION_FAILED to %s (RFC 9112 §3.2)', async (_, head) => {
      const problem = expectRawProblem(await send(head), 400, 'VALIDATION_FAILED');
      expect(problem.detail).toBe('A request carries one Host header.');
    });

    it('answers 400 to two Host lines on an authenticated route, before authentication', async () => {
      const head = `GET /api/v1/users/me HTTP/1.1\r\nHost: a\r\nAuthorization: ${user.auth.Authorization}\r\nHost: b`;
      expectRawProblem(await send(head), 400, 'VALIDATION_FAILED');
    });

    it('answers a request with one Host line', async () => {
      expect((await send('GET /api/health HTTP/1.1\r\nHost: localhost')).status).toBe(200);
    });
  });
});
