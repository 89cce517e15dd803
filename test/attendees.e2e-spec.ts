import { get, IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse } from 'csv-parse/sync';
import { Database } from '../src/database/database';
import { Sql } from '../src/database/sql';
import type { AttendeeDto } from '../src/events/dto/attendee-response.dto';
import { Registration } from '../src/events/entities/registration.entity';
import { EXPORT_PAGE_SIZE } from '../src/events/attendees.service';
import { User } from '../src/users/entities/user.entity';
import { createTestApp, TestApp } from './app.factory';
import {
  createEvent,
  createUsers,
  EVENTS,
  expectProblem,
  expectValidation,
  makeAdmin,
  UTC_MS,
} from './event-factories';
import { createUser, TestUser } from './factories';
import { seedAttendees } from './support/bulk-attendees';
import { TestClock } from './support/test-clock';
import { spotCalls } from './waitlist-support';

// Booting the app and seeding 20,000 people take seconds on a busy CI machine.
jest.setTimeout(60_000);

const HEADER = 'id,username,email,firstName,lastName,status,registeredAt,checkedInAt';

interface AttendeePage {
  items: AttendeeDto[];
  total: number;
}

/** The CSV's records as objects keyed by the header, every cell a string. */
function records(csv: string): Record<string, string>[] {
  return parse<Record<string, string>>(csv, { columns: true });
}

/** An attendee as its CSV record shows it (no cell here needs the formula guard). */
/** The fixed cells of a row (answers have a column per question, none here). */
function asRecord(attendee: AttendeeDto): Record<string, string> {
  return Object.fromEntries(
    Object.entries(attendee)
      .filter(([key]) => key !== 'answers')
      .map(([key, value]) => [key, value === null ? '' : String(value)]),
  );
}

/** Names set straight in the database: registration trims them, a later edit may not. */
async function rename(t: TestApp, user: TestUser, firstName: string, lastName: string | null) {
  await t.dataSource.getRepository(User).update({ id: user.id }, { firstName, lastName });
}

/** A GET against the listening server, answered as a stream (not buffered as supertest does). */
function rawGet(port: number, path: string, user: TestUser): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path, headers: user.auth }, resolve).on('error', reject);
  });
}

/** The whole body of a streamed response, and in how many chunks it came. */
function body(res: IncomingMessage): Promise<{ text: string; chunks: number }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () =>
      resolve({ text: Buffer.concat(chunks).toString('utf8'), chunks: chunks.length }),
    );
    res.on('error', reject);
  });
}

/** `promise`, or a failure with `message` after `ms`. */
async function within<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Whether `query` is one page of the CSV export (keyset paging on the registration id). */
const isExportPage = (query: Sql) =>
  /r\.id > \? ORDER BY r\.id ASC LIMIT/.test(query.render(() => '?').replace(/\s+/g, ' '));

describe('GET /events/:id/attendees', () => {
  let t: TestApp;
  let owner: TestUser;
  let users: TestUser[];
  let calls: ReturnType<typeof spotCalls>;
  let port: number;
  const clock = new TestClock();

  beforeAll(async () => {
    t = await createTestApp({}, { clock });
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
    calls = spotCalls(t);
    owner = await createUser(t);
    users = await createUsers(t, 6);
  });
  afterAll(() => t.close());

  const user = (i: number) => users[i]!;
  const attendees = (id: number | string, viewer: TestUser = owner, query = '') =>
    t.http().get(`${EVENTS}/${id}/attendees${query}`).set(viewer.auth);

  /** Capacity 2: users 0 and 1 attend, 2 and 3 wait, in that order. */
  async function fullEvent() {
    const event = await createEvent(t, owner, { capacity: 2 });
    for (const i of [0, 1]) await calls.register(event.id, user(i)).expect(201);
    for (const i of [2, 3]) await calls.join(event.id, user(i)).expect(201);
    return event;
  }

  describe('rules and errors, in the contract order', () => {
    it('answers 401 without a token, before looking at the id', async () => {
      const event = await createEvent(t, owner);
      for (const id of [event.id, 'abc']) {
        const res = await t.http().get(`${EVENTS}/${id}/attendees?format=xml`);
        expectProblem(res, 401, 'UNAUTHENTICATED');
      }
    });

    it('answers 400 for a malformed id, before the lookup and the query', async () => {
      for (const id of ['abc', '0', '1e3', '-1', '1234567890123456']) {
        expectValidation(await attendees(id, owner, '?format=xml'), ['id']);
      }
    });

    it('answers 404 EVENT_NOT_FOUND for an unknown event, before the query', async () => {
      expectProblem(await attendees(999_999_999, owner, '?format=xml'), 404, 'EVENT_NOT_FOUND');
    });

    it('answers 403 NOT_EVENT_OWNER to anyone but the owner, attendees included, in both formats', async () => {
      const event = await fullEvent();
      for (const viewer of [user(0), user(2), user(5)]) {
        expectProblem(await attendees(event.id, viewer), 403, 'NOT_EVENT_OWNER');
        expectProblem(await attendees(event.id, viewer, '?format=csv'), 403, 'NOT_EVENT_OWNER');
        expectProblem(await attendees(event.id, viewer, '?format=xml'), 403, 'NOT_EVENT_OWNER');
      }
    });

    it('lets an admin read any event, in both formats', async () => {
      const event = await fullEvent();
      const admin = await makeAdmin(t, await createUser(t));
      const res = await attendees(event.id, admin).expect(200);
      expect((res.body as AttendeePage).total).toBe(4);
      const csv = await attendees(event.id, admin, '?format=csv').expect(200);
      expect(records(csv.text)).toHaveLength(4);
    });

    it('answers 400 for a format other than json or csv, and for a repeated one', async () => {
      const event = await createEvent(t, owner);
      for (const query of ['?format=xml', '?format=CSV', '?format=', '?format=csv&format=csv']) {
        expectValidation(await attendees(event.id, owner, query), ['format']);
      }
    });

    it('answers 400 for an unknown query parameter', async () => {
      const event = await createEvent(t, owner);
      expectValidation(await attendees(event.id, owner, '?limit=10'), ['limit']);
      expectValidation(await attendees(event.id, owner, '?format=csv&q=x'), ['q']);
    });
  });

  describe('JSON', () => {
    it('lists the attendees in registration order, then the waiting list in queue order', async () => {
      const event = await fullEvent();
      await rename(t, user(0), 'Ada', 'Lovelace');
      const res = await attendees(event.id).expect(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      const body = res.body as AttendeePage;
      expect(body.total).toBe(4);
      expect(body.items.map((item) => [item.id, item.status])).toEqual([
        [user(0).id, 'attending'],
        [user(1).id, 'attending'],
        [user(2).id, 'waitlisted'],
        [user(3).id, 'waitlisted'],
      ]);
      expect(body.items[0]).toEqual({
        id: user(0).id,
        username: user(0).username,
        email: `${user(0).username}@example.com`,
        firstName: 'Ada',
        lastName: 'Lovelace',
        status: 'attending',
        registeredAt: expect.stringMatching(UTC_MS),
        answers: [],
        checkedInAt: null,
      });
      expect(body.items[1]).toMatchObject({ firstName: null, lastName: null });
      const times = body.items.map((item) => Date.parse(item.registeredAt));
      expect([...times].sort((a, b) => a - b)).toEqual(times);
    });

    it("gives a promoted person the promotion time as registeredAt, and the stored row's", async () => {
      const event = await fullEvent();
      const joined = (await attendees(event.id).expect(200)).body as AttendeePage;
      clock.advance(10 * 60_000);
      const before = clock.now();
      await calls.unregister(event.id, user(0)).expect(204);
      const after = clock.now();
      const body = (await attendees(event.id).expect(200)).body as AttendeePage;
      expect(body.items.map((item) => [item.id, item.status])).toEqual([
        [user(1).id, 'attending'],
        [user(2).id, 'attending'],
        [user(3).id, 'waitlisted'],
      ]);
      const promoted = body.items[1]!;
      const row = await t.dataSource
        .getRepository(Registration)
        .findOneByOrFail({ eventId: event.id, userId: user(2).id });
      expect(promoted.registeredAt).toBe(row.createdAt.toISOString());
      expect(Date.parse(promoted.registeredAt)).toBeGreaterThanOrEqual(before);
      expect(Date.parse(promoted.registeredAt)).toBeLessThanOrEqual(after);
      expect(joined.items[2]?.registeredAt).not.toBe(promoted.registeredAt);
    });

    it('answers an empty list for an event without anyone', async () => {
      const event = await createEvent(t, owner);
      expect((await attendees(event.id, owner, '?format=json').expect(200)).body).toEqual({
        items: [],
        total: 0,
      });
    });
  });

  describe('CSV', () => {
    it('answers the same rows as JSON, as an RFC 4180 download with CRLF line ends', async () => {
      const event = await fullEvent();
      const json = (await attendees(event.id).expect(200)).body as AttendeePage;
      const res = await attendees(event.id, owner, '?format=csv').expect(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toBe(
        `attachment; filename="event-${event.id}-attendees.csv"`,
      );
      expect(res.text.startsWith(`${HEADER}\r\n`)).toBe(true);
      expect(res.text.endsWith('\r\n')).toBe(true);
      expect(res.text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
      expect(res.text.split('\r\n')).toHaveLength(1 + 4 + 1);
      expect(records(res.text)).toEqual(json.items.map(asRecord));
    });

    it('guards formula-looking cells with a quote, and quotes commas, quotes and line breaks', async () => {
      const event = await createEvent(t, owner);
      const names: [string, string | null][] = [
        ['=HYPERLINK("http://evil.example","x")', '+1'],
        ['-2+3', '@SUM(A1:A9)'],
        ['\tTabbed', '\rReturned'],
        ['Smith, Jr.', 'say "hi"'],
        ['line\nbreak', null],
        ['Ada=', 'a-b'],
      ];
      const people = await createUsers(t, 6);
      for (const [i, [first, last]] of names.entries()) {
        await rename(t, people[i]!, first, last);
        await calls.register(event.id, people[i]!).expect(201);
      }
      const res = await attendees(event.id, owner, '?format=csv').expect(200);
      const rows = records(res.text);
      expect(rows.map((row) => [row.firstName, row.lastName])).toEqual([
        [`'=HYPERLINK("http://evil.example","x")`, "'+1"],
        ["'-2+3", "'@SUM(A1:A9)"],
        ["'\tTabbed", "'\rReturned"],
        ['Smith, Jr.', 'say "hi"'],
        ['line\nbreak', ''],
        ['Ada=', 'a-b'],
      ]);
      expect(res.text).toContain(`,"'=HYPERLINK(""http://evil.example"",""x"")",'+1,`);
      expect(res.text).toContain(`,"Smith, Jr.","say ""hi""",`);
      expect(res.text).toContain(`,"line\nbreak",,`);
      expect(res.text).toContain(`,"'\rReturned",`);
      // Unquoted, every line ends in CRLF.
      const unquoted = res.text.replace(/"(?:[^"]|"")*"/g, '');
      expect(unquoted.match(/\r\n/g)).toHaveLength(1 + names.length);
      expect(unquoted.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    });

    it('answers the header line alone for an event without anyone', async () => {
      const event = await createEvent(t, owner);
      const res = await attendees(event.id, owner, '?format=csv').expect(200);
      expect(res.text).toBe(`${HEADER}\r\n`);
    });

    it('lists only the waiting list when nobody attends any more', async () => {
      const event = await fullEvent();
      await t.dataSource
        .getRepository(Registration)
        .delete({ eventId: event.id, status: 'attending' });
      const rows = records((await attendees(event.id, owner, '?format=csv').expect(200)).text);
      expect(rows.map((row) => [row.id, row.status])).toEqual([
        [String(user(2).id), 'waitlisted'],
        [String(user(3).id), 'waitlisted'],
      ]);
    });
  });

  describe('streaming', () => {
    afterEach(() => jest.restoreAllMocks());

    it('sends the first bytes of a 20,000-attendee export before reading its later pages', async () => {
      const count = 20_000;
      const { eventId, prefix } = await seedAttendees(t, owner, count);
      const db = t.app.get(Database);
      const all = db.all.bind(db);
      let pages = 0;
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      // The second page waits until the client has its first bytes: were the CSV built whole
      // before being sent, no byte would ever come.
      jest.spyOn(db, 'all').mockImplementation(async <T>(query: Sql): Promise<T[]> => {
        if (isExportPage(query)) {
          pages += 1;
          if (pages === 2) await held;
        }
        return all<T>(query);
      });

      let csv: Promise<{ text: string; chunks: number }>;
      try {
        const res = await within(
          rawGet(port, `${EVENTS}/${eventId}/attendees?format=csv`, owner),
          5_000,
          'no response head while the second page was held: the export is not streamed',
        );
        expect(res.statusCode).toBe(200);
        expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
        const first = new Promise<void>((resolve) => res.once('data', () => resolve()));
        csv = body(res);
        await within(first, 5_000, 'no byte arrived while the second page was held: not streamed');
        expect(pages).toBe(2);
      } finally {
        release();
      }
      const { text, chunks } = await within(csv, 20_000, 'the export did not finish');

      expect(chunks).toBeGreaterThan(1);
      const rows = records(text);
      expect(rows).toHaveLength(count);
      expect(rows.map((row) => row.username)).toEqual(
        Array.from({ length: count }, (_, i) => `${prefix}_${i}`),
      );
      expect(rows[count - 1]).toMatchObject({
        firstName: `First ${count - 1}`,
        status: 'attending',
      });
      // Keyset pages of EXPORT_PAGE_SIZE: every full one, one empty end of the attendees, the
      // (empty) waiting list, pending and declined requests.
      expect(pages).toBe(count / EXPORT_PAGE_SIZE + 4);
    });
  });
});
