import { randomBytes } from 'node:crypto';
import type { ParsedMail } from 'mailparser';
import { MailCatcher } from './support/mail-catcher';
import {
  assertBuilt,
  callApi,
  outboxServerEnv,
  ServerProcess,
  startServer,
} from './support/server-process';
import { openTestDatabase, TestDatabase } from './support/test-database';
import { WebhookReceiver } from './support/webhook-receiver';

/**
 * The outbox across a crash: a burst of committed changes while the receiver and the relay are
 * down, `kill -9` right after the last one was acknowledged (some not yet fanned out, none
 * delivered), then both come back and the server restarts on the same database. Every
 * acknowledged change must reach the receiver and the mailbox, at least once and at most twice.
 * A batch claimed at the kill keeps its lease (60 s, for a webhook and for a mail) and is attempted
 * again once it runs out: the test lets those 60 s pass for the leased rows alone (their
 * `locked_until` moved back by the lease, as a clock moved forward would) instead of sleeping.
 */

const LEASES_MS = 60_000;
const WAIT_MS = 60_000;
jest.setTimeout(WAIT_MS + 120_000);

const PASSWORD = 'correct-horse-battery';
const HOUR_MS = 3_600_000;

interface Person {
  id: number;
  username: string;
  access: string;
}

const addressOf = (person: Person) => `${person.username}@example.com`;

async function signUp(server: ServerProcess, name: string): Promise<Person> {
  const username = `${name}_${randomBytes(3).toString('hex')}`;
  const created = await callApi(server, 'POST', '/auth/register', {
    body: { username, email: `${username}@example.com`, password: PASSWORD },
  });
  expect(created.status).toBe(201);
  const tokens = await callApi(server, 'POST', '/auth/login', {
    body: { username, password: PASSWORD },
  });
  expect(tokens.status).toBe(200);
  return { id: created.body.id as number, username, access: tokens.body.access_token as string };
}

/** Waits (polling) until `done()` holds; fails with `what()` after `timeoutMs`. */
async function until(done: () => boolean, what: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** How often each key occurs. */
function tally(keys: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}

describe('kill -9 between commit and delivery (outbox)', () => {
  let database: TestDatabase;
  let receiver: WebhookReceiver;
  let catcher: MailCatcher;
  let env: Record<string, string>;
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    assertBuilt();
    database = await openTestDatabase();
    receiver = await new WebhookReceiver().start();
    catcher = await new MailCatcher().start();
    env = outboxServerEnv({
      // Retries every second for as long as the burst keeps the receivers down.
      WEBHOOK_RETRY_SCHEDULE: Array(20).fill('1').join(','),
      SMTP_URL: catcher.url,
      MAIL_FROM: 'Crash Test <events@example.test>',
      ...database.env,
    });
  }, 60_000);

  afterAll(async () => {
    await server?.stop('SIGKILL');
    await Promise.all([receiver?.close(), catcher?.close()]);
    await database?.drop();
  });

  it('delivers every acknowledged change after a restart: never lost, at most one duplicate', async () => {
    const first = await startServer(env);
    server = first;
    const owner = await signUp(first, 'owner');
    const people = await Promise.all(
      Array.from({ length: 30 }, (_, i) => signUp(first, `person${i}`)),
    );
    const hook = await callApi(first, 'POST', '/webhooks', {
      token: owner.access,
      body: { url: receiver.url, events: ['*'] },
    });
    expect(hook.status).toBe(201);
    const newEvent = async (name: string, hours: number) => {
      const reply = await callApi(first, 'POST', '/events', {
        token: owner.access,
        body: {
          name,
          startsAt: new Date(Date.now() + hours * HOUR_MS).toISOString(),
          endsAt: new Date(Date.now() + (hours + 1) * HOUR_MS).toISOString(),
          capacity: 50,
        },
      });
      expect(reply.status).toBe(201);
      return reply.body.id as number;
    };
    // Three events of ten attendees each: a change to one mails its ten.
    const [moved, renamed, cancelled] = [
      await newEvent('Crash party A', 48),
      await newEvent('Crash party B', 49),
      await newEvent('Crash party C', 50),
    ];
    const groups = [people.slice(0, 10), people.slice(10, 20), people.slice(20, 30)];
    await Promise.all(
      [moved, renamed, cancelled].flatMap((eventId, g) =>
        groups[g]!.map(async (person) => {
          const reply = await callApi(first, 'POST', `/events/${eventId}/registration`, {
            token: person.access,
          });
          expect(reply.status).toBe(201);
        }),
      ),
    );

    // What the setup sent arrives first (3 event.created, 30 registration.created and their mails);
    // then the receivers go away, so nothing of the burst is delivered before the kill.
    await until(
      () => receiver.received.length >= 33 && catcher.mails.length >= 30,
      () =>
        `the setup's deliveries: ${receiver.received.length} webhooks, ${catcher.mails.length} mails`,
      60_000,
    );
    const ports = { receiver: Number(new URL(receiver.url).port), catcher: catcher.port };
    await Promise.all([receiver.close(), catcher.close()]);

    // The burst, all at once: 30 event creations (a webhook each), two event changes and a
    // cancellation (a webhook each, a mail to each of their ten), and 10 password changes (a mail
    // each). What was acknowledged is what must be delivered.
    const created: number[] = [];
    const changedPassword: Person[] = [];
    const expectedWebhooks = [moved, renamed, cancelled].map((id) => `event.created ${id}`);
    const expectedMails: string[] = [];
    const told = (g: number, subject: string) =>
      expectedMails.push(...groups[g]!.map((person) => `${addressOf(person)} ${subject}`));
    const rename = async (eventId: number, name: string, g: number) => {
      const reply = await callApi(first, 'PATCH', `/events/${eventId}`, {
        token: owner.access,
        body: { name },
      });
      expect(reply.status).toBe(200);
      expectedWebhooks.push(`event.updated ${eventId}`);
      told(g, `Changed: ${name}`);
    };
    await Promise.all([
      ...Array.from({ length: 30 }, async (_, i) => {
        created.push(await newEvent(`Burst ${i}`, 72 + i));
      }),
      rename(moved, 'Crash party A, moved', 0),
      rename(renamed, 'Crash party B, renamed', 1),
      (async () => {
        const reply = await callApi(first, 'POST', `/events/${cancelled}/cancellation`, {
          token: owner.access,
          body: { reason: 'The server is about to crash.' },
        });
        expect(reply.status).toBeLessThan(300);
        expectedWebhooks.push(`event.cancelled ${cancelled}`);
        told(2, 'Cancelled: Crash party C');
      })(),
      ...people.slice(0, 10).map(async (person) => {
        const reply = await callApi(first, 'POST', '/users/me/password', {
          token: person.access,
          body: { currentPassword: PASSWORD, newPassword: `${PASSWORD}-2` },
        });
        expect(reply.status).toBe(204);
        changedPassword.push(person);
      }),
    ]);
    // Right after the last 2xx: the last messages were committed but cannot all be out yet.
    await first.stop('SIGKILL');
    expectedWebhooks.push(...created.map((id) => `event.created ${id}`));
    expectedMails.push(
      ...changedPassword.map((person) => `${addressOf(person)} Your password was changed`),
    );
    const webhookKey = (body: string) => {
      const { type, data } = JSON.parse(body) as { type: string; data: { event: { id: number } } };
      return `${type} ${data.event.id}`;
    };
    const mailKeys = (mail: ParsedMail) =>
      [mail.to ?? []]
        .flat()
        .flatMap((to) => to.value.map((a) => `${a.address} ${mail.subject ?? ''}`));
    const arrived = () => ({
      webhooks: new Set(receiver.received.map((r) => webhookKey(r.body))),
      mails: new Set(catcher.mails.flatMap(mailKeys)),
    });
    const atKill = arrived();
    expect(
      expectedWebhooks.filter((k) => atKill.webhooks.has(k)).length +
        expectedMails.filter((k) => atKill.mails.has(k)).length,
    ).toBeLessThan(expectedWebhooks.length + expectedMails.length);

    // The leases of the killed server's claims run out.
    for (const table of ['webhook_deliveries', 'mails']) {
      await database.run(
        `UPDATE ${table} SET locked_until = locked_until - ${LEASES_MS}
         WHERE locked_until IS NOT NULL`,
      );
    }
    // The receivers come back (same addresses, same records), then the server.
    await receiver.start('/hook', ports.receiver);
    await catcher.start(ports.catcher);
    server = await startServer(env);

    const missing = () => {
      const now = arrived();
      return [
        ...expectedWebhooks.filter((k) => !now.webhooks.has(k)),
        ...expectedMails.filter((k) => !now.mails.has(k)),
      ];
    };
    await until(
      () => missing().length === 0,
      () => `missing ${missing().join(', ')}`,
      WAIT_MS,
    );

    // Each change arrived under one id, once or (an attempt in flight at the kill) twice.
    const webhookIds = new Map<string, Set<string>>();
    for (const request of receiver.received) {
      const key = webhookKey(request.body);
      webhookIds.set(
        key,
        (webhookIds.get(key) ?? new Set()).add(String(request.headers['webhook-id'])),
      );
    }
    expect(expectedWebhooks.filter((k) => webhookIds.get(k)?.size !== 1)).toEqual([]);
    const byWebhookId = tally(receiver.received.map((r) => String(r.headers['webhook-id'])));
    expect([...byWebhookId].filter(([, n]) => n > 2)).toEqual([]);
    const messageIds = new Map<string, Set<string>>();
    for (const mail of catcher.mails) {
      for (const key of mailKeys(mail)) {
        messageIds.set(key, (messageIds.get(key) ?? new Set()).add(String(mail.messageId)));
      }
    }
    expect(expectedMails.filter((k) => messageIds.get(k)?.size !== 1)).toEqual([]);
    const byMessageId = tally(catcher.mails.map((mail) => String(mail.messageId)));
    expect([...byMessageId].filter(([, n]) => n > 2)).toEqual([]);
  });
});
