import ICAL from 'ical.js';
import { createTestApp, TestApp } from './app.factory';
import {
  createEvent,
  createUsers,
  DAY,
  EVENTS,
  expectValidation,
  HOUR,
  insertEvent,
} from './event-factories';
import { TestUser, uniqueName } from './factories';

/** A name that, written raw into a content line, adds a VEVENT cancelling someone else's event. */
const injection = (victimId: number) =>
  `Party\r\nBEGIN:VEVENT\r\nUID:event-${victimId}@127.0.0.1\r\nSEQUENCE:999\r\n` +
  'STATUS:CANCELLED\r\nEND:VEVENT';

/** RFC 5545 allows no control character but tab in a content line (CRLF ends lines). */
const CONTROLS = ['\u000b', '\b', '\f', '\u001b', '\u007f', '\u0085', '\u0007', '\u0000'];

// NAME (RFC 7986) and X-WR-CALNAME (by convention) are TEXT; ical.js knows only RFC 5545's
// properties and would hand them back raw, so it is told, and unescapes them as calendar apps do.
for (const property of ['name', 'x-wr-calname']) {
  (ICAL.design.icalendar.property as Record<string, { defaultType: string }>)[property] = {
    defaultType: 'text',
  };
}

/** The document's content lines unfolded, each without its CRLF. */
const contentLines = (text: string) => text.replace(/\r\n[ \t]/g, '').split('\r\n');

describe('calendar injection and control characters', () => {
  let t: TestApp;
  let owner: TestUser;
  let victim: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    [owner, victim] = await createUsers(t, 2);
  });
  afterAll(() => t.close());

  const calendarOf = (id: number, user = owner) =>
    t.http().get(`${EVENTS}/${id}/calendar`).set(user.auth).expect(200);

  describe('input refuses control characters (400 on the field, nothing saved)', () => {
    it('refuses a name carrying a VEVENT of its own', async () => {
      const target = await createEvent(t, victim);
      const res = await t
        .http()
        .post(EVENTS)
        .set(owner.auth)
        .send({
          name: injection(target.id),
          startsAt: new Date(Date.now() + DAY),
          endsAt: new Date(Date.now() + DAY + HOUR),
        });
      expectValidation(res, ['name']);
    });

    it.each(CONTROLS.map((c) => [`U+${c.codePointAt(0)!.toString(16).padStart(4, '0')}`, c]))(
      'refuses %s in a name, a location, a description and a reason',
      async (_, control) => {
        const event = await createEvent(t, owner);
        const patch = (body: object) =>
          t.http().patch(`${EVENTS}/${event.id}`).set(owner.auth).send(body);
        expectValidation(await patch({ name: `a${control}b` }), ['name']);
        expectValidation(await patch({ location: `a${control}b` }), ['location']);
        expectValidation(await patch({ description: `a${control}b` }), ['description']);
        const cancel = await t
          .http()
          .post(`${EVENTS}/${event.id}/cancellation`)
          .set(owner.auth)
          .send({ reason: `a${control}b` });
        expectValidation(cancel, ['reason']);
        const stored = await t.http().get(`${EVENTS}/${event.id}`).set(owner.auth).expect(200);
        expect(stored.body).toMatchObject({ name: event.name, version: 1, status: 'upcoming' });
      },
    );

    it('refuses line ends in one-line texts and keeps them (and tabs) in descriptions', async () => {
      const event = await createEvent(t, owner);
      const patch = (body: object) =>
        t.http().patch(`${EVENTS}/${event.id}`).set(owner.auth).send(body);
      expectValidation(await patch({ name: 'one\ntwo' }), ['name']);
      expectValidation(await patch({ location: 'one\rtwo' }), ['location']);
      const description = 'line one\r\nline two\n\tindented';
      const ok = await patch({ name: 'tab\there', description }).expect(200);
      expect(ok.body).toMatchObject({ name: 'tab\there', description });
    });

    it('refuses control characters in a person’s names', async () => {
      const username = uniqueName();
      const res = await t
        .http()
        .post('/api/v1/auth/register')
        .send({
          username,
          email: `${username}@example.com`,
          password: 'correct-horse-battery',
          firstName: 'A\u001bB',
          lastName: 'C\nD',
        });
      expectValidation(res, ['firstName', 'lastName']);
    });
  });

  describe('output never carries a control character or an unescaped line', () => {
    /** An event saved before input refused control characters: the writer must still hold. */
    async function legacyEvent(name: string, description: string | null = null) {
      return insertEvent(t, owner, {
        name,
        description,
        location: `Room\u000b1; Hall, B\\C`,
        startsAt: Date.now() + DAY,
        endsAt: Date.now() + DAY + HOUR,
      });
    }

    it('writes an injected name as escaped text in NAME, X-WR-CALNAME and SUMMARY', async () => {
      const target = await createEvent(t, victim);
      const name = injection(target.id);
      const id = await legacyEvent(name);
      const { text } = await calendarOf(id);
      const lines = contentLines(text);
      // One VEVENT, this event's: nothing the name holds became a line of its own.
      expect(lines.filter((line) => line === 'BEGIN:VEVENT')).toHaveLength(1);
      expect(lines.filter((line) => line.startsWith('UID:'))).toEqual([
        `UID:event-${id}@127.0.0.1`,
      ]);
      expect(lines.filter((line) => line.startsWith('SEQUENCE:'))).toEqual(['SEQUENCE:0']);
      const calendar = new ICAL.Component(ICAL.parse(text));
      const events = calendar.getAllSubcomponents('vevent');
      expect(events).toHaveLength(1);
      const expected = name.replace(/\r\n/g, '\n');
      expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe(expected);
      expect(calendar.getFirstPropertyValue('name')).toBe(expected);
      expect(events[0]!.getFirstPropertyValue('summary')).toBe(expected);
    });

    it('escapes ; , and \\ in the calendar name as in every TEXT value', async () => {
      const id = await legacyEvent('Rust, Go; C\\C++');
      const { text } = await calendarOf(id);
      expect(contentLines(text)).toContain('X-WR-CALNAME:Rust\\, Go\\; C\\\\C++');
      const calendar = new ICAL.Component(ICAL.parse(text));
      expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Rust, Go; C\\C++');
    });

    it('drops control characters stored before the rule from every text', async () => {
      const id = await legacyEvent(
        'Bad\u0008\u001b[31mname\u007f',
        'desc\fwith\u0085controls\tand tab',
      );
      const { text } = await calendarOf(id);
      // Nothing but CRLF line ends and tabs below 0x20; no DEL or C1 either.
      const rest = [...text.replace(/\r\n/g, '').replace(/\t/g, '')];
      const isControl = (c: string) => c < ' ' || (c >= '\u007f' && c <= '\u009f');
      expect(rest.filter(isControl)).toEqual([]);
      const vevent = new ICAL.Component(ICAL.parse(text)).getFirstSubcomponent('vevent')!;
      expect(vevent.getFirstPropertyValue('summary')).toBe('Bad[31mname');
      expect(vevent.getFirstPropertyValue('description')).toBe('descwithcontrols\tand tab');
      expect(vevent.getFirstPropertyValue('location')).toBe('Room1; Hall, B\\C');
    });
  });

  describe('links and UIDs from PUBLIC_URL, never from the Host header', () => {
    let site: TestApp;
    let user: TestUser;

    beforeAll(async () => {
      site = await createTestApp({ PUBLIC_URL: 'https://events.example.com/app/' });
      [user] = await createUsers(site, 1);
    });
    afterAll(() => site.close());

    it('builds UID, URL and the feed address on PUBLIC_URL whatever Host says', async () => {
      const event = await createEvent(site, user);
      const res = await site
        .http()
        .get(`${EVENTS}/${event.id}/calendar`)
        .set(user.auth)
        .set('Host', 'attacker.example:8443')
        .expect(200);
      const vevent = new ICAL.Component(ICAL.parse(res.text)).getFirstSubcomponent('vevent')!;
      expect(vevent.getFirstPropertyValue('uid')).toBe(`event-${event.id}@events.example.com`);
      expect(vevent.getFirstPropertyValue('url')).toBe(
        `https://events.example.com/app/events/${event.id}`,
      );
      expect(res.text).not.toContain('attacker');
      const feed = await site
        .http()
        .post('/api/v1/users/me/calendar-feed')
        .set(user.auth)
        .set('Host', 'attacker.example')
        .expect(201);
      expect(feed.body.url).toMatch(
        /^https:\/\/events\.example\.com\/app\/api\/v1\/calendar-feeds\/\d+\.[A-Za-z0-9_-]{43}$/,
      );
    });
  });
});
