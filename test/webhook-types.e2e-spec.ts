import { Webhook } from 'standardwebhooks';
import { WEBHOOK_EVENT_TYPES } from '../src/webhooks/webhook-events';
import { createTestApp, TestApp } from './app.factory';
import {
  createEvent,
  createUsers,
  DAY,
  EVENTS,
  EventBody,
  expectProblem,
  HOUR,
  isoIn,
} from './event-factories';
import { createUser, TestUser } from './factories';
import { SERIES, SeriesBody } from './series-support';
import { WebhookReceiver } from './support/webhook-receiver';

// Deliveries happen in the background: a test waits for them (polling, never a fixed sleep).
jest.setTimeout(30_000);

interface Told {
  type: string;
  timestamp: string;
  data: { event: Record<string, unknown>; user?: { id: number; username: string; email: string } };
}

/** The contract's `data.event` of an event as the API shows it. */
const messageEvent = ({ id, name, startsAt, endsAt, status, version, seriesId }: EventBody) => ({
  id,
  name,
  startsAt,
  endsAt,
  status,
  version,
  seriesId,
});

/** The contract's `data.user`: the factory's users have `<username>@example.com`. */
const messageUser = (user: TestUser) => ({
  id: user.id,
  username: user.username,
  email: `${user.username}@example.com`,
});

/**
 * Every webhook type, each from the change that sends it, through the real app: the API, the
 * transactional outbox, the relay and signed deliveries to a real receiver.
 */
describe('webhook types: what each change tells', () => {
  let t: TestApp;
  let owner: TestUser;
  let receiver: WebhookReceiver;
  let secret: string;
  /** The types that arrived, over the whole file (the last test checks all 14 did). */
  const seen = new Set<string>();

  beforeAll(async () => {
    t = await createTestApp({
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
      WEBHOOK_RETRY_SCHEDULE: '0,0',
    });
    owner = await createUser(t);
    receiver = await new WebhookReceiver().start();
    const hook = await t
      .http()
      .post('/api/v1/webhooks')
      .set(owner.auth)
      .send({ url: receiver.url, events: ['*'] })
      .expect(201);
    secret = (hook.body as { secret: string }).secret;
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  /**
   * Waits until everything recorded so far was fanned out and delivered, then answers what
   * arrived about the events `ids`, each request's signature verified with `standardwebhooks`.
   */
  async function toldAbout(...ids: number[]): Promise<Told[]> {
    await settled(t);
    const verifier = new Webhook(secret);
    const told = receiver.received.map(
      (request) =>
        verifier.verify(request.body, {
          'webhook-id': String(request.headers['webhook-id']),
          'webhook-timestamp': String(request.headers['webhook-timestamp']),
          'webhook-signature': String(request.headers['webhook-signature']),
        }) as Told,
    );
    const ours = told.filter((message) => ids.includes(message.data.event.id as number));
    ours.forEach((message) => seen.add(message.type));
    return ours;
  }

  /** What was told, as `type user` lines (sorted: deliveries are not ordered). */
  const lines = (told: Told[]) =>
    told.map((m) => `${m.type} ${m.data.user?.username ?? '-'}`.trim()).sort();
  const line = (type: string, user?: TestUser) => `${type} ${user?.username ?? '-'}`;

  const read = async (id: number) =>
    (await t.http().get(`${EVENTS}/${id}`).set(owner.auth).expect(200)).body as EventBody;
  const register = (id: number, user: TestUser) =>
    t.http().post(`${EVENTS}/${id}/registration`).set(user.auth);
  const unregister = (id: number, user: TestUser) =>
    t.http().delete(`${EVENTS}/${id}/registration`).set(user.auth);
  const join = (id: number, user: TestUser) =>
    t.http().post(`${EVENTS}/${id}/waitlist`).set(user.auth);
  const leave = (id: number, user: TestUser) =>
    t.http().delete(`${EVENTS}/${id}/waitlist`).set(user.auth);

  /** Each message of `type` names its own person and the event as the change left it. */
  function expectAbout(told: Told[], type: string, people: TestUser[], event: EventBody): void {
    const ofType = told.filter((message) => message.type === type);
    expect(ofType.map((message) => message.data.user)).toEqual(
      expect.arrayContaining(people.map(messageUser)),
    );
    expect(ofType).toHaveLength(people.length);
    for (const message of ofType) expect(message.data.event).toEqual(messageEvent(event));
  }

  it('registration.created, waitlist.joined, waitlist.left, registration.cancelled and waitlist.promoted', async () => {
    const event = await createEvent(t, owner, { capacity: 1 });
    const [attendee, first, second] = await createUsers(t, 3);
    await register(event.id, attendee).expect(201);
    await join(event.id, first).expect(201);
    await join(event.id, second).expect(201);
    await leave(event.id, second).expect(204);
    await unregister(event.id, attendee).expect(204); // frees the spot: `first` is promoted

    const told = await toldAbout(event.id);
    expect(lines(told)).toEqual(
      [
        line('event.created'),
        line('registration.created', attendee),
        line('waitlist.joined', first),
        line('waitlist.joined', second),
        line('waitlist.left', second),
        line('registration.cancelled', attendee),
        line('waitlist.promoted', first),
      ].sort(),
    );
    // No registration change raises the event's version: every message shows version 1.
    const now = await read(event.id);
    expect(now.version).toBe(1);
    expectAbout(told, 'registration.created', [attendee], now);
    expectAbout(told, 'waitlist.joined', [first, second], now);
    expectAbout(told, 'waitlist.left', [second], now);
    expectAbout(told, 'registration.cancelled', [attendee], now);
    expectAbout(told, 'waitlist.promoted', [first], now);
    for (const message of told) expect(Date.parse(message.timestamp)).not.toBeNaN();
  });

  it('registration.requested, approved, declined, and a withdrawn request as registration.cancelled', async () => {
    const event = await createEvent(t, owner, { capacity: 5, requiresApproval: true });
    const [approved, declined, withdrawn] = await createUsers(t, 3);
    for (const user of [approved, declined, withdrawn]) {
      expect((await register(event.id, user).expect(201)).body.registrationStatus).toBe('pending');
    }
    const decide = (userId: number, decision: string) =>
      t.http().post(`${EVENTS}/${event.id}/registrations/${userId}/${decision}`).set(owner.auth);
    await decide(approved.id, 'approval').expect(200);
    await decide(declined.id, 'decline').send({ reason: 'Full of regulars' }).expect(200);
    await unregister(event.id, withdrawn).expect(204);

    const told = await toldAbout(event.id);
    expect(lines(told)).toEqual(
      [
        line('event.created'),
        line('registration.requested', approved),
        line('registration.requested', declined),
        line('registration.requested', withdrawn),
        line('registration.approved', approved),
        line('registration.declined', declined),
        line('registration.cancelled', withdrawn),
      ].sort(),
    );
    const now = await read(event.id);
    expectAbout(told, 'registration.requested', [approved, declined, withdrawn], now);
    expectAbout(told, 'registration.approved', [approved], now);
    expectAbout(told, 'registration.declined', [declined], now);
    expectAbout(told, 'registration.cancelled', [withdrawn], now);
  });

  it('checkin.created once, for the first scan only', async () => {
    const event = await createEvent(t, owner, {
      startsAt: isoIn(HOUR),
      endsAt: isoIn(3 * HOUR),
    });
    const [guest] = await createUsers(t, 1);
    await register(event.id, guest).expect(201);
    const ticket = await t.http().get(`${EVENTS}/${event.id}/ticket`).set(guest.auth).expect(200);
    const scan = () =>
      t
        .http()
        .post(`${EVENTS}/${event.id}/check-ins`)
        .set(owner.auth)
        .send({ code: (ticket.body as { code: string }).code });
    await scan().expect(201);
    await scan().expect(200); // already checked in: not a change

    const told = await toldAbout(event.id);
    expect(lines(told)).toEqual(
      [
        line('event.created'),
        line('registration.created', guest),
        line('checkin.created', guest),
      ].sort(),
    );
    expectAbout(told, 'checkin.created', [guest], await read(event.id));
  });

  it('tells nothing of a refused change: EVENT_FULL, ALREADY_WAITLISTED, NOT_WAITLISTED roll back', async () => {
    const event = await createEvent(t, owner, { capacity: 1 });
    const [attendee, waiting, late] = await createUsers(t, 3);
    await register(event.id, attendee).expect(201);
    await join(event.id, waiting).expect(201);
    expectProblem(await register(event.id, late), 409, 'EVENT_FULL');
    expectProblem(await join(event.id, waiting), 409, 'ALREADY_WAITLISTED');
    expectProblem(await leave(event.id, late), 409, 'NOT_WAITLISTED');
    expectProblem(await register(event.id, attendee), 409, 'ALREADY_REGISTERED');

    const told = await toldAbout(event.id);
    expect(lines(told)).toEqual(
      [
        line('event.created'),
        line('registration.created', attendee),
        line('waitlist.joined', waiting),
      ].sort(),
    );
    expect(told.some((message) => message.data.user?.id === late.id)).toBe(false);
  });

  it('a capacity raised by 3 promotes 3 people: one waitlist.promoted each, at the new version', async () => {
    const event = await createEvent(t, owner, { capacity: 1 });
    const [attendee, ...waiting] = await createUsers(t, 6);
    await register(event.id, attendee).expect(201);
    for (const user of waiting) await join(event.id, user).expect(201);
    await t.http().patch(`${EVENTS}/${event.id}`).set(owner.auth).send({ capacity: 4 }).expect(200);

    const told = await toldAbout(event.id);
    const promoted = waiting.slice(0, 3);
    const now = await read(event.id);
    expect(now).toMatchObject({ version: 2, attendeeCount: 4, waitlistCount: 2 });
    expectAbout(told, 'waitlist.promoted', promoted, now);
    expect(told.filter((message) => message.type === 'event.updated')).toEqual([
      expect.objectContaining({ data: { event: messageEvent(now) } }),
    ]);
    expect(told.filter((message) => message.type === 'waitlist.joined')).toHaveLength(5);
  });

  it('a series PATCH raising the capacity promotes on every occurrence, each told', async () => {
    const series = await createSeriesOf(2, { capacity: 1 });
    const [attendee, waiting] = await createUsers(t, 2);
    const ids = series.occurrences.map((occurrence) => occurrence.id);
    for (const id of ids) {
      await register(id, attendee).expect(201);
      await join(id, waiting).expect(201);
    }
    await t
      .http()
      .patch(`${SERIES}/${series.id}`)
      .set(owner.auth)
      .send({ capacity: 2 })
      .expect(200);

    for (const id of ids) {
      const told = await toldAbout(id);
      const now = await read(id);
      expect(now.version).toBe(2);
      expectAbout(told, 'waitlist.promoted', [waiting], now);
      expect(lines(told.filter((m) => m.type === 'event.updated'))).toEqual([
        line('event.updated'),
      ]);
    }
  });

  it('a series of 4 occurrences: 4 event.created, then DELETE /series/:id 4 event.deleted', async () => {
    const series = await createSeriesOf(4);
    const ids = series.occurrences.map((occurrence) => occurrence.id);
    let told = await toldAbout(...ids);
    expect(told.map((message) => message.type)).toEqual(Array(4).fill('event.created'));
    expect(told.map((message) => message.data.event).sort(byId)).toEqual(
      series.occurrences.map(messageEvent).sort(byId),
    );
    expect(told.every((message) => message.data.user === undefined)).toBe(true);

    await t.http().delete(`${SERIES}/${series.id}`).set(owner.auth).expect(204);
    told = (await toldAbout(...ids)).filter((message) => message.type === 'event.deleted');
    expect(told.map((message) => message.data.event).sort(byId)).toEqual(
      series.occurrences.map(messageEvent).sort(byId),
    );
  });

  it('event.published, event.updated, event.cancelled and event.deleted of a single event', async () => {
    const draft = await createEvent(t, owner, { published: false });
    const change = (path: string, body: object = {}) =>
      t.http().post(`${EVENTS}/${draft.id}/${path}`).set(owner.auth).send(body).expect(200);
    await change('publication');
    await t
      .http()
      .patch(`${EVENTS}/${draft.id}`)
      .set(owner.auth)
      .send({ name: 'Renamed' })
      .expect(200);
    await change('cancellation', { reason: 'Rain' });
    const last = await read(draft.id);
    await t.http().delete(`${EVENTS}/${draft.id}`).set(owner.auth).expect(204);

    const told = await toldAbout(draft.id);
    const versions = Object.fromEntries(told.map((m) => [m.type, m.data.event.version]));
    expect(versions).toEqual({
      'event.created': 1,
      'event.published': 2,
      'event.updated': 3,
      'event.cancelled': 4,
      'event.deleted': 4,
    });
    expect(told.find((m) => m.type === 'event.deleted')!.data.event).toEqual(messageEvent(last));
    expect(told.find((m) => m.type === 'event.created')!.data.event.status).toBe('draft');
  });

  it("fans a change's messages out to every subscribing webhook once, with the same webhook-id", async () => {
    const other = await new WebhookReceiver().start();
    const hook = await t
      .http()
      .post('/api/v1/webhooks')
      .set(owner.auth)
      .send({ url: other.url, events: ['event.created'] })
      .expect(201);
    try {
      const series = await createSeriesOf(5); // 5 messages, recorded together
      const [guest] = await createUsers(t, 1);
      await register(series.occurrences[0]!.id, guest).expect(201); // not for `other`
      const ids = series.occurrences.map((occurrence) => occurrence.id);
      const toAll = await toldAbout(...ids);
      expect(lines(toAll)).toEqual(
        [...Array(5).fill(line('event.created')), line('registration.created', guest)].sort(),
      );
      const webhookIds = (receiver: WebhookReceiver, type: string) =>
        receiver.received
          .filter((request) => (JSON.parse(request.body) as Told).type === type)
          .filter((request) =>
            ids.includes((JSON.parse(request.body) as Told).data.event.id as number),
          )
          .map((request) => String(request.headers['webhook-id']))
          .sort();
      expect(other.received).toHaveLength(5);
      expect(webhookIds(other, 'event.created')).toEqual(webhookIds(receiver, 'event.created'));
      expect(new Set(webhookIds(other, 'event.created')).size).toBe(5);
    } finally {
      await t
        .http()
        .delete(`/api/v1/webhooks/${(hook.body as { id: number }).id}`)
        .set(owner.auth)
        .expect(204);
      await other.close();
    }
  });

  // Runs last (Jest keeps the order of a file): the tests above between them sent every type.
  it('has delivered every one of the 14 types', () => {
    expect([...seen].sort()).toEqual([...WEBHOOK_EVENT_TYPES].sort());
  });

  async function createSeriesOf(count: number, fields: object = {}): Promise<SeriesBody> {
    const res = await t
      .http()
      .post(SERIES)
      .set(owner.auth)
      .send({
        name: `Weekly ${count}`,
        startsAt: isoIn(DAY),
        endsAt: isoIn(DAY + HOUR),
        recurrence: `FREQ=DAILY;COUNT=${count}`,
        ...fields,
      })
      .expect(201);
    return res.body as SeriesBody;
  }
});

const byId = (a: Record<string, unknown>, b: Record<string, unknown>) =>
  (a.id as number) - (b.id as number);

/** Resolves once every recorded message was fanned out and no delivery is still pending. */
async function settled(t: TestApp): Promise<void> {
  const deadline = Date.now() + 15_000;
  const count = async (query: string) =>
    Number((await t.dataSource.query<Array<{ n: number | string }>>(query))[0]!.n);
  for (;;) {
    const waiting =
      (await count('SELECT COUNT(*) AS n FROM outbox_messages WHERE dispatched_at IS NULL')) +
      (await count("SELECT COUNT(*) AS n FROM webhook_deliveries WHERE status = 'pending'"));
    if (waiting === 0) return;
    if (Date.now() > deadline) throw new Error(`${waiting} messages or deliveries still pending`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
