import { createHash } from 'node:crypto';
import ICAL from 'ical.js';
import { CalendarFeed } from '../src/calendar/calendar-feed.entity';
import { createTestApp, TestApp } from './app.factory';
import {
  createEvent,
  createUsers,
  DAY,
  EVENTS,
  expectProblem,
  expectValidation,
  HOUR,
  insertEvent,
  insertRegistration,
} from './event-factories';
import { TestUser } from './factories';
import { spotCalls } from './waitlist-support';

/** Text a calendar must give back exactly: every character RFC 5545 escapes, emoji, long UTF-8. */
const TRICKY_NAME = 'Rust, Go; and C\\C++ 🎉';
const TRICKY_DESCRIPTION = `Line one, with a comma; a semicolon\nline two \\ backslash 🦀\n${'é'.repeat(150)}${'ü'.repeat(150)}`;

interface ParsedEvent {
  uid: string;
  summary: string;
  description: string | null;
  location: string | null;
  start: string;
  end: string;
  status: string;
  sequence: number;
  categories: string[];
  url: string;
  stamp: string;
}

/** Parses with ical.js (Mozilla's iCalendar parser, as used by Thunderbird): what clients see. */
function parseCalendar(text: string): { calendar: ICAL.Component; events: ParsedEvent[] } {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const events = calendar.getAllSubcomponents('vevent').map((vevent) => {
    const text = (name: string) => (vevent.getFirstPropertyValue(name) as string | null) ?? null;
    const time = (name: string) =>
      (vevent.getFirstPropertyValue(name) as ICAL.Time).toJSDate().toISOString();
    return {
      uid: text('uid')!,
      summary: text('summary')!,
      description: text('description'),
      location: text('location'),
      start: time('dtstart'),
      end: time('dtend'),
      status: text('status')!,
      sequence: Number(vevent.getFirstPropertyValue('sequence')),
      categories: vevent.getAllProperties('categories').flatMap((p) => p.getValues() as string[]),
      url: text('url')!,
      stamp: time('dtstamp'),
    };
  });
  return { calendar, events };
}

const toSecond = (iso: string) => iso.replace(/\.\d{3}Z$/, '.000Z');

/** RFC 5545 §3.1: CRLF line ends, and no line longer than 75 octets (folding included). */
function expectWellFormedLines(text: string): void {
  expect(text.endsWith('\r\n')).toBe(true);
  expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  for (const line of text.split('\r\n')) {
    expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
  }
}

describe('calendars', () => {
  let t: TestApp;
  let owner: TestUser;
  let attendee: TestUser;
  let waiter: TestUser;
  let stranger: TestUser;
  let calls: ReturnType<typeof spotCalls>;

  beforeAll(async () => {
    t = await createTestApp();
    calls = spotCalls(t);
    [owner, attendee, waiter, stranger] = await createUsers(t, 4);
  });
  afterAll(() => t.close());

  const eventCalendar = (id: number | string, user: TestUser = attendee) =>
    t.http().get(`${EVENTS}/${id}/calendar`).set(user.auth);
  const createFeed = async (user: TestUser) => {
    const res = await t.http().post('/api/v1/users/me/calendar-feed').set(user.auth).expect(201);
    return res.body as { url: string; createdAt: string };
  };
  /** GET of a feed address, with no Authorization header (calendar apps have none). */
  const getFeed = (url: string) => t.http().get(new URL(url).pathname + new URL(url).search);

  describe('GET /events/:id/calendar', () => {
    it('answers one VEVENT that round-trips names and descriptions through a real parser', async () => {
      const event = await createEvent(t, owner, {
        name: TRICKY_NAME,
        description: TRICKY_DESCRIPTION,
        location: 'Café "Zur Linde", Berlin; 2nd floor',
        category: 'workshop',
        timeZone: 'Europe/Berlin',
      });
      const res = await eventCalendar(event.id).expect(200);
      expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
      const text = res.text;
      expectWellFormedLines(text);
      const { calendar, events } = parseCalendar(text);
      expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
      expect(calendar.getFirstPropertyValue('prodid')).toEqual(expect.any(String));
      expect(events).toHaveLength(1);
      expect(events[0]).toEqual({
        // supertest reaches the app as 127.0.0.1:<port>; the UID takes the host name only.
        uid: `event-${event.id}@127.0.0.1`,
        summary: TRICKY_NAME,
        description: TRICKY_DESCRIPTION,
        location: 'Café "Zur Linde", Berlin; 2nd floor',
        // iCalendar DATE-TIME has whole seconds.
        start: toSecond(event.startsAt),
        end: toSecond(event.endsAt),
        status: 'CONFIRMED',
        sequence: 0,
        categories: ['workshop'],
        url: expect.stringMatching(new RegExp(`/events/${event.id}$`)),
        stamp: toSecond(event.updatedAt),
      });
      // Times are UTC in the text itself.
      expect(text).toMatch(/\r\nDTSTART:\d{8}T\d{6}Z\r\n/);
    });

    it('folds long lines at 75 octets without splitting a character', async () => {
      const event = await createEvent(t, owner, { description: '€'.repeat(2000) });
      const res = await eventCalendar(event.id).expect(200);
      expectWellFormedLines(res.text);
      expect(parseCalendar(res.text).events[0]!.description).toBe('€'.repeat(2000));
    });

    it('shows a cancellation as STATUS:CANCELLED with a higher SEQUENCE and the same UID', async () => {
      const event = await createEvent(t, owner);
      const before = parseCalendar((await eventCalendar(event.id).expect(200)).text).events[0]!;
      await t.http().patch(`${EVENTS}/${event.id}`).set(owner.auth).send({ name: 'Moved' });
      await t.http().post(`${EVENTS}/${event.id}/cancellation`).set(owner.auth).expect(200);
      const after = parseCalendar((await eventCalendar(event.id).expect(200)).text).events[0]!;
      expect(after).toMatchObject({ uid: before.uid, status: 'CANCELLED', sequence: 2 });
      expect(after.sequence).toBeGreaterThan(before.sequence);
    });

    it('is TENTATIVE for someone on the waiting list', async () => {
      const event = await createEvent(t, owner, { capacity: 1 });
      await calls.register(event.id, attendee).expect(201);
      await calls.join(event.id, waiter).expect(201);
      const mine = parseCalendar((await eventCalendar(event.id, waiter).expect(200)).text);
      expect(mine.events[0]!.status).toBe('TENTATIVE');
      const theirs = parseCalendar((await eventCalendar(event.id, attendee).expect(200)).text);
      expect(theirs.events[0]!.status).toBe('CONFIRMED');
    });

    it('omits DESCRIPTION and LOCATION when the event has none', async () => {
      const event = await createEvent(t, owner);
      const res = await eventCalendar(event.id).expect(200);
      expect(res.text).not.toMatch(/\r\n(DESCRIPTION|LOCATION)[:;]/);
    });

    it('answers 401 without a token, 400 for a malformed id, 404 for an unknown event', async () => {
      expectProblem(await t.http().get(`${EVENTS}/1/calendar`), 401, 'UNAUTHENTICATED');
      expectValidation(await eventCalendar('abc'), ['id']);
      expectProblem(await eventCalendar(999_999_999), 404, 'EVENT_NOT_FOUND');
    });
  });

  describe('calendar feed', () => {
    it('creates a secret address of at least 256 bits, storing only a hash', async () => {
      const [user] = await createUsers(t, 1);
      const before = Date.now();
      const feed = await createFeed(user);
      expect(Date.parse(feed.createdAt)).toBeGreaterThanOrEqual(before - 1);
      const token = new URL(feed.url).pathname.split('/').pop()!;
      const secret = token.split('.')[1]!;
      expect(Buffer.from(secret, 'base64url').length).toBeGreaterThanOrEqual(32);
      const row = await t.dataSource.getRepository(CalendarFeed).findOneByOrFail({
        userId: user.id,
      });
      expect(row.tokenHash).not.toContain(secret);
      expect(row.tokenHash).toBe(createHash('sha256').update(secret).digest('hex'));
    });

    it('holds the attended, waiting-list and organised events, and nothing else', async () => {
      const [me, host] = await createUsers(t, 2);
      const organised = await createEvent(t, me, { name: 'Mine' });
      const attended = await createEvent(t, host, { name: 'Attended' });
      await calls.register(attended.id, me).expect(201);
      const full = await createEvent(t, host, { name: 'Full', capacity: 1 });
      await calls.register(full.id, stranger).expect(201);
      await calls.join(full.id, me).expect(201);
      const other = await createEvent(t, host, { name: 'Not mine' });
      const left = await createEvent(t, host, { name: 'Left' });
      await calls.register(left.id, me).expect(201);
      await calls.unregister(left.id, me).expect(204);
      // Ended 29 days ago: still in; 31 days ago: out.
      const recent = await insertEvent(t, host, {
        name: 'Recent',
        startsAt: Date.now() - 29 * DAY - HOUR,
        endsAt: Date.now() - 29 * DAY,
      });
      await insertRegistration(t, recent, me.id);
      const old = await insertEvent(t, host, {
        name: 'Old',
        startsAt: Date.now() - 31 * DAY - HOUR,
        endsAt: Date.now() - 31 * DAY,
      });
      await insertRegistration(t, old, me.id);

      const feed = await createFeed(me);
      const res = await getFeed(feed.url).expect(200);
      expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
      expect(res.headers['cache-control']).toBe('private, max-age=300');
      expectWellFormedLines(res.text);
      const { events } = parseCalendar(res.text);
      const byName = Object.fromEntries(events.map((e) => [e.summary, e.status]));
      expect(byName).toEqual({
        Mine: 'CONFIRMED',
        Attended: 'CONFIRMED',
        Full: 'TENTATIVE',
        Recent: 'CONFIRMED',
      });
      // By UID too: `toContain` compares with ===, so the ids are extracted, not matched.
      const ids = events.map((e) => Number(/^event-(\d+)@/.exec(e.uid)?.[1]));
      expect(ids).not.toContain(other.id);
      expect(ids).not.toContain(left.id);
      expect(ids).not.toContain(old);
      expect(events.find((e) => e.summary === 'Mine')!.uid).toMatch(
        new RegExp(`^event-${organised.id}@`),
      );
    });

    it('needs no Authorization and ignores the query parameters calendar apps add', async () => {
      const [me] = await createUsers(t, 1);
      await createEvent(t, me, { name: 'Polled' });
      const feed = await createFeed(me);
      const res = await getFeed(`${feed.url}?client=ios&refresh=1`).expect(200);
      expect(parseCalendar(res.text).events.map((e) => e.summary)).toEqual(['Polled']);
    });

    it('shows a cancelled event as CANCELLED', async () => {
      const [me] = await createUsers(t, 1);
      const event = await createEvent(t, me, { name: 'Called off' });
      await t.http().post(`${EVENTS}/${event.id}/cancellation`).set(me.auth).expect(200);
      const feed = await createFeed(me);
      const { events } = parseCalendar((await getFeed(feed.url).expect(200)).text);
      expect(events[0]).toMatchObject({ summary: 'Called off', status: 'CANCELLED', sequence: 1 });
    });

    it('rotates: the old address is a 404 problem at once, the new one works', async () => {
      const [me] = await createUsers(t, 1);
      const first = await createFeed(me);
      await getFeed(first.url).expect(200);
      const second = await createFeed(me);
      expect(second.url).not.toBe(first.url);
      expectProblem(await getFeed(first.url), 404, 'CALENDAR_FEED_NOT_FOUND');
      await getFeed(second.url).expect(200);
    });

    it('is turned off by DELETE: the address is a 404 problem', async () => {
      const [me] = await createUsers(t, 1);
      const feed = await createFeed(me);
      await t.http().delete('/api/v1/users/me/calendar-feed').set(me.auth).expect(204);
      expectProblem(await getFeed(feed.url), 404, 'CALENDAR_FEED_NOT_FOUND');
      // Turning off what is off is fine.
      await t.http().delete('/api/v1/users/me/calendar-feed').set(me.auth).expect(204);
    });

    it('answers 404 CALENDAR_FEED_NOT_FOUND to a malformed, tampered or foreign token', async () => {
      const [me, other] = await createUsers(t, 2);
      const feed = await createFeed(me);
      const token = new URL(feed.url).pathname.split('/').pop()!;
      const [, secret] = token.split('.');
      const flipped = `${secret!.slice(0, -1)}${secret!.endsWith('A') ? 'B' : 'A'}`;
      for (const bad of ['nope', `${me.id}.${flipped}`, `${other.id}.${secret}`, `0.${secret}`]) {
        expectProblem(
          await t.http().get(`/api/v1/calendar-feeds/${bad}`),
          404,
          'CALENDAR_FEED_NOT_FOUND',
        );
      }
    });

    it('answers 401 to feed management without a token', async () => {
      expectProblem(await t.http().post('/api/v1/users/me/calendar-feed'), 401, 'UNAUTHENTICATED');
      expectProblem(
        await t.http().delete('/api/v1/users/me/calendar-feed'),
        401,
        'UNAUTHENTICATED',
      );
    });
  });
});
