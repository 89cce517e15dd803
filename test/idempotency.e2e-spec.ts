import { randomUUID } from 'node:crypto';
import { Controller, HttpCode, Param, Post, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { JwtAuthGuard } from '../src/auth/guards/jwt-auth.guard';
import { requestFingerprint } from '../src/idempotency/idempotency-key';
import { LEASE_MS } from '../src/idempotency/idempotency.service';
import { keyHash } from '../src/idempotency/sealed-body';
import { createTestApp, TestApp } from './app.factory';
import { EVENTS, HOUR, DAY } from './event-factories';
import { createUser, login, TestUser, uniqueName } from './factories';
import { expectProblem } from './support/expect-problem';
import { TestClock } from './support/test-clock';

jest.setTimeout(30_000);

/** A POST that fails with a 500 until told otherwise, and answers with a Location header. */
const flaky = { failing: true, runs: 0, gate: Promise.resolve() };
@Controller({ path: 'flaky', version: '1' })
@UseGuards(JwtAuthGuard)
class FlakyController {
  @Post(':name')
  @HttpCode(201)
  async run(
    @Param('name') name: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<object> {
    flaky.runs += 1;
    if (flaky.failing) throw new Error('made to fail');
    await flaky.gate;
    void reply.header('Location', `/api/v1/flaky/${name}`);
    return { name, run: flaky.runs };
  }
}

const clock = new TestClock();
let t: TestApp;

function eventBody(name = uniqueName('event')) {
  const now = clock.now();
  return {
    name,
    startsAt: new Date(now + DAY).toISOString(),
    endsAt: new Date(now + DAY + 2 * HOUR).toISOString(),
    capacity: 5,
  };
}

/** `?` placeholders as the test database wants them. */
function param(text: string): string {
  let n = 0;
  return t.dataSource.driver.options.type === 'postgres'
    ? text.replace(/\?/g, () => `$${(n += 1)}`)
    : text;
}

async function eventsNamed(name: string): Promise<number> {
  const [row] = await t.dataSource.query<{ n: string | number }[]>(
    param('SELECT COUNT(*) AS n FROM events WHERE name = ?'),
    [name],
  );
  return Number(row?.n);
}

function post(user: TestUser, path: string, key?: string) {
  const req = t.http().post(path).set(user.auth);
  return key === undefined ? req : req.set('Idempotency-Key', key);
}

describe('Idempotency-Key on authenticated POSTs', () => {
  beforeAll(async () => {
    t = await createTestApp({}, { clock, controllers: [FlakyController] });
  });
  afterAll(() => t.close());

  it('replays the first response (status, body, ETag, Idempotent-Replayed) and creates one event', async () => {
    const owner = await createUser(t);
    const key = randomUUID();
    const body = eventBody();
    const first = await post(owner, EVENTS, key).send(body).expect(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(first.headers.etag).toBe('"1"');

    // The same body in another key order is the same request.
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const again = await post(owner, EVENTS, key).send(reordered).expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.headers.etag).toBe('"1"');
    expect(again.headers['content-type']).toBe(first.headers['content-type']);
    expect(again.body).toEqual(first.body);
    expect(await eventsNamed(body.name)).toBe(1);
    // The database holds neither the key nor the body in clear (see sealed-body.ts).
    const rows = await t.dataSource.query<{ key_hash: string; response_body: string }[]>(
      param('SELECT key_hash, response_body FROM idempotency_keys WHERE user_id = ?'),
      [owner.id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.key_hash).toBe(keyHash(key));
    expect(rows[0]?.response_body).not.toContain(body.name);
  });

  it('keeps Location, and answers a replay even when the state has moved on', async () => {
    flaky.failing = false;
    const user = await createUser(t);
    const key = randomUUID();
    const first = await post(user, '/api/v1/flaky/a', key).expect(201);
    expect(first.headers.location).toBe('/api/v1/flaky/a');
    const again = await post(user, '/api/v1/flaky/a', key).expect(201);
    expect(again.headers.location).toBe('/api/v1/flaky/a');
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
  });

  it('replays a registration instead of 409 ALREADY_REGISTERED, with one registration made', async () => {
    const owner = await createUser(t);
    const guest = await createUser(t);
    const event = (await post(owner, EVENTS).send(eventBody()).expect(201)).body as { id: number };
    const key = randomUUID();
    const path = `${EVENTS}/${event.id}/registration`;
    const first = await post(guest, path, key).send({}).expect(201);
    const again = await post(guest, path, key).send({}).expect(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const detail = await t.http().get(`${EVENTS}/${event.id}`).set(owner.auth).expect(200);
    expect(detail.body).toMatchObject({ attendeeCount: 1 });
    // Without the key a second registration is the usual 409.
    expectProblem(await post(guest, path).send({}), 409, 'ALREADY_REGISTERED');
  });

  it('replays a conditional cancellation before its If-Match is checked again (no 412)', async () => {
    const owner = await createUser(t);
    const event = (await post(owner, EVENTS).send(eventBody()).expect(201)).body as { id: number };
    const key = randomUUID();
    const path = `${EVENTS}/${event.id}/cancellation`;
    const first = await post(owner, path, key).set('If-Match', '"1"').send({}).expect(200);
    const again = await post(owner, path, key).set('If-Match', '"1"').send({}).expect(200);
    expect(again.body).toEqual(first.body);
    expect(again.headers.etag).toBe('"2"');
  });

  it('keeps a 4xx answer: the retry of an invalid request gets the same 400', async () => {
    const owner = await createUser(t);
    const key = randomUUID();
    const invalid = { ...eventBody(), capacity: -1 };
    const first = await post(owner, EVENTS, key).send(invalid);
    expectProblem(first, 400, 'VALIDATION_FAILED');
    const again = await post(owner, EVENTS, key).send(invalid);
    expectProblem(again, 400, 'VALIDATION_FAILED');
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
  });

  it('answers 422 IDEMPOTENCY_KEY_MISMATCH for the key with another body, path or query', async () => {
    const owner = await createUser(t);
    const key = randomUUID();
    const body = eventBody();
    await post(owner, EVENTS, key).send(body).expect(201);
    const otherBody = await post(owner, EVENTS, key).send({ ...body, capacity: 6 });
    expectProblem(otherBody, 422, 'IDEMPOTENCY_KEY_MISMATCH');
    const otherPath = await post(owner, '/api/v1/series', key).send(body);
    expectProblem(otherPath, 422, 'IDEMPOTENCY_KEY_MISMATCH');
    const otherQuery = await post(owner, `${EVENTS}?x=1`, key).send(body);
    expectProblem(otherQuery, 422, 'IDEMPOTENCY_KEY_MISMATCH');
    expect(await eventsNamed(body.name)).toBe(1);
  });

  it('runs one of 10 concurrent requests with the same key; the others wait (409) or replay', async () => {
    const owner = await createUser(t);
    const key = randomUUID();
    const body = eventBody();
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => post(owner, EVENTS, key).send(body)),
    );
    expect(await eventsNamed(body.name)).toBe(1);
    const ran = answers.filter((res) => res.status === 201 && !res.headers['idempotent-replayed']);
    expect(ran).toHaveLength(1);
    for (const res of answers) {
      if (res.status === 409) {
        expectProblem(res, 409, 'IDEMPOTENCY_KEY_IN_USE');
        expect(res.headers['retry-after']).toBe('1');
      } else {
        expect(res.status).toBe(201);
        expect(res.body).toEqual(ran[0]?.body);
      }
    }
  });

  it('answers 409 IDEMPOTENCY_KEY_IN_USE while a claim is live, and runs once its lease is over', async () => {
    const owner = await createUser(t);
    const key = randomUUID();
    const body = eventBody();
    const now = clock.now();
    // What an instance that died mid-request leaves behind: a running claim.
    await t.dataSource.query(
      param(
        `INSERT INTO idempotency_keys (user_id, key_hash, fingerprint, status, claim, lease_until, created_at, expires_at)
         VALUES (?, ?, ?, 'running', 'gone', ?, ?, ?)`,
      ),
      [
        owner.id,
        keyHash(key),
        requestFingerprint('POST', EVENTS, body),
        now + LEASE_MS,
        now,
        now + DAY,
      ],
    );
    const busy = await post(owner, EVENTS, key).send(body);
    expectProblem(busy, 409, 'IDEMPOTENCY_KEY_IN_USE');
    expect(busy.headers['retry-after']).toBe('1');
    expect(await eventsNamed(body.name)).toBe(0);

    clock.advance(LEASE_MS);
    try {
      const ran = await post(owner, EVENTS, key).send(body).expect(201);
      expect(ran.headers['idempotent-replayed']).toBeUndefined();
      expect(await eventsNamed(body.name)).toBe(1);
    } finally {
      clock.advance(-LEASE_MS);
    }
  });

  it('keeps the answer of a request whose client gave up waiting, so the retry replays it', async () => {
    flaky.failing = false;
    const user = await createUser(t);
    const key = randomUUID();
    let open: () => void = () => undefined;
    flaky.gate = new Promise((resolve) => (open = resolve));
    const runs = flaky.runs;
    // The client times out and closes the connection; the server goes on with the request.
    await expect(post(user, '/api/v1/flaky/slow', key).timeout(200)).rejects.toThrow(/timeout/i);
    expectProblem(await post(user, '/api/v1/flaky/slow', key), 409, 'IDEMPOTENCY_KEY_IN_USE');
    open();
    flaky.gate = Promise.resolve();
    let retry = await post(user, '/api/v1/flaky/slow', key);
    for (let i = 0; i < 30 && retry.status === 409; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      retry = await post(user, '/api/v1/flaky/slow', key);
    }
    expect(retry.status).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(flaky.runs).toBe(runs + 1);
  });

  it('scopes keys to the caller: the same key from two users runs twice', async () => {
    const [ada, bob] = [await createUser(t), await createUser(t)];
    const key = randomUUID();
    const name = uniqueName('event');
    await post(ada, EVENTS, key).send(eventBody(name)).expect(201);
    const second = await post(bob, EVENTS, key).send(eventBody(name)).expect(201);
    expect(second.headers['idempotent-replayed']).toBeUndefined();
    expect(await eventsNamed(name)).toBe(2);
  });

  it('does not keep a 5xx: the claim is released and a retry runs', async () => {
    const user = await createUser(t);
    const key = randomUUID();
    flaky.failing = true;
    expectProblem(await post(user, '/api/v1/flaky/b', key), 500, 'INTERNAL');
    flaky.failing = false;
    const runs = flaky.runs;
    const retry = await post(user, '/api/v1/flaky/b', key).expect(201);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
    expect(flaky.runs).toBe(runs + 1);
  });

  it.each([
    ['empty', ''],
    ['256 characters long', 'k'.repeat(256)],
    ['holding a space', 'a b'],
    ['holding a tab', 'a\tb'],
    ['non-ASCII', 'clé'],
  ])('answers 400 on Idempotency-Key for a key %s, and creates nothing', async (_label, key) => {
    const owner = await createUser(t);
    const body = eventBody();
    const res = await post(owner, EVENTS, key).send(body);
    expect(expectProblem(res, 400, 'VALIDATION_FAILED').errors).toEqual([
      expect.objectContaining({ field: 'Idempotency-Key' }),
    ]);
    expect(await eventsNamed(body.name)).toBe(0);
  });

  it('answers 400 for a key holding a control character (sent without a client-side check)', async () => {
    const owner = await createUser(t);
    const res = await t.app
      .getHttpAdapter()
      .getInstance()
      .inject({
        method: 'POST',
        url: EVENTS,
        headers: {
          ...owner.auth,
          'content-type': 'application/json',
          'idempotency-key': 'a\u0001b',
        },
        payload: JSON.stringify(eventBody()),
      });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ field: 'Idempotency-Key' }],
    });
  });

  it('answers 401 before looking at the key', async () => {
    const res = await t
      .http()
      .post(EVENTS)
      .set('Authorization', 'Bearer nonsense')
      .set('Idempotency-Key', '')
      .send(eventBody());
    expectProblem(res, 401, 'UNAUTHENTICATED');
  });

  it('ignores the header on unauthenticated POSTs (login runs every time)', async () => {
    const user = await createUser(t);
    const key = randomUUID();
    const send = () =>
      t
        .http()
        .post('/api/v1/auth/login')
        .set('Idempotency-Key', key)
        .send({ username: user.username, password: user.password })
        .expect(200);
    const [first, second] = [await send(), await send()];
    expect(second.headers['idempotent-replayed']).toBeUndefined();
    expect(second.body).not.toEqual(first.body);
  });

  it('forgets a key after 24 hours: the same key then runs again, and expired keys are deleted', async () => {
    const owner = await createUser(t);
    const key = randomUUID();
    const name = uniqueName('event');
    await post(owner, EVENTS, key).send(eventBody(name)).expect(201);
    clock.advance(DAY - 60_000);
    try {
      const relogged = await login(t, owner.username, owner.password);
      const auth = { Authorization: `Bearer ${relogged.access_token}` };
      const again = () => post({ ...owner, auth }, EVENTS, key).send(eventBody(name));
      // Still held within 24 hours: this body's times have moved with the clock, so a mismatch.
      expectProblem(await again(), 422, 'IDEMPOTENCY_KEY_MISMATCH');
      clock.advance(2 * 60_000);
      const fresh = await again();
      expect(fresh.status).toBe(201);
      expect(fresh.headers['idempotent-replayed']).toBeUndefined();
      expect(await eventsNamed(name)).toBe(2);
      const [left] = await t.dataSource.query<{ n: string | number }[]>(
        `SELECT COUNT(*) AS n FROM idempotency_keys WHERE expires_at <= ${clock.now()}`,
      );
      expect(Number(left?.n)).toBe(0);
    } finally {
      clock.advance(-(DAY + 60_000));
    }
  });
});

describe('Idempotency keys across a restart', () => {
  it('replays after the app restarts on the same database', async () => {
    let app = await createTestApp();
    try {
      const owner = await createUser(app);
      const key = randomUUID();
      const now = Date.now();
      const body = {
        name: uniqueName('event'),
        startsAt: new Date(now + DAY).toISOString(),
        endsAt: new Date(now + DAY + HOUR).toISOString(),
      };
      const first = await app
        .http()
        .post(EVENTS)
        .set(owner.auth)
        .set('Idempotency-Key', key)
        .send(body)
        .expect(201);
      await app.close({ keepDatabase: true });
      app = await createTestApp({ DB_PATH: app.dbPath });
      const again = await app
        .http()
        .post(EVENTS)
        .set(owner.auth)
        .set('Idempotency-Key', key)
        .send(body)
        .expect(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
    } finally {
      await app.close();
    }
  });
});
