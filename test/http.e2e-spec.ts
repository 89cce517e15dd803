import { Controller, Get, InternalServerErrorException, Param } from '@nestjs/common';
import { createTestApp, TestApp } from './app.factory';
import { createUser } from './factories';
import { expectProblem } from './support/expect-problem';

// Booting apps takes seconds on a busy CI machine.
jest.setTimeout(30_000);

/** Failures of every shape a bug can throw, each message full of what must stay internal. */
const FAULTS: Record<string, () => unknown> = {
  'sql-error': () => {
    throw new Error('SQLITE_ERROR: near "FROM": syntax error in SELECT password_hash FROM users');
  },
  'type-error': () => {
    throw new TypeError("Cannot read properties of undefined (reading 'secret')");
  },
  'rejected-promise': () => Promise.reject(new Error('ENOENT: no such file /srv/app/secrets.json')),
  'thrown-string': () => {
    // eslint-disable-next-line @typescript-eslint/only-throw-error
    throw 'password=hunter2';
  },
  'error-with-status-500': () => {
    throw Object.assign(new Error('upstream said: users table locked'), { statusCode: 500 });
  },
  'internal-server-error-exception': () => {
    throw new InternalServerErrorException('db pool exhausted at /srv/app/pool.ts:12:3');
  },
};

@Controller({ path: 'faulty', version: '1' })
class FaultyController {
  @Get(':fault')
  fail(@Param('fault') fault: string): unknown {
    return FAULTS[fault]?.();
  }
}

/** What helmet sets with the CSP of `security-headers.ts`, spelled out: none may go missing. */
const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';" +
    "frame-ancestors 'self';img-src 'self' data: validator.swagger.io;object-src 'none';" +
    "script-src 'self' 'unsafe-inline';script-src-attr 'none';style-src 'self' 'unsafe-inline';" +
    "worker-src 'self' blob:",
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
};
const KIB = 1024;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A JSON object of exactly `bytes` bytes. */
function jsonOfSize(bytes: number): string {
  const shell = JSON.stringify({ username: '' });
  return JSON.stringify({ username: 'x'.repeat(bytes - shell.length) });
}

describe('HTTP behaviour', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const postRaw = (url: string, contentType: string, body: string | Buffer) =>
    t.http().post(url).set('Content-Type', contentType).send(body);

  describe('GET /api/health', () => {
    it('answers 200 {status: "ok"} with the database up', async () => {
      const res = await t.http().get('/api/health').expect(200);
      expect(res.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
    });

    it('is not under the versioned prefix', async () => {
      expectProblem(await t.http().get('/api/v1/health'), 404, 'NOT_FOUND');
    });
  });

  describe('unknown routes and methods', () => {
    it.each([
      ['GET', '/api/v1/nope'],
      ['GET', '/nope'],
      ['GET', '/api/v2/users/me'],
      ['POST', '/api/v1/users'],
    ])('answers 404 NOT_FOUND for the unknown route %s %s', async (method, url) => {
      const res = await t.http()[method.toLowerCase() as 'get' | 'post'](url);
      const problem = expectProblem(res, 404, 'NOT_FOUND');
      expect(problem.detail).toBe(`No route ${method} ${url}.`);
    });

    it.each([
      ['GET', '/api/v1/auth/login'],
      ['PUT', '/api/v1/auth/register'],
      ['DELETE', '/api/v1/users/me/password'],
      ['PUT', '/api/v1/users/me'],
      ['POST', '/api/health'],
    ])('answers 404 NOT_FOUND for the wrong method %s %s', async (method, url) => {
      const verb = method.toLowerCase() as 'get' | 'put' | 'delete' | 'patch' | 'post';
      expectProblem(await t.http()[verb](url), 404, 'NOT_FOUND');
    });

    it('answers 404 before looking at the body: malformed, non-JSON or oversized', async () => {
      expectProblem(await postRaw('/api/v1/nope', 'application/json', '{"a":'), 404, 'NOT_FOUND');
      expectProblem(await postRaw('/api/v1/nope', 'text/plain', 'hello'), 404, 'NOT_FOUND');
      const big = jsonOfSize(80 * KIB);
      expectProblem(await postRaw('/api/v1/nope', 'application/json', big), 404, 'NOT_FOUND');
      expectProblem(
        await t.http().put('/api/v1/auth/login').set('Content-Type', 'application/json').send(big),
        404,
        'NOT_FOUND',
      );
    });

    it('drops the query string from the detail', async () => {
      const res = await t.http().get('/api/v1/nope?token=secret');
      expect(expectProblem(res, 404, 'NOT_FOUND').detail).toBe('No route GET /api/v1/nope.');
    });
  });

  describe('request bodies', () => {
    it.each([
      ['unterminated', '{"username":'],
      ['single-quoted', "{'username':'x'}"],
      ['trailing comma', '{"username":"x",}'],
      ['prototype pollution', '{"__proto__":{"isAdmin":true}}'],
    ])('answers 400 VALIDATION_FAILED for malformed JSON (%s)', async (_label, body) => {
      const res = await postRaw('/api/v1/auth/register', 'application/json', body);
      const problem = expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(problem.detail).toBe('The request body is not valid JSON.');
      expect(problem.errors).toBeUndefined();
    });

    it.each([
      ['an array', '[]'],
      ['an array of objects', '[{"token":"x"}]'],
      ['a number', '42'],
      ['a string', '"token"'],
      ['null', 'null'],
      ['true', 'true'],
    ])('answers 400 VALIDATION_FAILED for a JSON body that is %s', async (_label, body) => {
      const res = await postRaw('/api/v1/auth/verify', 'application/json', body);
      const problem = expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(problem.detail).toBe('The request body must be a JSON object.');
    });

    // Found by the fuzzer: class-transformer walked these recursively and overflowed the stack (500).
    it.each([
      ['an array', `{"token":${'['.repeat(30_000)}${']'.repeat(30_000)}}`],
      ['an object', `{"token":${'{"a":'.repeat(9_000)}1${'}'.repeat(9_000)}}`],
      ['the body itself', `${'['.repeat(33)}${']'.repeat(33)}`],
    ])(
      'answers 400 VALIDATION_FAILED, not 500, for %s nested more than 32 deep',
      async (_label, body) => {
        const res = await postRaw('/api/v1/auth/verify', 'application/json', body);
        const problem = expectProblem(res, 400, 'VALIDATION_FAILED');
        expect(problem.detail).toBe('The request body nests arrays or objects more than 32 deep.');
      },
    );

    it('validates a body nested exactly 32 deep, and ignores brackets inside strings', async () => {
      const deep = `{"token":${'['.repeat(31)}${']'.repeat(31)}}`;
      expect(
        expectProblem(
          await postRaw('/api/v1/auth/verify', 'application/json', deep),
          400,
          'VALIDATION_FAILED',
        ).errors,
      ).toEqual([{ field: 'token', message: 'token must be a string' }]);
      const text = JSON.stringify({ token: `${'['.repeat(100)}\\"{{{` });
      expectProblem(
        await postRaw('/api/v1/auth/verify', 'application/json', text),
        401,
        'UNAUTHENTICATED',
      );
    });

    it('accepts a body of exactly 64 KiB and answers 413 PAYLOAD_TOO_LARGE one byte over', async () => {
      const atLimit = await postRaw(
        '/api/v1/auth/verify',
        'application/json',
        jsonOfSize(64 * KIB),
      );
      // Read and validated: the field is too long, not the body.
      expect(expectProblem(atLimit, 400, 'VALIDATION_FAILED').errors).toEqual([
        { field: 'username', message: 'property username should not exist' },
        { field: 'token', message: 'token must be a string' },
      ]);

      const over = await postRaw(
        '/api/v1/auth/verify',
        'application/json',
        jsonOfSize(64 * KIB + 1),
      );
      expectProblem(over, 413, 'PAYLOAD_TOO_LARGE');
    });

    it('answers 413 before 415 for an oversized body that is not JSON', async () => {
      const res = await postRaw('/api/v1/auth/login', 'text/plain', 'x'.repeat(65 * KIB));
      expectProblem(res, 413, 'PAYLOAD_TOO_LARGE');
    });

    it.each([
      ['text/plain', 'username=x'],
      ['application/x-www-form-urlencoded', 'username=x&password=y'],
      [
        'multipart/form-data; boundary=x',
        '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--x--',
      ],
      ['application/xml', '<login/>'],
      ['application/json-patch+json', '[]'],
    ])('answers 415 UNSUPPORTED_MEDIA_TYPE for a body of type %s', async (contentType, body) => {
      const res = await postRaw('/api/v1/auth/login', contentType, body);
      expectProblem(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
    });

    it('accepts application/json with a charset parameter', async () => {
      const res = await postRaw(
        '/api/v1/auth/verify',
        'application/json; charset=utf-8',
        '{"token":"x"}',
      );
      expectProblem(res, 401, 'UNAUTHENTICATED');
    });

    it('treats an empty body of any content type as no body (then validated)', async () => {
      for (const contentType of ['text/plain', 'application/json', 'application/octet-stream']) {
        const res = await postRaw('/api/v1/auth/logout', contentType, '');
        expect(expectProblem(res, 400, 'VALIDATION_FAILED').errors).toEqual([
          { field: 'refresh_token', message: 'refresh_token must be a string' },
        ]);
      }
    });
  });

  describe('headers', () => {
    it('sends X-Content-Type-Options: nosniff and no X-Powered-By on every kind of response', async () => {
      const user = await createUser(t);
      const responses = await Promise.all([
        t.http().get('/api/health'),
        t.http().get('/api/v1/users/me').set(user.auth),
        t.http().get('/api/v1/users/me'),
        t.http().get('/api/v1/nope'),
        t.http().post('/api/v1/auth/verify').send({}),
        postRaw('/api/v1/auth/verify', 'text/plain', 'x'),
        t.http().get('/api/docs-json'),
      ]);
      expect(responses.map((res) => res.status)).toEqual([200, 200, 401, 404, 400, 415, 200]);
      for (const res of responses) {
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.headers['x-powered-by']).toBeUndefined();
      }
    });

    it('sends the same security headers (CSP and the rest of helmet) on every kind of response', async () => {
      const user = await createUser(t);
      const responses = await Promise.all([
        t.http().get('/api/health'),
        t.http().get('/api/v1/events').set(user.auth),
        t.http().get('/api/v1/nope'),
        t.http().post('/api/v1/auth/verify').send({}),
        t.http().get('/api/docs-json'),
      ]);
      for (const res of responses) {
        const security = Object.fromEntries(
          Object.keys(SECURITY_HEADERS).map((name) => [name, res.headers[name]]),
        );
        expect(security).toEqual(SECURITY_HEADERS);
      }
    });

    it('sends Cache-Control: no-store on token responses', async () => {
      const user = await createUser(t);
      const login = await t
        .http()
        .post('/api/v1/auth/login')
        .send({ username: user.username, password: user.password })
        .expect(200);
      const refreshed = await t
        .http()
        .post('/api/v1/auth/refresh')
        .send({ refresh_token: login.body.refresh_token })
        .expect(200);
      const verified = await t
        .http()
        .post('/api/v1/auth/verify')
        .send({ token: refreshed.body.access_token })
        .expect(200);
      for (const res of [login, refreshed, verified]) {
        expect(res.headers['cache-control']).toBe('no-store');
      }
    });

    it('answers with a fresh UUID in X-Request-Id when the client sends none', async () => {
      const [a, b] = await Promise.all([t.http().get('/api/health'), t.http().get('/api/health')]);
      expect(a.headers['x-request-id']).toMatch(UUID);
      expect(b.headers['x-request-id']).toMatch(UUID);
      expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id']);
    });

    it("echoes the client's X-Request-Id, on errors too", async () => {
      const ok = await t.http().get('/api/health').set('X-Request-Id', 'trace-42.a_b');
      const missing = await t.http().get('/api/v1/nope').set('X-Request-Id', 'trace-43');
      const invalid = await postRaw('/api/v1/auth/login', 'application/json', '{').set(
        'X-Request-Id',
        'trace-44',
      );
      expect(ok.headers['x-request-id']).toBe('trace-42.a_b');
      expect(missing.headers['x-request-id']).toBe('trace-43');
      expect(invalid.headers['x-request-id']).toBe('trace-44');
    });

    it.each([
      ['with spaces', 'a b'],
      ['with a header injection attempt', 'a\tb'],
      ['longer than 64 characters', 'a'.repeat(65)],
      ['with other punctuation', '<script>'],
    ])('replaces an X-Request-Id %s by a UUID', async (_label, id) => {
      const res = await t.http().get('/api/health').set('X-Request-Id', id);
      expect(res.headers['x-request-id']).toMatch(UUID);
    });
  });

  describe('unexpected faults', () => {
    it('answers 500 INTERNAL with a generic detail and no SQL when the database fails', async () => {
      const broken = await createTestApp();
      try {
        const user = await createUser(broken);
        await broken.dataSource.query('DROP TABLE sessions');

        const res = await broken
          .http()
          .post('/api/v1/auth/login')
          .send({ username: user.username, password: user.password });
        const problem = expectProblem(res, 500, 'INTERNAL');
        expect(problem.detail).toBe('An unexpected error occurred.');
        expect(res.text).not.toMatch(/sessions|no such table|relation/i);
      } finally {
        await broken.close();
      }
    });

    describe('from a route made to throw', () => {
      let faulty: TestApp;

      beforeAll(async () => {
        faulty = await createTestApp({}, { controllers: [FaultyController] });
      });
      afterAll(() => faulty.close());

      it.each(Object.keys(FAULTS))(
        'answers a route throwing %s with a generic 500 INTERNAL: no message, stack, SQL or path',
        async (fault) => {
          const res = await faulty
            .http()
            .get(`/api/v1/faulty/${fault}`)
            .set('X-Request-Id', `fault-${fault}`);
          expect(expectProblem(res, 500, 'INTERNAL')).toEqual({
            type: 'urn:event-manager:problem:internal',
            title: 'Internal server error',
            status: 500,
            detail: 'An unexpected error occurred.',
            code: 'INTERNAL',
          });
          expect(res.headers['x-request-id']).toBe(`fault-${fault}`);
          expect(res.text).not.toMatch(/secret|users|\/srv|password/i);
        },
      );
    });
  });
});
