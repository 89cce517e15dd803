import { hash } from '@node-rs/argon2';
import { DataSource } from 'typeorm';
import { Accounts1763900000000 } from '../src/database/migrations/1763900000000-accounts';
import { Events1763900100000 } from '../src/database/migrations/1763900100000-events';
import { createTestApp, TestApp } from './app.factory';
import { EVENTS, EventDetailBody, expectProblem, ids } from './event-factories';
import { createUser, login, TestUser, uniqueName } from './factories';
import { openTestDatabase, TEST_DB_TYPE, TestDatabase } from './support/test-database';
import { expectInvariants, spotCalls } from './waitlist-support';

const PASSWORD = 'correct-horse-battery';
const DAY = 86_400_000;
const NFD_EMAIL = 'José@example.com'.normalize('NFD');
const NFC_EMAIL = 'josé@example.com'.normalize('NFC');

/**
 * A database made by the previous schema (the first two migrations), holding users, events and
 * registrations written as that schema's code wrote them; then the app boots on it, which runs
 * the new migration, and everything that was there must still be there and work.
 */
describe('migration: upgrading a database that holds data', () => {
  let database: TestDatabase;
  let t: TestApp;
  const now = Date.now();

  beforeAll(async () => {
    database = await openTestDatabase();
    const old = new DataSource({
      ...(TEST_DB_TYPE === 'postgres'
        ? { type: 'postgres' as const, url: database.env.DATABASE_URL }
        : { type: 'better-sqlite3' as const, database: database.handle }),
      migrations: [Accounts1763900000000, Events1763900100000],
    });
    await old.initialize();
    await old.runMigrations();
    const passwordHash = await hash(PASSWORD);
    for (const name of ['oldowner', 'olda', 'oldb']) {
      await old.query(
        `INSERT INTO users (username, username_key, email, email_key, password_hash, created_at)
         VALUES ('${name}', '${name}', '${name}@example.com', '${name}@example.com',
                 '${passwordHash}', ${now})`,
      );
    }
    // Spellings that lower-casing kept apart and NFKC with case folding makes one (issue 17).
    const spellings: [string, string][] = [
      ['oldnfd', NFD_EMAIL],
      ['oldnfc', NFC_EMAIL],
      ['oldfold', 'Straße@Example.com'],
    ];
    for (const [name, email] of spellings) {
      await old.query(
        `INSERT INTO users (username, username_key, email, email_key, password_hash, created_at)
         VALUES ('${name}', '${name}', '${email}', '${email.toLowerCase()}', '${passwordHash}', ${now})`,
      );
    }
    const start = now + 10 * DAY;
    // Event 1: full (capacity 2, both old users registered). Event 2: unlimited, no one.
    await old.query(
      `INSERT INTO events (owner_id, name, description, location, name_key, search_text,
         starts_at, ends_at, capacity, attendee_count, created_at, updated_at)
       VALUES (1, 'Old meetup', 'Kept', 'Berlin', 'old meetup', 'old meetup\nkept',
         ${start}, ${start + 3_600_000}, 2, 2, ${now}, ${now}),
       (1, 'Old talk', NULL, NULL, 'old talk', 'old talk\n',
         ${start}, ${start + 3_600_000}, NULL, 0, ${now}, ${now})`,
    );
    await old.query(
      `INSERT INTO registrations (event_id, user_id, created_at)
       VALUES (1, 2, ${now}), (1, 3, ${now + 1})`,
    );
    await old.destroy();
    t = await createTestApp({ DB_PATH: database.handle });
  });
  afterAll(() => t.close());

  const oldUser = async (username: string): Promise<TestUser> => {
    const tokens = await login(t, username, PASSWORD);
    const me = await t
      .http()
      .get('/api/v1/users/me')
      .set({ Authorization: `Bearer ${tokens.access_token}` })
      .expect(200);
    return {
      id: me.body.id,
      username,
      password: PASSWORD,
      accessToken: tokens.access_token,
      refreshToken: tokens.refresh_token,
      auth: { Authorization: `Bearer ${tokens.access_token}` },
    };
  };

  it('gives existing events category other, time zone UTC, version 1, no waiting list', async () => {
    const owner = await oldUser('oldowner');
    const res = await t.http().get(`${EVENTS}/1`).set(owner.auth).expect(200);
    const event = res.body as EventDetailBody;
    expect(event).toMatchObject({
      name: 'Old meetup',
      description: 'Kept',
      location: 'Berlin',
      category: 'other',
      timeZone: 'UTC',
      version: 1,
      status: 'upcoming',
      capacity: 2,
      attendeeCount: 2,
      waitlistCount: 0,
      cancelledAt: null,
      cancellationReason: null,
      waitlist: [],
    });
    expect(res.headers.etag).toBe('"1"');
    expect(event.attendees.map((a) => a.username)).toEqual(['olda', 'oldb']);
    const unlimited = await t.http().get(`${EVENTS}/2`).set(owner.auth).expect(200);
    expect(unlimited.body).toMatchObject({ category: 'other', timeZone: 'UTC', version: 1 });
  });

  it('keeps old registrations as attendees, and the new rules work on old events', async () => {
    const calls = spotCalls(t);
    const [a, owner, newcomer] = [
      await oldUser('olda'),
      await oldUser('oldowner'),
      await createUser(t),
    ];
    expectProblem(await calls.register(1, newcomer), 409, 'EVENT_FULL');
    expectProblem(await calls.register(1, a), 409, 'ALREADY_REGISTERED');
    await calls.join(1, newcomer).expect(201);
    await calls.unregister(1, a).expect(204);
    const detail = await expectInvariants(t, 1, owner);
    expect(detail.attendees.map((p) => p.username)).toEqual(['oldb', newcomer.username]);
    const listed = await t.http().get(`${EVENTS}?category=other&owner=me`).set(owner.auth);
    expect(listed.body.total).toBe(2);
  });

  it('gives every old registration a ticket of its own, without questions or approval', async () => {
    const owner = await oldUser('oldowner');
    const event = await t.http().get(`${EVENTS}/2`).set(owner.auth).expect(200);
    expect(event.body).toMatchObject({ questions: [], requiresApproval: false, pendingCount: 0 });
    const codes: { code: string | null; hash: string | null }[] = await t.dataSource.query(
      `SELECT ticket_code AS code, ticket_hash AS hash FROM registrations`,
    );
    expect(codes.length).toBeGreaterThan(0);
    for (const { code, hash } of codes) {
      expect(code).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(hash).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(new Set(codes.map(({ code }) => code)).size).toBe(codes.length);
    const ticket = await t
      .http()
      .get(`${EVENTS}/1/ticket`)
      .set((await oldUser('oldb')).auth);
    expect(ticket.status === 200 || ticket.status === 404).toBe(true);
  });

  it('indexes the existing events for search, and keeps the index in step afterwards', async () => {
    const owner = await oldUser('oldowner');
    const found = async (q: string) =>
      ids(await t.http().get(EVENTS).query({ q }).set(owner.auth).expect(200));
    expect(await found('meetup')).toEqual([1]);
    expect(await found('kept')).toEqual([1]);
    expect(await found('old')).toEqual([1, 2]);
    await t.http().patch(`${EVENTS}/2`).set(owner.auth).send({ name: 'Renamed talk' }).expect(200);
    expect(await found('old talk')).toEqual([]);
    expect(await found('renamed')).toEqual([2]);
  });

  it('keeps every spelling as typed, and every account logs in, when old keys collide', async () => {
    for (const [name, email] of [
      ['oldnfd', NFD_EMAIL],
      ['oldnfc', NFC_EMAIL],
      ['oldfold', 'Straße@Example.com'],
    ]) {
      const user = await oldUser(name!);
      const me = await t.http().get('/api/v1/users/me').set(user.auth).expect(200);
      expect(me.body.email).toBe(email);
    }
  });

  it('compares new registrations with the recomputed keys (NFKC and case folding)', async () => {
    const register = (email: string) =>
      t
        .http()
        .post('/api/v1/auth/register')
        .send({ username: uniqueName('new'), email, password: PASSWORD });
    expectProblem(await register('JOSÉ@EXAMPLE.COM'.normalize('NFD')), 409, 'EMAIL_TAKEN');
    expectProblem(await register('strasse@example.com'), 409, 'EMAIL_TAKEN');
    expectProblem(await register('OLDA@example.com'), 409, 'EMAIL_TAKEN');
    const keys = await t.dataSource.query<{ username: string; emailKey: string }[]>(
      `SELECT username, email_key AS "emailKey" FROM users
       WHERE username IN ('oldnfd', 'oldnfc', 'oldfold') ORDER BY username`,
    );
    // The NFC row already held the shared key; the NFD row keeps its old one (still unique).
    expect(keys).toEqual([
      { username: 'oldfold', emailKey: 'strasse@example.com' },
      { username: 'oldnfc', emailKey: NFC_EMAIL },
      { username: 'oldnfd', emailKey: NFD_EMAIL.toLowerCase() },
    ]);
  });

  it('takes idempotency keys from old accounts on old events: a retried registration is one', async () => {
    const [owner, b] = [await oldUser('oldowner'), await oldUser('oldb')];
    const register = () =>
      t
        .http()
        .post(`${EVENTS}/2/registration`)
        .set(b.auth)
        .set('Idempotency-Key', 'upgrade-key')
        .send({});
    const first = await register();
    expect(first.status).toBe(201);
    const again = await register();
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const unlimited = await t.http().get(`${EVENTS}/2`).set(owner.auth).expect(200);
    expect(unlimited.body).toMatchObject({ attendeeCount: 1 });
  });
});
