import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { MailCatcher } from './support/mail-catcher';
import {
  assertBuilt,
  callApi,
  outboxServerEnv,
  runNode,
  ServerProcess,
  startServer,
} from './support/server-process';
import { openTestDatabase, TestDatabase } from './support/test-database';
import { WebhookReceiver } from './support/webhook-receiver';

/**
 * Two instances of the built server delivering from one PostgreSQL database: each of 1,000
 * webhook messages and 1,000 mails is attempted exactly once (the claims `SKIP LOCKED` each other's
 * rows), and both instances take part.
 */
const COUNT = 1_000;
const HOUR_MS = 3_600_000;
const METRICS_TOKEN = `metrics-${randomBytes(16).toString('hex')}`;
jest.setTimeout(300_000);

/** Runs `task(i)` for i < count, `width` at a time. */
async function inWaves(count: number, width: number, task: (i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < count) await task((next += 1) - 1);
    }),
  );
}

/** Polls `done()` (never a fixed sleep); fails with `what()` after `timeoutMs`. */
async function until(done: () => Promise<boolean>, what: () => string, timeoutMs = 180_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** This instance's successful attempts on `channel`, from its own metrics. */
async function succeededOn(server: ServerProcess, channel: string): Promise<number> {
  const res = await fetch(`${server.url}/api/metrics`, {
    headers: { authorization: `Bearer ${METRICS_TOKEN}` },
  });
  expect(res.status).toBe(200);
  const family = parsePrometheusTextFormat(await res.text()).find(
    (f) => f.name === 'outbox_delivery_attempts_total',
  );
  const metric = (family?.metrics ?? []).find(
    (m) => 'labels' in m && m.labels?.channel === channel && m.labels?.outcome === 'succeeded',
  );
  return metric && 'value' in metric ? Number(metric.value) : 0;
}

describe('two instances delivering 1,000 messages from one PostgreSQL database', () => {
  let database: TestDatabase;
  let db: Client;
  let receiver: WebhookReceiver;
  let catcher: MailCatcher;
  let a: ServerProcess;
  let b: ServerProcess;
  let owner: { id: number; access: string };

  beforeAll(async () => {
    assertBuilt();
    database = await openTestDatabase();
    receiver = await new WebhookReceiver().start();
    catcher = await new MailCatcher().start();
    const env = outboxServerEnv({ METRICS_TOKEN, SMTP_URL: catcher.url, ...database.env });
    expect(await runNode('dist/database/cli.js', env)).toBe(0);
    [a, b] = await Promise.all([
      startServer({ ...env, DB_MIGRATE: 'false' }),
      startServer({ ...env, DB_MIGRATE: 'false' }),
    ]);
    db = new Client({ connectionString: database.env.DATABASE_URL });
    await db.connect();
    const username = `owner_${randomBytes(3).toString('hex')}`;
    const password = 'correct-horse-battery';
    const created = await callApi(a, 'POST', '/auth/register', {
      body: { username, email: `${username}@example.com`, password },
    });
    expect(created.status).toBe(201);
    const tokens = await callApi(b, 'POST', '/auth/login', { body: { username, password } });
    owner = { id: created.body.id as number, access: tokens.body.access_token as string };
  }, 90_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await db?.end();
    await Promise.all([receiver?.close(), catcher?.close()]);
    await database?.drop();
  });

  it('makes exactly one successful attempt per webhook message (1,000 event creations)', async () => {
    const hook = await callApi(a, 'POST', '/webhooks', {
      token: owner.access,
      body: { url: receiver.url, events: ['event.created'] },
    });
    expect(hook.status).toBe(201);
    // Through the API (1,000 event creations are seconds), half on each instance.
    await inWaves(COUNT, 10, async (i) => {
      const reply = await callApi(i % 2 ? a : b, 'POST', '/events', {
        token: owner.access,
        body: {
          name: `Thousand ${i}`,
          startsAt: new Date(Date.now() + (24 + i) * HOUR_MS).toISOString(),
          endsAt: new Date(Date.now() + (25 + i) * HOUR_MS).toISOString(),
          capacity: 5,
        },
      });
      expect(reply.status).toBe(201);
    });

    const settled = async () => {
      const { rows } = await db.query<{ open: string }>(
        `SELECT COUNT(*) AS open FROM webhook_deliveries WHERE status <> 'succeeded'`,
      );
      return receiver.received.length >= COUNT && rows[0]!.open === '0';
    };
    await until(settled, () => `${receiver.received.length} of ${COUNT} webhooks arrived`);

    const perId = new Map<string, number>();
    for (const request of receiver.received) {
      const id = String(request.headers['webhook-id']);
      perId.set(id, (perId.get(id) ?? 0) + 1);
    }
    expect(perId.size).toBe(COUNT);
    expect([...perId.values()].every((n) => n === 1)).toBe(true);
    const { rows } = await db.query<{ status: string; attempts: number; n: string }>(
      `SELECT status, attempts, COUNT(*) AS n FROM webhook_deliveries GROUP BY status, attempts`,
    );
    expect(rows).toEqual([{ status: 'succeeded', attempts: 1, n: String(COUNT) }]);
    // Both instances attempted some, together exactly the 1,000.
    const [onA, onB] = await Promise.all([succeededOn(a, 'webhook'), succeededOn(b, 'webhook')]);
    expect(onA).toBeGreaterThan(0);
    expect(onB).toBeGreaterThan(0);
    expect(onA + onB).toBe(COUNT);
  });

  it('sends each of 1,000 mails exactly once (a change told to 1,000 attendees)', async () => {
    const event = await callApi(a, 'POST', '/events', {
      token: owner.access,
      body: {
        name: 'A thousand seats',
        startsAt: new Date(Date.now() + 48 * HOUR_MS).toISOString(),
        endsAt: new Date(Date.now() + 50 * HOUR_MS).toISOString(),
        capacity: 2 * COUNT,
      },
    });
    expect(event.status).toBe(201);
    const eventId = event.body.id as number;
    // The attendees are written directly (1,000 sign-ups through the API would spend minutes on
    // password hashing); the change that mails them goes through the API.
    const prefix = `m${randomBytes(3).toString('hex')}`;
    const now = Date.now();
    await db.query(
      `INSERT INTO users (username, username_key, email, email_key, password_hash, created_at)
       SELECT $1 || '_' || g, $1 || '_' || g, $1 || '_' || g || '@example.com',
         $1 || '_' || g || '@example.com', 'not-a-hash', $2
       FROM generate_series(1, ${COUNT}) AS g`,
      [prefix, now],
    );
    await db.query(
      `INSERT INTO registrations (event_id, user_id, status, created_at)
       SELECT $1, id, 'attending', $2 FROM users WHERE username LIKE $3 ORDER BY id`,
      [eventId, now, `${prefix}\\_%`],
    );
    await db.query(`UPDATE events SET attendee_count = ${COUNT} WHERE id = $1`, [eventId]);
    const changed = await callApi(b, 'PATCH', `/events/${eventId}`, {
      token: owner.access,
      body: { name: 'A thousand seats, moved' },
    });
    expect(changed.status).toBe(200);

    const settled = async () => {
      const { rows } = await db.query<{ total: string; open: string }>(
        `SELECT COUNT(*) AS total, COUNT(*) FILTER (WHERE status <> 'sent') AS open
         FROM mails WHERE user_id IN (SELECT user_id FROM registrations WHERE event_id = $1)`,
        [eventId],
      );
      return rows[0]!.total === String(COUNT) && rows[0]!.open === '0';
    };
    await until(settled, () => `${catcher.mails.length} of ${COUNT} mails caught`);

    const changes = catcher.mails.filter((m) => m.subject === 'Changed: A thousand seats, moved');
    const perId = new Map<string, number>();
    for (const mail of changes)
      perId.set(String(mail.messageId), (perId.get(String(mail.messageId)) ?? 0) + 1);
    expect(perId.size).toBe(COUNT);
    expect([...perId.values()].every((n) => n === 1)).toBe(true);
    expect(new Set(changes.flatMap((m) => [m.to ?? []].flat().map((to) => to.text))).size).toBe(
      COUNT,
    );
    const { rows } = await db.query<{ attempts: number; n: string }>(
      `SELECT attempts, COUNT(*) AS n FROM mails WHERE outbox_message_id IN
         (SELECT message_id FROM outbox_messages WHERE event_id = $1 AND type = 'event.updated')
       GROUP BY attempts`,
      [eventId],
    );
    expect(rows).toEqual([{ attempts: 1, n: String(COUNT) }]);
    const [onA, onB] = await Promise.all([succeededOn(a, 'mail'), succeededOn(b, 'mail')]);
    expect(onA).toBeGreaterThan(0);
    expect(onB).toBeGreaterThan(0);
    expect(onA + onB).toBe(COUNT);
  });
});
