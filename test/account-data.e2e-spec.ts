import type { AccountExportDto } from '../src/account-data/dto/account-export.dto';
import { OutboxRelay } from '../src/outbox/outbox-relay';
import { createTestApp, TestApp } from './app.factory';
import {
  createEvent,
  DAY,
  EVENTS,
  EventBody,
  HOUR,
  insertEvent,
  insertRegistration,
  makeAdmin,
  storedEvent,
} from './event-factories';
import { createUser, TestUser } from './factories';
import { expectProblem } from './support/expect-problem';
import { stopBackgroundWork } from './support/background-work';
import { expectInvariants, spotCalls } from './waitlist-support';

// Booting apps takes seconds on a busy CI machine.
jest.setTimeout(30_000);

const ME = '/api/v1/users/me';
/** The tables whose rows are a user's own (`user_id`), all gone with the account. */
const OWN_TABLES = [
  'sessions',
  'calendar_feeds',
  'webhooks',
  'event_hosts',
  'idempotency_keys',
  'registrations',
  'mails',
];

/** Your data: the export of an account and its deletion, on the real app and database. */
describe('your data', () => {
  let t: TestApp;
  let owner: TestUser;

  beforeAll(async () => {
    t = await createTestApp({ WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' });
    // The relay runs when a test says so: the messages a deletion recorded, then their mails.
    await stopBackgroundWork(t);
    owner = await createUser(t);
  });
  afterAll(() => t.close());

  const calls = () => spotCalls(t);
  const exportOf = (user: TestUser) => t.http().get(`${ME}/export`).set(user.auth);
  const deleteAccount = (user: TestUser, body: unknown = { password: user.password }) =>
    t
      .http()
      .delete(ME)
      .set(user.auth)
      .send(body as object);
  const addHost = (event: EventBody, by: TestUser, host: TestUser) =>
    t
      .http()
      .put(`${EVENTS}/${event.id}/hosts/${host.id}`)
      .set(by.auth)
      .send({ role: 'cohost' })
      .expect(200);
  const count = async (query: string) =>
    Number((await t.dataSource.query<{ n: number }[]>(query))[0]!.n);
  /** Fans every recorded message out into mails and deliveries, as the relay does after commit. */
  const relay = async () => {
    while (await t.app.get(OutboxRelay).relay());
  };
  /** The rows each table that belongs to users holds for `user`. */
  const rowsOf = async (user: TestUser) => {
    const rows: Record<string, number> = {};
    for (const table of OWN_TABLES) {
      rows[table] = await count(`SELECT COUNT(*) AS n FROM ${table} WHERE user_id = ${user.id}`);
    }
    return rows;
  };
  const mailSubjects = async (user: TestUser) =>
    (
      await t.dataSource.query<{ subject: string }[]>(
        `SELECT subject FROM mails WHERE user_id = ${user.id} ORDER BY id`,
      )
    ).map((row) => row.subject);

  it('exports the user, owned events with hosts and questions, registrations of every status with answers, sessions, webhooks and the feed, and no secret', async () => {
    const user = await createUser(t, { firstName: 'Ada' });
    const [host, other] = [await createUser(t), await createUser(t)];
    const question = { label: 'T-shirt size', type: 'text' };
    const owned = await createEvent(t, user, { questions: [question], capacity: 10 });
    await addHost(owned, user, host);
    const asked = await createEvent(t, owner, { questions: [question] });
    const full = await createEvent(t, owner, { capacity: 1 });
    const approval = await createEvent(t, owner, { requiresApproval: true });
    const declined = await createEvent(t, owner, { requiresApproval: true });
    const questionId = (asked.questions as { id: string }[])[0]!.id;
    await calls()
      .register(asked.id, user)
      .send({ answers: [{ questionId, value: 'M' }] })
      .expect(201);
    await calls().register(full.id, other).expect(201);
    await calls().join(full.id, user).expect(201);
    await calls().register(approval.id, user).expect(201);
    await calls().register(declined.id, user).expect(201);
    await t
      .http()
      .post(`${EVENTS}/${declined.id}/registrations/${user.id}/decline`)
      .set(owner.auth)
      .send({ reason: 'Full house' })
      .expect(200);
    const webhook = await t
      .http()
      .post('/api/v1/webhooks')
      .set(user.auth)
      .send({ url: 'http://127.0.0.1:9/hook', events: ['*'] })
      .expect(201);
    const feed = await t.http().post(`${ME}/calendar-feed`).set(user.auth).expect(201);

    const res = await exportOf(user).expect(200);

    expect(res.headers['content-type']).toMatch(/^application\/json\b/);
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="account-${user.id}-data.json"`,
    );
    expect(res.headers['cache-control']).toBe('no-store');
    expect(Object.keys(res.body as object).sort()).toEqual(
      ['calendarFeed', 'events', 'registrations', 'sessions', 'user', 'webhooks'].sort(),
    );
    const body = res.body as AccountExportDto;
    expect(body.user).toMatchObject({ id: user.id, username: user.username, firstName: 'Ada' });
    expect(body.events).toHaveLength(1);
    expect(body.events[0]).toMatchObject({
      id: owned.id,
      name: owned.name,
      questions: owned.questions,
      myRole: 'owner',
      hosts: [
        { user: { id: user.id, username: user.username }, role: 'owner' },
        { user: { id: host.id, username: host.username }, role: 'cohost' },
      ],
    });
    const byEvent = new Map(body.registrations.map((r) => [r.event.id, r]));
    expect(byEvent.size).toBe(4);
    expect(byEvent.get(asked.id)).toMatchObject({
      event: { id: asked.id, name: asked.name, status: 'upcoming' },
      status: 'attending',
      answers: [{ questionId, value: 'M' }],
    });
    expect(byEvent.get(full.id)).toMatchObject({ status: 'waitlisted', answers: [] });
    expect(byEvent.get(approval.id)).toMatchObject({ status: 'pending' });
    expect(byEvent.get(declined.id)).toMatchObject({
      status: 'declined',
      declineReason: 'Full house',
    });
    expect(body.sessions).toEqual([expect.objectContaining({ current: true })]);
    expect(body.webhooks).toEqual([
      expect.objectContaining({ id: webhook.body.id, url: 'http://127.0.0.1:9/hook' }),
    ]);
    expect(body.calendarFeed).toEqual({ createdAt: feed.body.createdAt });
    const feedToken = (feed.body.url as string).split('/').pop()!;
    for (const secret of [
      webhook.body.secret as string,
      feedToken,
      user.accessToken,
      user.refreshToken,
      user.password,
    ]) {
      expect(res.text).not.toContain(secret);
    }
    expect(res.text).not.toMatch(/password|hash|secret|token|ticket/i);
  });

  it('exports an empty account as empty lists and no feed; an unknown query parameter is a 400', async () => {
    const user = await createUser(t);
    const body = (await exportOf(user).expect(200)).body as Record<string, unknown>;
    expect(body).toMatchObject({ events: [], registrations: [], webhooks: [], calendarFeed: null });
    const res = await t.http().get(`${ME}/export?format=csv`).set(user.auth);
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expectProblem(await t.http().get(`${ME}/export`), 401, 'UNAUTHENTICATED');
  });

  it('refuses a wrong password with 401 INVALID_CREDENTIALS and changes nothing', async () => {
    const user = await createUser(t);
    const event = await createEvent(t, user);
    const res = await deleteAccount(user, { password: 'not-the-password' });
    expectProblem(res, 401, 'INVALID_CREDENTIALS');
    await t.http().get(ME).set(user.auth).expect(200);
    expect(await storedEvent(t, event.id)).not.toBeNull();
  });

  it.each([
    ['no body', undefined],
    ['no password', {}],
    ['a password that is not a string', { password: 12345678 }],
    ['an unknown field', { password: 'correct-horse-battery', everything: true }],
  ])('answers 400 VALIDATION_FAILED for %s', async (_label, body) => {
    const user = await createUser(t);
    const req = t.http().delete(ME).set(user.auth);
    expectProblem(await (body === undefined ? req : req.send(body)), 400, 'VALIDATION_FAILED');
    await t.http().get(ME).set(user.auth).expect(200);
  });

  it('gives back the spots, places and requests of a deleted attendee: the line is promoted, counts stay true', async () => {
    const [user, waiting, attendee, behind] = [
      await createUser(t),
      await createUser(t),
      await createUser(t),
      await createUser(t),
    ];
    const attended = await createEvent(t, owner, { capacity: 1 });
    await calls().register(attended.id, user).expect(201);
    await calls().join(attended.id, waiting).expect(201);
    const queued = await createEvent(t, owner, { capacity: 1 });
    await calls().register(queued.id, attendee).expect(201);
    await calls().join(queued.id, user).expect(201);
    await calls().join(queued.id, behind).expect(201);
    const requested = await createEvent(t, owner, { requiresApproval: true });
    await calls().register(requested.id, user).expect(201);

    await deleteAccount(user).expect(204);

    const promoted = await expectInvariants(t, attended.id, owner);
    expect(promoted.attendees.map((person) => person.id)).toEqual([waiting.id]);
    expect(promoted.waitlistCount).toBe(0);
    const line = await expectInvariants(t, queued.id, owner);
    expect(line.waitlist.map((person) => person.id)).toEqual([behind.id]);
    expect((await calls().detail(queued.id, behind)).waitlistPosition).toBe(1);
    expect((await calls().detail(requested.id, owner)).pendingCount).toBe(0);
    await relay();
    expect(await mailSubjects(waiting)).toContain(`You got a spot: ${attended.name}`);
  });

  it('cancels and deletes the events of a deleted owner: attendees and those waiting get the cancellation mail, hosts lose the event', async () => {
    const user = await createUser(t);
    const [host, attendee, waiting] = [
      await createUser(t),
      await createUser(t),
      await createUser(t),
    ];
    const event = await createEvent(t, user, { capacity: 1 });
    await addHost(event, user, host);
    await calls().register(event.id, attendee).expect(201);
    await calls().join(event.id, waiting).expect(201);
    const past = await insertEvent(t, user, {
      startsAt: Date.now() - DAY,
      endsAt: Date.now() - HOUR,
    });
    await insertRegistration(t, past, attendee.id);
    await relay(); // the registration mails, before the deletion

    await deleteAccount(user).expect(204);

    expect(await storedEvent(t, event.id)).toBeNull();
    expect(await storedEvent(t, past)).toBeNull();
    expectProblem(
      await t.http().get(`${EVENTS}/${event.id}`).set(host.auth),
      404,
      'EVENT_NOT_FOUND',
    );
    const hosted = await t.http().get(`${EVENTS}?host=me`).set(host.auth).expect(200);
    expect(hosted.body.items).toEqual([]);
    const [cancelled] = await t.dataSource.query<{ detail: string }[]>(
      `SELECT detail FROM outbox_messages WHERE event_id = ${event.id} AND type = 'event.cancelled'`,
    );
    expect(JSON.parse(cancelled!.detail)).toMatchObject({
      reason: 'The organiser deleted their account.',
      removed: expect.arrayContaining([attendee.id, waiting.id]),
    });
    await relay();
    expect(await mailSubjects(attendee)).toContain(`Cancelled: ${event.name}`);
    expect(await mailSubjects(waiting)).toContain(`Cancelled: ${event.name}`);
    // The past event goes without a mail; nobody is told twice.
    const subjects = [...(await mailSubjects(attendee)), ...(await mailSubjects(waiting))];
    expect(subjects.filter((subject) => /^(Cancelled|Deleted):/.test(subject))).toHaveLength(2);
  });

  it('takes the sessions, tokens, feed, webhooks, host roles and keys with the account; the username and email are free again', async () => {
    const user = await makeAdmin(t, await createUser(t));
    const hosted = await createEvent(t, owner);
    await addHost(hosted, owner, user);
    await t
      .http()
      .post('/api/v1/webhooks')
      .set(user.auth)
      .set('Idempotency-Key', 'account-data-1')
      .send({ url: 'http://127.0.0.1:9/hook', events: ['*'] })
      .expect(201);
    await t.http().post(`${ME}/calendar-feed`).set(user.auth).expect(201);
    const { username } = (await t.http().get(ME).set(user.auth).expect(200)).body as {
      username: string;
    };
    expect(await rowsOf(user)).toMatchObject({
      sessions: 1,
      calendar_feeds: 1,
      webhooks: 1,
      event_hosts: 1,
      idempotency_keys: 1,
    });

    await deleteAccount(user).expect(204);

    expectProblem(await t.http().get(ME).set(user.auth), 401, 'UNAUTHENTICATED');
    const refresh = await t
      .http()
      .post('/api/v1/auth/refresh')
      .send({ refresh_token: user.refreshToken });
    expectProblem(refresh, 401, 'INVALID_REFRESH_TOKEN');
    expect(await rowsOf(user)).toEqual(Object.fromEntries(OWN_TABLES.map((table) => [table, 0])));
    expect(await storedEvent(t, hosted.id)).not.toBeNull();
    await t
      .http()
      .post('/api/v1/auth/register')
      .send({ username, email: `${username}@example.com`, password: 'another-horse-battery' })
      .expect(201);
  });
});
