import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { Webhook } from 'standardwebhooks';
import { createTestApp, TestApp } from './app.factory';
import {
  createEvent,
  createUsers,
  EVENTS,
  HOUR,
  expectProblem,
  expectValidation,
} from './event-factories';
import { TestUser } from './factories';
import { WebhookReceiver } from './support/webhook-receiver';

// Deliveries happen in the background: a test waits for them (polling, never a fixed sleep).
jest.setTimeout(30_000);

const WEBHOOKS = '/api/v1/webhooks';
const METRICS = 'metrics-token-for-the-webhook-tests-0123456789';
const SECRET = /^whsec_[A-Za-z0-9+/]{43}=$/;

/** Webhooks through the real app: the API, the outbox, the relay and deliveries to a real receiver. */
describe('webhooks', () => {
  let t: TestApp;
  let owner: TestUser;
  let other: TestUser;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    t = await createTestApp({
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
      WEBHOOK_RETRY_SCHEDULE: '0,0',
      METRICS_TOKEN: METRICS,
    });
    [owner, other] = await createUsers(t, 2);
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    receiver = await new WebhookReceiver().start();
  });
  afterEach(async () => {
    // A webhook per test: the owner's earlier ones are removed so they do not receive this test's.
    const list = await t.http().get(WEBHOOKS).set(owner.auth).expect(200);
    for (const hook of list.body.items as Array<{ id: number }>) {
      await t.http().delete(`${WEBHOOKS}/${hook.id}`).set(owner.auth).expect(204);
    }
    await receiver.close();
  });

  const create = (body: Record<string, unknown>, user = owner) =>
    t.http().post(WEBHOOKS).set(user.auth).send(body);
  const subscribe = async (events: string[] = ['*']) =>
    (await create({ url: receiver.url, events }).expect(201)).body as {
      id: number;
      secret: string;
    };
  const deliveries = async (id: number) =>
    (await t.http().get(`${WEBHOOKS}/${id}/deliveries`).set(owner.auth).expect(200)).body
      .items as Array<Record<string, unknown>>;

  describe('managing', () => {
    it('creates, shows the secret once, lists, changes and deletes', async () => {
      const res = await create({
        url: receiver.url,
        events: ['event.created'],
        description: ' CRM ',
      }).expect(201);
      expect(res.body).toEqual({
        id: expect.any(Number),
        url: receiver.url,
        events: ['event.created'],
        description: 'CRM',
        active: true,
        disabledReason: null,
        secret: expect.stringMatching(SECRET),
        createdAt: expect.any(String),
      });
      const { id } = res.body as { id: number };
      const one = await t.http().get(`${WEBHOOKS}/${id}`).set(owner.auth).expect(200);
      expect(one.body).not.toHaveProperty('secret');
      const list = await t.http().get(WEBHOOKS).set(owner.auth).expect(200);
      expect((list.body.items as Array<{ id: number }>).map((hook) => hook.id)).toEqual([id]);
      const patched = await t
        .http()
        .patch(`${WEBHOOKS}/${id}`)
        .set(owner.auth)
        .send({ events: ['event.cancelled', 'waitlist.promoted'], active: false })
        .expect(200);
      expect(patched.body).toMatchObject({
        events: ['event.cancelled', 'waitlist.promoted'],
        active: false,
        description: 'CRM',
      });
    });

    /** Every operation on the webhook `id`, as `as`, expected to be 404 WEBHOOK_NOT_FOUND. */
    async function expectNotFoundEverywhere(id: number, as: TestUser['auth']): Promise<void> {
      const operations = [
        t.http().get(`${WEBHOOKS}/${id}`).set(as),
        t.http().patch(`${WEBHOOKS}/${id}`).set(as).send({ active: false }),
        t.http().delete(`${WEBHOOKS}/${id}`).set(as),
        t.http().post(`${WEBHOOKS}/${id}/secret`).set(as),
        t.http().get(`${WEBHOOKS}/${id}/deliveries`).set(as),
        t.http().post(`${WEBHOOKS}/${id}/deliveries/1/retry`).set(as),
      ];
      for (const operation of operations) expectProblem(await operation, 404, 'WEBHOOK_NOT_FOUND');
    }

    it("is another user's 404 WEBHOOK_NOT_FOUND for every operation", async () => {
      const { id } = await subscribe();
      await expectNotFoundEverywhere(id, other.auth);
      expect((await t.http().get(WEBHOOKS).set(other.auth).expect(200)).body.items).toEqual([]);
      expect(
        (await t.http().get(`${WEBHOOKS}/${id}`).set(owner.auth).expect(200)).body.active,
      ).toBe(true);
    });

    it('is 404 WEBHOOK_NOT_FOUND for an id past the id columns, on every operation', async () => {
      const { id } = await subscribe();
      await expectNotFoundEverywhere(2_147_483_648, owner.auth);
      expectProblem(
        await t.http().post(`${WEBHOOKS}/${id}/deliveries/2147483648/retry`).set(owner.auth),
        404,
        'WEBHOOK_NOT_FOUND',
      );
    });

    it.each([
      ['a relative url', { url: '/hook', events: ['*'] }, 'url'],
      ['another scheme', { url: 'ftp://example.com/x', events: ['*'] }, 'url'],
      ['credentials', { url: 'https://user:pw@example.com/x', events: ['*'] }, 'url'],
      [
        'a url over 2000 characters',
        { url: `https://example.com/${'a'.repeat(2000)}`, events: ['*'] },
        'url',
      ],
      ['no events', { url: 'https://example.com/x', events: [] }, 'events'],
      ['an unknown type', { url: 'https://example.com/x', events: ['event.exploded'] }, 'events'],
      [
        '* beside types',
        { url: 'https://example.com/x', events: ['*', 'event.created'] },
        'events',
      ],
      [
        'a repeated type',
        { url: 'https://example.com/x', events: ['event.created', 'event.created'] },
        'events',
      ],
    ])('refuses %s with a 400 and stores nothing', async (_name, body, field) => {
      expectValidation(await create(body), [field]);
      expect((await t.http().get(WEBHOOKS).set(owner.auth).expect(200)).body.items).toEqual([]);
    });
  });

  describe('delivering', () => {
    it('POSTs a committed change, signed as Standard Webhooks verifies it', async () => {
      const { id, secret } = await subscribe(['event.created']);
      const event = await createEvent(t, owner, { name: 'Signed' });
      const [request] = await receiver.waitFor(1);
      const verified = new Webhook(secret).verify(request!.body, {
        'webhook-id': String(request!.headers['webhook-id']),
        'webhook-timestamp': String(request!.headers['webhook-timestamp']),
        'webhook-signature': String(request!.headers['webhook-signature']),
      });
      expect(verified).toEqual({
        type: 'event.created',
        timestamp: expect.any(String),
        data: {
          event: {
            id: event.id,
            name: 'Signed',
            startsAt: event.startsAt,
            endsAt: event.endsAt,
            status: 'upcoming',
            version: 1,
            seriesId: null,
          },
        },
      });
      expect(request!.headers['content-type']).toBe('application/json');
      const log = await waitForStatus(() => deliveries(id), 'succeeded');
      expect(log).toEqual([
        expect.objectContaining({
          messageId: request!.headers['webhook-id'],
          type: 'event.created',
          status: 'succeeded',
          attempts: 1,
          lastStatusCode: 204,
          lastError: null,
          nextAttemptAt: null,
        }),
      ]);
    });

    it('tells nothing of a refused change, nor of types not subscribed', async () => {
      const { id } = await subscribe(['event.updated']);
      const event = await createEvent(t, owner, { capacity: 2 });
      await t.http().post(`${EVENTS}/${event.id}/registration`).set(other.auth).expect(201);
      const [third] = await createUsers(t, 1);
      await t.http().post(`${EVENTS}/${event.id}/registration`).set(third.auth).expect(201);
      // Capacity below the attendees: 409 in the transaction, so nothing is told.
      const refused = await t
        .http()
        .patch(`${EVENTS}/${event.id}`)
        .set(owner.auth)
        .send({ capacity: 1 });
      expectProblem(refused, 409, 'CAPACITY_BELOW_ATTENDEES');
      await t
        .http()
        .patch(`${EVENTS}/${event.id}`)
        .set(owner.auth)
        .send({ name: 'Renamed' })
        .expect(200);
      const [request] = await receiver.waitFor(1);
      expect(JSON.parse(request!.body)).toMatchObject({
        type: 'event.updated',
        data: { event: { name: 'Renamed', version: 2 } },
      });
      await drained(t);
      expect(await deliveries(id)).toHaveLength(1);
      expect(receiver.received).toHaveLength(1);
    });

    it('never tells a `*` webhook of what only mail tells: a password change, a reminder', async () => {
      const { id } = await subscribe(['*']);
      await t
        .http()
        .post('/api/v1/users/me/password')
        .set(owner.auth)
        .send({ currentPassword: owner.password, newPassword: 'a-password-for-the-hooks' })
        .expect(204);
      owner.password = 'a-password-for-the-hooks';
      // Starts within REMINDER_LEAD (a day): its reminder is armed at once.
      const event = await createEvent(t, owner, {
        startsAt: new Date(Date.now() + HOUR).toISOString(),
        endsAt: new Date(Date.now() + 2 * HOUR).toISOString(),
      });
      const deadline = Date.now() + 15_000;
      for (;;) {
        const armed = await t.dataSource.query<unknown[]>(
          `SELECT id FROM outbox_messages WHERE type = 'event.reminder' AND event_id = ${event.id}`,
        );
        if (armed.length > 0) break;
        if (Date.now() > deadline) throw new Error('the reminder was never armed');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await drained(t);
      await receiver.waitFor(1);
      expect((await deliveries(id)).map((delivery) => delivery.type)).toEqual(['event.created']);
      expect(receiver.received).toHaveLength(1);
    });

    it('retries a failed attempt with the same webhook-id, then succeeds', async () => {
      const { id } = await subscribe(['event.created']);
      receiver.answer(503, 500);
      await createEvent(t, owner);
      const requests = await receiver.waitFor(3);
      expect(new Set(requests.map((r) => r.headers['webhook-id'])).size).toBe(1);
      const [delivery] = await waitForStatus(() => deliveries(id), 'succeeded');
      expect(delivery).toMatchObject({ attempts: 3, lastStatusCode: 204 });
      const scrape = await t.http().get('/api/metrics').set('Authorization', `Bearer ${METRICS}`);
      const attempts = parsePrometheusTextFormat(scrape.text).find(
        (family) => family.name === 'outbox_delivery_attempts_total',
      );
      const count = (outcome: string) =>
        Number(
          attempts?.metrics.find(
            (m) => m.labels?.channel === 'webhook' && m.labels?.outcome === outcome,
          )?.value ?? 0,
        );
      expect(count('retried')).toBeGreaterThanOrEqual(2);
      expect(count('succeeded')).toBeGreaterThanOrEqual(1);
    });

    it('fails after the last retry, and POST …/retry tries once more', async () => {
      const { id } = await subscribe(['event.created']);
      receiver.answer(500, 302, 500);
      await createEvent(t, owner);
      await receiver.waitFor(3);
      const [failed] = await waitForStatus(() => deliveries(id), 'failed');
      expect(failed).toMatchObject({
        attempts: 3,
        lastStatusCode: 500,
        lastError: 'HTTP 500',
        nextAttemptAt: null,
      });
      expect(receiver.received[1]!.status).toBe(302); // not followed: the next request is the retry
      await t
        .http()
        .post(`${WEBHOOKS}/${id}/deliveries/${failed!.id as number}/retry`)
        .set(owner.auth)
        .expect(202);
      await receiver.waitFor(4);
      const [retried] = await waitForStatus(() => deliveries(id), 'succeeded');
      expect(retried).toMatchObject({ attempts: 4, lastStatusCode: 204 });
    });

    it('turns the webhook off on 410 Gone', async () => {
      const { id } = await subscribe(['event.created']);
      receiver.answer(410);
      await createEvent(t, owner);
      await receiver.waitFor(1);
      await waitForStatus(() => deliveries(id), 'failed');
      const hook = await t.http().get(`${WEBHOOKS}/${id}`).set(owner.auth).expect(200);
      expect(hook.body).toMatchObject({
        active: false,
        disabledReason: expect.stringContaining('410'),
      });
      await createEvent(t, owner);
      await drained(t);
      expect(await deliveries(id)).toHaveLength(1);
      expect(receiver.received).toHaveLength(1);
    });

    it('signs with the old and the new secret for a day after a rotation', async () => {
      const { id, secret: old } = await subscribe(['event.created']);
      const rotated = await t.http().post(`${WEBHOOKS}/${id}/secret`).set(owner.auth).expect(200);
      expect(rotated.body).toEqual({ secret: expect.stringMatching(SECRET) });
      await createEvent(t, owner);
      const [request] = await receiver.waitFor(1);
      const signatures = String(request!.headers['webhook-signature']).split(' ');
      expect(signatures).toHaveLength(2);
      for (const secret of [old, rotated.body.secret as string]) {
        for (const signature of signatures) {
          const headers = {
            'webhook-id': String(request!.headers['webhook-id']),
            'webhook-timestamp': String(request!.headers['webhook-timestamp']),
            'webhook-signature': signature,
          };
          const verify = () => new Webhook(secret).verify(request!.body, headers);
          // each secret verifies exactly its own signature
          if (signatures.indexOf(signature) === (secret === old ? 1 : 0))
            expect(verify).not.toThrow();
          else expect(verify).toThrow();
        }
      }
    });
  });
});

// Its own app, after the first one closed: passport keeps one "jwt" strategy per process, so a
// second app open beside the first would take over its token checks.
describe('webhooks: the SSRF rule', () => {
  let strict: TestApp;
  let user: TestUser;
  beforeAll(async () => {
    strict = await createTestApp();
    [user] = await createUsers(strict, 1);
  });
  afterAll(() => strict.close());

  it.each([
    'http://127.0.0.1/x',
    'http://127.1.2.3:8080/x',
    'http://localhost/x',
    'http://[::1]/x',
    'http://[::ffff:127.0.0.1]/x',
    'http://[::ffff:7f00:1]/x',
    'http://10.0.0.1/x',
    'http://172.16.5.4/x',
    'http://192.168.1.1/x',
    'http://169.254.169.254/latest/meta-data',
    'http://100.64.0.1/x',
    'http://224.0.0.1/x',
    'http://0.0.0.0/x',
    'http://[::]/x',
    'http://[fe80::1]/x',
    'http://[fc00::1]/x',
  ])('refuses %s at creation (400 on url)', async (url) => {
    const res = await strict
      .http()
      .post(WEBHOOKS)
      .set(user.auth)
      .send({ url, events: ['*'] });
    expectValidation(res, ['url']);
  });

  it('accepts a public address', async () => {
    await strict
      .http()
      .post(WEBHOOKS)
      .set(user.auth)
      .send({ url: 'https://93.184.216.34/hook', events: ['*'] })
      .expect(201);
  });
});

/** Polls until every delivery has `status`; answers them. */
async function waitForStatus(
  read: () => Promise<Array<Record<string, unknown>>>,
  status: string,
): Promise<Array<Record<string, unknown>>> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const rows = await read();
    if (rows.length > 0 && rows.every((row) => row.status === status)) return rows;
    if (Date.now() > deadline)
      throw new Error(`deliveries never all ${status}: ${JSON.stringify(rows)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Resolves once the relay has fanned out every recorded message (deliveries are then final). */
async function drained(t: TestApp): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const [row] = await t.dataSource.query<Array<{ n: number | string }>>(
      'SELECT COUNT(*) AS n FROM outbox_messages WHERE dispatched_at IS NULL',
    );
    if (Number(row!.n) === 0) return;
    if (Date.now() > deadline) throw new Error('the outbox was never drained');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
