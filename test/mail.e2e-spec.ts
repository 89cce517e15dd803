import ICAL from 'ical.js';
import type { ParsedMail } from 'mailparser';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { createTestApp, TestApp } from './app.factory';
import { createEvent, createUsers, EVENTS, HOUR } from './event-factories';

const MINUTE_MS = 60_000;
import { createUser, TestUser } from './factories';
import { createSeries, SERIES } from './series-support';
import { seedAttendees } from './support/bulk-attendees';
import { MailCatcher } from './support/mail-catcher';
import { TestClock } from './support/test-clock';
import { spotCalls } from './waitlist-support';

// Mail is sent in the background: a test waits for it (polling, never a fixed sleep).
jest.setTimeout(30_000);

const PUBLIC_URL = 'https://events.example.test';
const MAIL_FROM = 'Events Test <events@example.test>';
const METRICS = 'metrics-token-for-the-mail-tests-0123456789abc';
const ME = '/api/v1/users/me';

/** iCalendar times have whole seconds. */
const toSecond = (iso: string) => iso.replace(/\.\d{3}Z$/, '.000Z');

const addressOf = (user: TestUser) => `${user.username}@example.com`;

interface MailCalendar {
  uid: string;
  summary: string;
  location: string | null;
  start: string;
  status: string;
  sequence: number;
}

/** The mail's `.ics`, parsed by ical.js (Mozilla's parser): what a calendar client sees. */
function calendarOf(mail: ParsedMail): MailCalendar {
  const attachment = mail.attachments.find((a) => a.contentType === 'text/calendar');
  if (!attachment) throw new Error(`no .ics on "${mail.subject}"`);
  const vevent = new ICAL.Component(ICAL.parse(attachment.content.toString('utf8')))
    .getAllSubcomponents('vevent')
    .at(0)!;
  const text = (name: string) => (vevent.getFirstPropertyValue(name) as string | null) ?? null;
  return {
    uid: text('uid')!,
    summary: text('summary')!,
    location: text('location'),
    start: (vevent.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString(),
    status: text('status')!,
    sequence: Number(vevent.getFirstPropertyValue('sequence')),
  };
}

/** Waits until each user has a mail whose subject is `subject`; answers them in user order. */
async function mailsTo(
  catcher: MailCatcher,
  users: TestUser[],
  subject: string,
): Promise<ParsedMail[]> {
  await catcher.waitFor(
    () => users.every((user) => catcher.to(addressOf(user)).some((m) => m.subject === subject)),
    `"${subject}" to ${users.map((user) => user.username).join(', ')}`,
  );
  return users.map((user) => catcher.to(addressOf(user)).find((m) => m.subject === subject)!);
}

/** The stored mails of a user once every one is sent (the catcher may see a mail before its row is marked). */
async function sentRows(t: TestApp, user: TestUser): Promise<Array<Record<string, unknown>>> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const rows = await t.dataSource.query<Array<Record<string, unknown>>>(
      `SELECT message_id, status, attempts, last_error FROM mails WHERE user_id = ${user.id}`,
    );
    if (rows.every((row) => row.status === 'sent') || Date.now() > deadline) return rows;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const subjectsTo = (catcher: MailCatcher, user: TestUser) =>
  catcher.to(addressOf(user)).map((mail) => mail.subject);

/** Mail through the real app, the outbox and a real SMTP server (smtp-server + mailparser). */
describe('mail', () => {
  let t: TestApp;
  let catcher: MailCatcher;
  let owner: TestUser;

  beforeAll(async () => {
    catcher = await new MailCatcher().start();
    t = await createTestApp({
      SMTP_URL: catcher.url,
      MAIL_FROM,
      PUBLIC_URL,
      WEBHOOK_RETRY_SCHEDULE: '0,0,0',
      METRICS_TOKEN: METRICS,
    });
    owner = await createUser(t);
  });
  afterAll(async () => {
    await t.close();
    await catcher.close();
  });

  const calls = () => spotCalls(t);
  const patch = (id: number, body: Record<string, unknown>) =>
    t.http().patch(`${EVENTS}/${id}`).set(owner.auth).send(body).expect(200);

  it('tells a person of their registration (with the .ics), their place in line and their promotion (with the .ics)', async () => {
    const event = await createEvent(t, owner, { capacity: 1, location: 'Hall A' });
    const [attendee, waiting] = await createUsers(t, 2);
    await calls().register(event.id, attendee).expect(201);
    await calls().join(event.id, waiting).expect(201);
    const [registered] = await mailsTo(catcher, [attendee], `You're registered: ${event.name}`);
    const [joined] = await mailsTo(catcher, [waiting], `On the waiting list: ${event.name}`);

    expect(calendarOf(registered!)).toMatchObject({
      uid: `event-${event.id}@events.example.test`,
      status: 'CONFIRMED',
      location: 'Hall A',
    });
    expect(registered!.text).toContain(`${PUBLIC_URL}/events/${event.id}`);
    expect(joined!.attachments).toEqual([]);

    await calls().unregister(event.id, attendee).expect(204);
    const [promoted] = await mailsTo(catcher, [waiting], `You got a spot: ${event.name}`);
    expect(calendarOf(promoted!).status).toBe('CONFIRMED');
    // Unregistering is the person's own doing: no mail for it.
    expect(subjectsTo(catcher, attendee)).toEqual([`You're registered: ${event.name}`]);
  });

  it('tells a person their request was received, then approved (with the .ics) or declined', async () => {
    const event = await createEvent(t, owner, { requiresApproval: true });
    const [approved, declined] = await createUsers(t, 2);
    await calls().register(event.id, approved).expect(201);
    await calls().register(event.id, declined).expect(201);
    await mailsTo(catcher, [approved, declined], `Request received: ${event.name}`);

    await t
      .http()
      .post(`${EVENTS}/${event.id}/registrations/${approved.id}/approval`)
      .set(owner.auth)
      .expect(200);
    await t
      .http()
      .post(`${EVENTS}/${event.id}/registrations/${declined.id}/decline`)
      .set(owner.auth)
      .send({ reason: 'The room is for members only' })
      .expect(200);
    const [yes] = await mailsTo(catcher, [approved], `Request approved: ${event.name}`);
    const [no] = await mailsTo(catcher, [declined], `Request declined: ${event.name}`);
    expect(calendarOf(yes!).status).toBe('CONFIRMED');
    expect(no!.attachments).toEqual([]);
    expect(no!.text).toContain('Reason given: The room is for members only');
  });

  it('tells attendees and those waiting of a new name or place, with the updated .ics; a new description alone sends none', async () => {
    const event = await createEvent(t, owner, { capacity: 1, location: 'Room 1' });
    const [attendee, waiting] = await createUsers(t, 2);
    await calls().register(event.id, attendee).expect(201);
    await calls().join(event.id, waiting).expect(201);

    await patch(event.id, { description: 'Bring a laptop' });
    const renamed = `${event.name} (moved)`;
    const after = (await patch(event.id, { name: renamed, location: 'Room 2' })).body as {
      version: number;
    };
    const subject = `Changed: ${renamed}`;
    const [toAttendee, toWaiting] = await mailsTo(catcher, [attendee, waiting], subject);

    for (const [mail, user] of [
      [toAttendee!, attendee],
      [toWaiting!, waiting],
    ] as const) {
      expect(mail.from?.value).toEqual([{ address: 'events@example.test', name: 'Events Test' }]);
      expect([mail.to].flat().flatMap((to) => to!.value.map((a) => a.address))).toEqual([
        addressOf(user),
      ]);
      expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
      expect(mail.messageId).toMatch(/^<msg_[0-9a-f]{32}\.\d+@events\.example\.test>$/);
      expect(mail.text).toContain(`Hi ${user.username},`);
      expect(mail.text).toContain('What changed: the name, the place.');
      expect(mail.text).toContain(`${PUBLIC_URL}/events/${event.id}`);
      expect(mail.html).toBe(false);
    }
    // Same UID as the event's calendar entry, SEQUENCE from the new version.
    const attending = calendarOf(toAttendee!);
    expect(attending).toMatchObject({
      uid: `event-${event.id}@events.example.test`,
      summary: renamed,
      location: 'Room 2',
      status: 'CONFIRMED',
      sequence: after.version - 1,
    });
    expect(calendarOf(toWaiting!).status).toBe('TENTATIVE');
    // The description-only change came first and sent nothing: one "Changed" mail each.
    expect(subjectsTo(catcher, attendee).filter((s) => s?.startsWith('Changed:'))).toEqual([
      subject,
    ]);
    expect(subjectsTo(catcher, waiting).filter((s) => s?.startsWith('Changed:'))).toEqual([
      subject,
    ]);
  });

  it('tells attendees and those waiting of a cancellation, with its reason and a CANCELLED .ics; the reason adds no header', async () => {
    const event = await createEvent(t, owner, { capacity: 1 });
    const [attendee, waiting] = await createUsers(t, 2);
    await calls().register(event.id, attendee).expect(201);
    await calls().join(event.id, waiting).expect(201);

    const reason = 'Speaker ill\r\nBcc: intruder@example.com\r\n\r\nInjected body';
    await t
      .http()
      .post(`${EVENTS}/${event.id}/cancellation`)
      .set(owner.auth)
      .send({ reason })
      .expect(200);
    const mails = await mailsTo(catcher, [attendee, waiting], `Cancelled: ${event.name}`);

    for (const mail of mails) {
      expect(mail.text).toContain('Reason given: Speaker ill');
      expect(mail.headers.has('bcc')).toBe(false);
      expect(calendarOf(mail)).toMatchObject({ status: 'CANCELLED', summary: event.name });
    }
    expect(catcher.envelopeTo).not.toContain('intruder@example.com');
  });

  it('tells attendees and those waiting of a deletion, with a CANCELLED .ics that supersedes theirs', async () => {
    const event = await createEvent(t, owner, { capacity: 1 });
    const [attendee, waiting] = await createUsers(t, 2);
    await calls().register(event.id, attendee).expect(201);
    await calls().join(event.id, waiting).expect(201);

    await t.http().delete(`${EVENTS}/${event.id}`).set(owner.auth).expect(204);
    const mails = await mailsTo(catcher, [attendee, waiting], `Deleted: ${event.name}`);

    for (const mail of mails) {
      expect(calendarOf(mail)).toMatchObject({
        uid: `event-${event.id}@events.example.test`,
        status: 'CANCELLED',
        sequence: event.version, // one above the event's last version's
      });
    }
  });

  it('tells the attendees of every occurrence of a deleted series', async () => {
    const series = await createSeries(t, owner, { recurrence: 'FREQ=WEEKLY;COUNT=2' });
    const [first, second] = await createUsers(t, 2);
    await calls().register(series.occurrences[0]!.id, first).expect(201);
    await calls().register(series.occurrences[1]!.id, second).expect(201);

    await t.http().delete(`${SERIES}/${series.id}`).set(owner.auth).expect(204);
    const [one, two] = await mailsTo(
      catcher,
      [first, second],
      `Deleted: ${series.occurrences[0]!.name}`,
    );
    expect(calendarOf(one!).uid).toBe(`event-${series.occurrences[0]!.id}@events.example.test`);
    expect(calendarOf(two!).uid).toBe(`event-${series.occurrences[1]!.id}@events.example.test`);
  });

  it('mails every one of 1,000 attendees of a cancelled event, once each', async () => {
    const { eventId, prefix } = await seedAttendees(t, owner, 1_000);
    await t.http().post(`${EVENTS}/${eventId}/cancellation`).set(owner.auth).send({}).expect(200);
    const cancelled = (mail: ParsedMail) =>
      mail.subject?.startsWith('Cancelled: ') === true &&
      mail.text?.includes(`/events/${eventId}\n`) === true;
    await catcher.waitFor(
      (mails) => mails.filter(cancelled).length >= 1_000,
      '1,000 cancellation mails',
      60_000,
    );
    const recipients = catcher.mails
      .filter(cancelled)
      .flatMap((mail) => [mail.to].flat().flatMap((to) => to!.value.map((a) => a.address)));
    expect(recipients).toHaveLength(1_000);
    expect(new Set(recipients).size).toBe(1_000);
    expect(recipients.every((address) => address!.startsWith(`${prefix}_`))).toBe(true);
  }, 90_000);

  it('sends someone who turned emailNotifications off no mail about events, but still the password mail', async () => {
    const [quiet, other] = await createUsers(t, 2);
    await t.http().patch(ME).set(quiet.auth).send({ emailNotifications: false }).expect(200);
    const event = await createEvent(t, owner);
    await calls().register(event.id, quiet).expect(201);
    await calls().register(event.id, other).expect(201);

    await patch(event.id, { location: 'Elsewhere' });
    await mailsTo(catcher, [other], `Changed: ${event.name}`);
    await t
      .http()
      .post(`${ME}/password`)
      .set(quiet.auth)
      .send({ currentPassword: quiet.password, newPassword: 'a-brand-new-password' })
      .expect(204);
    const [password] = await mailsTo(catcher, [quiet], 'Your password was changed');

    expect(password!.attachments).toEqual([]);
    expect(password!.text).toContain('If you did not do this');
    expect(subjectsTo(catcher, quiet)).toEqual(['Your password was changed']);
  });

  it('keeps a mail the relay refuses and sends it again with the same Message-ID; the metrics count both attempts', async () => {
    const user = await createUser(t);
    catcher.refuse(1);
    await t
      .http()
      .post(`${ME}/password`)
      .set(user.auth)
      .send({ currentPassword: user.password, newPassword: 'another-new-password' })
      .expect(204);
    const [mail] = await mailsTo(catcher, [user], 'Your password was changed');

    expect(await sentRows(t, user)).toEqual([
      {
        message_id: mail!.messageId,
        status: 'sent',
        attempts: 2,
        last_error: expect.stringContaining('try again later'),
      },
    ]);
    const scrape = await t.http().get('/api/metrics').set('Authorization', `Bearer ${METRICS}`);
    const attempts = parsePrometheusTextFormat(scrape.text).find(
      (family) => family.name === 'outbox_delivery_attempts_total',
    );
    const count = (outcome: string) =>
      Number(
        attempts?.metrics.find((m) => m.labels?.channel === 'mail' && m.labels?.outcome === outcome)
          ?.value ?? 0,
      );
    expect(count('retried')).toBeGreaterThanOrEqual(1);
    expect(count('succeeded')).toBeGreaterThanOrEqual(1);
  });
});

/** Reminders, on a clock the test moves. */
describe('reminders', () => {
  let t: TestApp;
  let catcher: MailCatcher;
  const clock = new TestClock();

  beforeAll(async () => {
    catcher = await new MailCatcher().start();
    t = await createTestApp(
      // Tokens outlive the hours the clock moves.
      { SMTP_URL: catcher.url, PUBLIC_URL, REMINDER_LEAD: '3600', JWT_ACCESS_TTL: '86400' },
      { clock },
    );
  });
  afterAll(async () => {
    await t.close();
    await catcher.close();
  });

  const at = (ms: number) => new Date(clock.now() + ms).toISOString();
  const reminders = (user: TestUser, name: string) =>
    subjectsTo(catcher, user).filter((s) => s === `Reminder: ${name}`).length;

  it('reminds attendees REMINDER_LEAD before the start, once; not those who registered later; a moved event re-arms it', async () => {
    const [owner, early, late] = await createUsers(t, 3);
    const event = await createEvent(t, owner, { startsAt: at(3 * HOUR), endsAt: at(4 * HOUR) });
    await spotCalls(t).register(event.id, early).expect(201);

    clock.advance(2 * HOUR + MINUTE_MS); // the start is 59 minutes away: past the moment
    const [reminder] = await mailsTo(catcher, [early], `Reminder: ${event.name}`);
    expect(calendarOf(reminder!)).toMatchObject({
      status: 'CONFIRMED',
      start: toSecond(event.startsAt),
    });
    expect(reminder!.text).toContain(`${PUBLIC_URL}/events/${event.id}`);
    await spotCalls(t).register(event.id, late).expect(201);

    // Moved two hours later: the moment is ahead again, and both have registered before it.
    const moved = at(3 * HOUR);
    await t
      .http()
      .patch(`${EVENTS}/${event.id}`)
      .set(owner.auth)
      .send({ startsAt: moved, endsAt: at(4 * HOUR) })
      .expect(200);
    clock.advance(2 * HOUR + MINUTE_MS);
    await catcher.waitFor(
      () => reminders(early, event.name) === 2 && reminders(late, event.name) === 1,
      'the re-armed reminders',
    );
    const second = catcher.to(addressOf(late)).find((m) => m.subject === `Reminder: ${event.name}`);
    expect(calendarOf(second!).start).toBe(toSecond(moved));
    // One reminder message per start: armed once each time, whatever the number of ticks.
    const [{ count }] = await t.dataSource.query(
      `SELECT COUNT(*) AS count FROM outbox_messages
       WHERE type = 'event.reminder' AND event_id = ${event.id}`,
    );
    expect(Number(count)).toBe(2);
  });
});

/** A relay that is down, then back, across a restart: the mail is kept and sent once. */
describe('mail while the relay is down', () => {
  it('retries on the schedule, survives a restart, and sends once the relay is back', async () => {
    // A port nothing listens on: take a free one from a catcher, then close it.
    const probe = await new MailCatcher().start();
    const port = probe.port;
    await probe.close();
    const env = {
      SMTP_URL: `smtp://127.0.0.1:${port}`,
      PUBLIC_URL,
      WEBHOOK_RETRY_SCHEDULE: '1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1',
    };
    const first = await createTestApp(env);
    const user = await createUser(first);
    await first
      .http()
      .post(`${ME}/password`)
      .set(user.auth)
      .send({ currentPassword: user.password, newPassword: 'yet-another-password' })
      .expect(204);
    const failedAttempt = async () =>
      (
        await first.dataSource.query<Array<{ attempts: number; last_error: string | null }>>(
          `SELECT attempts, last_error FROM mails WHERE user_id = ${user.id}`,
        )
      ).at(0);
    const deadline = Date.now() + 15_000;
    while (!(await failedAttempt())?.last_error && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect((await failedAttempt())?.last_error).toMatch(/ECONNREFUSED|connect/i);
    await first.close({ keepDatabase: true });

    const catcher = await new MailCatcher().start(port);
    const second = await createTestApp({ ...env, DB_PATH: first.dbPath });
    try {
      await mailsTo(catcher, [user], 'Your password was changed');
      expect(await sentRows(second, user)).toEqual([
        expect.objectContaining({ status: 'sent', message_id: catcher.mails[0]!.messageId }),
      ]);
      expect(catcher.mails).toHaveLength(1);
    } finally {
      await second.close();
      await catcher.close();
    }
  });
});
