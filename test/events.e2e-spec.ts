import { createTestApp, TestApp } from './app.factory';
import {
  countEvents,
  countRegistrations,
  createEvent,
  createUsers,
  DAY,
  EVENTS,
  EventBody,
  expectProblem,
  expectValidation,
  HOUR,
  insertEvent,
  insertRegistration,
  isoIn,
  makeAdmin,
  storedEvent,
  UTC_MS,
  ids,
  without,
} from './event-factories';
import { TestUser } from './factories';

describe('events: create, read, update, delete', () => {
  let t: TestApp;
  let owner: TestUser;
  let other: TestUser;
  let admin: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    [owner, other, admin] = await createUsers(t, 3);
    await makeAdmin(t, admin);
  });
  afterAll(() => t.close());

  const post = (body: unknown, user: TestUser = owner) =>
    t
      .http()
      .post(EVENTS)
      .set(user.auth)
      .send(body as object);
  const patch = (id: number | string, body: unknown, user: TestUser = owner) =>
    t
      .http()
      .patch(`${EVENTS}/${id}`)
      .set(user.auth)
      .send(body as object);
  const valid = (overrides: Record<string, unknown> = {}) => ({
    name: 'Rust meetup',
    startsAt: isoIn(DAY),
    endsAt: isoIn(DAY + 3 * HOUR),
    ...overrides,
  });

  describe('POST /events', () => {
    it('creates an event owned by the caller and answers 201 with the full resource', async () => {
      const startsAt = new Date(Date.now() + 2 * DAY);
      const endsAt = new Date(startsAt.getTime() + 3 * HOUR);
      const before = Date.now();
      const res = await post({
        name: 'Rust meetup',
        description: 'Talks and pizza',
        location: 'Berlin',
        startsAt: startsAt.toISOString(),
        endsAt: endsAt.toISOString(),
        capacity: 50,
      }).expect(201);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      const body = res.body as EventBody;
      expect(body).toEqual({
        id: expect.any(Number),
        name: 'Rust meetup',
        description: 'Talks and pizza',
        location: 'Berlin',
        startsAt: startsAt.toISOString(),
        endsAt: endsAt.toISOString(),
        capacity: 50,
        attendeeCount: 0,
        spotsLeft: 50,
        status: 'upcoming',
        isOwner: true,
        myRole: 'owner',
        published: true,
        isAttending: false,
        registrationStatus: null,
        questions: [],
        requiresApproval: false,
        pendingCount: 0,
        checkedInCount: 0,
        category: 'other',
        timeZone: 'UTC',
        waitlistCount: 0,
        isWaitlisted: false,
        waitlistPosition: null,
        cancelledAt: null,
        cancellationReason: null,
        version: 1,
        owner: { id: owner.id, username: owner.username },
        createdAt: expect.stringMatching(UTC_MS),
        updatedAt: body.createdAt,
      });
      expect(res.headers.etag).toBe('"1"');
      expect(Date.parse(body.createdAt)).toBeGreaterThanOrEqual(before);
      expect(Date.parse(body.createdAt)).toBeLessThanOrEqual(Date.now());
    });

    it('converts an input offset to UTC and answers timestamps in YYYY-MM-DDTHH:mm:ss.sssZ', async () => {
      const year = new Date().getUTCFullYear() + 1;
      const res = await post(
        valid({
          startsAt: `${year}-03-01T20:00:00+02:00`,
          endsAt: `${year}-03-01T23:30:00.5-01:30`,
        }),
      ).expect(201);
      expect(res.body.startsAt).toBe(`${year}-03-01T18:00:00.000Z`);
      expect(res.body.endsAt).toBe(`${year}-03-02T01:00:00.500Z`);
      for (const key of ['startsAt', 'endsAt', 'createdAt', 'updatedAt']) {
        expect(res.body[key]).toMatch(UTC_MS);
      }
    });

    it('does not make the creator an attendee', async () => {
      const event = await createEvent(t, owner);
      const res = await t.http().get(`${EVENTS}/${event.id}`).set(owner.auth).expect(200);
      expect(res.body).toMatchObject({ attendeeCount: 0, isAttending: false, attendees: [] });
    });

    it('trims name, description and location and stores empty optional text as null', async () => {
      const trimmed = await post(
        valid({ name: '  Padded  ', description: '\n\t Talks \t', location: ' Berlin ' }),
      ).expect(201);
      expect(trimmed.body).toMatchObject({
        name: 'Padded',
        description: 'Talks',
        location: 'Berlin',
      });
      const empty = await post(valid({ description: '', location: '   ' })).expect(201);
      expect(empty.body).toMatchObject({ description: null, location: null });
      const absent = await post(valid()).expect(201);
      expect(absent.body).toMatchObject({ description: null, location: null, capacity: null });
      const stored = await storedEvent(t, empty.body.id);
      expect(stored).toMatchObject({ description: null, location: null });
    });

    it('rejects a missing, blank, non-string or over-long name with a field error', async () => {
      expectValidation(await post(without(valid(), 'name')), ['name']);
      expectValidation(await post(valid({ name: '   ' })), ['name']);
      expectValidation(await post(valid({ name: '' })), ['name']);
      expectValidation(await post(valid({ name: 42 })), ['name']);
      expectValidation(await post(valid({ name: null })), ['name']);
      expectValidation(await post(valid({ name: 'x'.repeat(201) })), ['name']);
    });

    it('accepts text at the length limits (name 200 after trimming, description 5000, location 200)', async () => {
      const res = await post(
        valid({
          name: ` ${'n'.repeat(200)} `,
          description: 'd'.repeat(5000),
          location: 'l'.repeat(200),
        }),
      ).expect(201);
      expect(res.body.name).toHaveLength(200);
      expect(res.body.description).toHaveLength(5000);
      expect(res.body.location).toHaveLength(200);
      expectValidation(await post(valid({ description: 'd'.repeat(5001) })), ['description']);
      expectValidation(await post(valid({ location: 'l'.repeat(201) })), ['location']);
      expectValidation(await post(valid({ description: 5 })), ['description']);
    });

    it.each([
      ['no zone', '2030-03-01T18:00:00'],
      ['a date only', '2030-03-01'],
      ['February 30th', '2030-02-30T18:00:00Z'],
      ['February 29th of a common year', '2031-02-29T18:00:00Z'],
      ['month 13', '2030-13-01T18:00:00Z'],
      ['hour 24', '2030-03-01T24:00:00Z'],
      ['minute 60', '2030-03-01T18:60:00Z'],
      ['an offset without colon', '2030-03-01T18:00:00+0200'],
      ['an impossible offset', '2030-03-01T18:00:00+24:00'],
      ['free text', 'next friday'],
      ['epoch milliseconds', 1900000000000],
      ['null', null],
    ])('rejects startsAt given as %s with a startsAt field error', async (_, startsAt) => {
      const before = await countEvents(t);
      expectValidation(await post(valid({ startsAt })), ['startsAt']);
      expect(await countEvents(t)).toBe(before);
    });

    it('accepts February 29th of a leap year', async () => {
      const res = await post(
        valid({ startsAt: '2032-02-29T18:00:00Z', endsAt: '2032-02-29T20:00:00Z' }),
      ).expect(201);
      expect(res.body.startsAt).toBe('2032-02-29T18:00:00.000Z');
    });

    it('rejects an invalid endsAt with an endsAt field error', async () => {
      expectValidation(await post(valid({ endsAt: '2030-02-30T18:00:00Z' })), ['endsAt']);
      // an instant after year 9999 has no YYYY-MM-DDTHH:mm:ss.sssZ form to answer with
      expectValidation(await post(valid({ endsAt: '9999-12-31T23:00:00-05:00' })), ['endsAt']);
      expectValidation(await post(without(valid(), 'endsAt')), ['endsAt']);
    });

    it('rejects endsAt before or equal to startsAt', async () => {
      const startsAt = isoIn(DAY);
      expectValidation(await post(valid({ startsAt, endsAt: isoIn(DAY - HOUR) })), ['endsAt']);
      expectValidation(await post(valid({ startsAt, endsAt: startsAt })), ['endsAt']);
    });

    it('rejects a startsAt in the past', async () => {
      const res = await post(valid({ startsAt: isoIn(-HOUR), endsAt: isoIn(HOUR) }));
      expectValidation(res, ['startsAt']);
      expect(res.body.errors).toEqual([
        { field: 'startsAt', message: expect.stringMatching(/future/) },
      ]);
    });

    it.each([
      [1, 1],
      [1_000_000, 1_000_000],
      [null, null],
    ])('accepts capacity %p', async (capacity, expected) => {
      const res = await post(valid({ capacity })).expect(201);
      expect(res.body).toMatchObject({ capacity: expected, spotsLeft: expected });
    });

    it.each([[0], [-1], [1_000_001], [1.5], ['10'], [true], [[5]], [{}]])(
      'rejects capacity %p',
      async (capacity) => {
        const before = await countEvents(t);
        expectValidation(await post(valid({ capacity })), ['capacity']);
        expect(await countEvents(t)).toBe(before);
      },
    );

    it.each([
      ['id', 999],
      ['owner', { id: 1, username: 'someone' }],
      ['ownerId', 1],
      ['attendees', [{ id: 1, username: 'someone' }]],
      ['attendeeCount', 5],
      ['spotsLeft', 5],
      ['createdAt', '2020-01-01T00:00:00Z'],
      ['updatedAt', '2020-01-01T00:00:00Z'],
      ['isOwner', false],
      ['isAttending', true],
      ['status', 'past'],
    ])('rejects the server-owned field %s and creates nothing', async (field, value) => {
      const before = await countEvents(t);
      expectValidation(await post(valid({ [field]: value })), [field]);
      expect(await countEvents(t)).toBe(before);
    });

    it('rejects a body that is not a JSON object', async () => {
      expectProblem(await post([valid()]), 400, 'VALIDATION_FAILED');
      const malformed = await t
        .http()
        .post(EVENTS)
        .set(owner.auth)
        .set('Content-Type', 'application/json')
        .send('{"name":');
      expectProblem(malformed, 400, 'VALIDATION_FAILED');
    });

    it('answers 415 to a non-JSON body', async () => {
      const res = await t
        .http()
        .post(EVENTS)
        .set(owner.auth)
        .set('Content-Type', 'text/plain')
        .send(JSON.stringify(valid()));
      expectProblem(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
    });

    it.each([
      ['SQL injection', "'; DROP TABLE events; --", 'x" OR 1=1 --'],
      ['LIKE wildcards', '100% _done_ \\', '%'],
      ['emoji', 'Party 🎉👩‍👩‍👧', '🦀 crabs'],
      ['combining characters', 'Cafe\u0301 e\u0301te\u0301', 'n\u0303'],
      ['right-to-left text', 'مؤتمر البرمجة', 'שלום \u202Eevil'],
      ['umlauts', 'ÄÖÜ Straße', 'äöü ß'],
      ['HTML', '<script>alert(1)</script>', '<b>&amp;</b>'],
    ])('stores and returns %s exactly', async (_, name, description) => {
      const created = await post(valid({ name, description, location: name })).expect(201);
      expect(created.body).toMatchObject({ name, description, location: name });
      const read = await t.http().get(`${EVENTS}/${created.body.id}`).set(other.auth).expect(200);
      expect(read.body).toMatchObject({ name, description, location: name });
      expect(await storedEvent(t, created.body.id)).toMatchObject({ name, description });
    });

    it('counts text length in code points, as the database does', async () => {
      // "❤️" is a symbol plus a variation selector: two code points
      const fits = await post(
        valid({
          name: '❤️'.repeat(100),
          location: '🎉'.repeat(200),
          description: '❤️'.repeat(2500),
        }),
      ).expect(201);
      expect(fits.body).toMatchObject({
        name: '❤️'.repeat(100),
        location: '🎉'.repeat(200),
        description: '❤️'.repeat(2500),
      });
      const before = await countEvents(t);
      expectValidation(await post(valid({ name: '❤️'.repeat(101) })), ['name']);
      expectValidation(await post(valid({ location: 'x❤️'.repeat(67) })), ['location']);
      expectValidation(await post(valid({ description: '❤️'.repeat(2501) })), ['description']);
      expect(await countEvents(t)).toBe(before);
    });

    it.each([
      ['a NUL character', 'a\u0000b', /NUL/],
      ['an unpaired surrogate', 'a\ud800b', /Unicode/],
    ])('rejects text with %s, which could not be stored exactly', async (_, text, message) => {
      const before = await countEvents(t);
      for (const field of ['name', 'description', 'location']) {
        const res = await post(valid({ [field]: text }));
        expectValidation(res, [field]);
        expect(res.body.errors[0].message).toMatch(message);
      }
      expect(await countEvents(t)).toBe(before);
      const event = await createEvent(t, owner);
      expectValidation(await patch(event.id, { name: text }), ['name']);
    });

    it('stores text whose lower-case form is longer ("İ") and finds it case-insensitively', async () => {
      const name = 'İ'.repeat(200);
      const description = `Kİ${'İ'.repeat(4998)}`;
      const res = await post(valid({ name, description })).expect(201);
      expect(res.body).toMatchObject({ name, description });
      const found = await t
        .http()
        .get(EVENTS)
        .query({ owner: 'me', q: 'kİİ' })
        .set(owner.auth)
        .expect(200);
      expect(ids(found)).toEqual([res.body.id]);
    });
  });

  describe('GET /events/:id', () => {
    it('answers the event with attendees in registration order, not id order', async () => {
      const event = await createEvent(t, owner, { capacity: 5 });
      const [a, b, c] = await createUsers(t, 3);
      for (const user of [c, a, b]) {
        await t.http().post(`${EVENTS}/${event.id}/registration`).set(user.auth).expect(201);
      }
      const res = await t.http().get(`${EVENTS}/${event.id}`).set(other.auth).expect(200);
      expect(res.body.attendees).toEqual([
        { id: c.id, username: c.username },
        { id: a.id, username: a.username },
        { id: b.id, username: b.username },
      ]);
      expect(res.body).toMatchObject({
        id: event.id,
        attendeeCount: 3,
        spotsLeft: 2,
        isOwner: false,
        isAttending: false,
      });
    });

    it('answers 404 EVENT_NOT_FOUND for a well-formed id that does not exist', async () => {
      expectProblem(
        await t.http().get(`${EVENTS}/987654321`).set(owner.auth),
        404,
        'EVENT_NOT_FOUND',
      );
    });

    it.each(['2147483648', '999999999999999'])(
      'answers 404 EVENT_NOT_FOUND on every event route for the id %s, beyond any stored id',
      async (id) => {
        const path = `${EVENTS}/${id}`;
        const answers = await Promise.all([
          t.http().get(path).set(owner.auth),
          t.http().patch(path).set(owner.auth).send({ name: 'x' }),
          t.http().delete(path).set(owner.auth),
          t.http().post(`${path}/registration`).set(owner.auth),
          t.http().delete(`${path}/registration`).set(owner.auth),
        ]);
        for (const res of answers) expectProblem(res, 404, 'EVENT_NOT_FOUND');
      },
    );

    it.each(['abc', '0', '-1', '1.5', '1e3', '01', '%201', '0x10', '99999999999999999999'])(
      'answers 400 VALIDATION_FAILED for the path id %s',
      async (id) => {
        expectValidation(await t.http().get(`${EVENTS}/${id}`).set(owner.auth), ['id']);
      },
    );
  });

  describe('authentication', () => {
    it.each([
      ['POST', EVENTS],
      ['GET', EVENTS],
      ['GET', `${EVENTS}/1`],
      ['PATCH', `${EVENTS}/1`],
      ['DELETE', `${EVENTS}/1`],
      ['POST', `${EVENTS}/1/registration`],
      ['DELETE', `${EVENTS}/1/registration`],
    ])('%s %s answers 401 UNAUTHENTICATED without a valid token', async (method, path) => {
      const request = () => t.http()[method.toLowerCase() as 'get'](path);
      expectProblem(await request(), 401, 'UNAUTHENTICATED');
      expectProblem(
        await request().set('Authorization', 'Bearer not-a-jwt'),
        401,
        'UNAUTHENTICATED',
      );
      expectProblem(
        await request().set('Authorization', owner.accessToken),
        401,
        'UNAUTHENTICATED',
      );
    });

    it('answers 401 before looking at a malformed id or body', async () => {
      const res = await t.http().patch(`${EVENTS}/abc`).send({ name: 5, bogus: true });
      expectProblem(res, 401, 'UNAUTHENTICATED');
    });
  });

  describe('PATCH /events/:id', () => {
    it('changes only the given fields and bumps updatedAt', async () => {
      const event = await createEvent(t, owner, {
        description: 'old',
        location: 'Berlin',
        capacity: 10,
      });
      const res = await patch(event.id, { name: '  Renamed  ' }).expect(200);
      expect(res.body).toEqual({
        ...event,
        name: 'Renamed',
        version: 2,
        updatedAt: expect.stringMatching(UTC_MS),
      });
      expect(Date.parse(res.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(event.updatedAt));
      const read = await t.http().get(`${EVENTS}/${event.id}`).set(owner.auth).expect(200);
      expect(read.body).toMatchObject({ name: 'Renamed', description: 'old', location: 'Berlin' });
    });

    it('moves the event to new future times', async () => {
      const event = await createEvent(t, owner);
      const startsAt = isoIn(3 * DAY);
      const endsAt = isoIn(3 * DAY + HOUR);
      const res = await patch(event.id, { startsAt, endsAt }).expect(200);
      expect(res.body).toMatchObject({ startsAt, endsAt, createdAt: event.createdAt });
    });

    it('clears description, location and capacity with null', async () => {
      const event = await createEvent(t, owner, {
        description: 'd',
        location: 'l',
        capacity: 3,
      });
      const res = await patch(event.id, {
        description: null,
        location: null,
        capacity: null,
      }).expect(200);
      expect(res.body).toMatchObject({
        description: null,
        location: null,
        capacity: null,
        spotsLeft: null,
      });
      expect(await storedEvent(t, event.id)).toMatchObject({
        description: null,
        location: null,
        capacity: null,
      });
    });

    it('stores empty and blank optional text as null', async () => {
      const event = await createEvent(t, owner, { description: 'd', location: 'l' });
      const res = await patch(event.id, { description: '', location: '  ' }).expect(200);
      expect(res.body).toMatchObject({ description: null, location: null });
    });

    it('keeps the search text in step with name and description', async () => {
      const event = await createEvent(t, owner, { name: 'Before', description: 'old words' });
      await patch(event.id, { name: 'AfterZQX', description: 'NewWordsZQX' }).expect(200);
      const list = (q: string) =>
        t.http().get(EVENTS).query({ q, owner: owner.id }).set(owner.auth).expect(200);
      expect(ids(await list('afterzqx'))).toEqual([event.id]);
      expect((await list('newwordszqx')).body.total).toBe(1);
      expect(ids(await list('old words'))).not.toContain(event.id);
    });

    it.each([
      ['name', 'null', null],
      ['name', 'empty', ''],
      ['name', 'blank', '   '],
      ['name', 'a number', 7],
      ['startsAt', 'null', null],
      ['endsAt', 'null', null],
      ['startsAt', 'without zone', '2030-01-01T10:00:00'],
      ['endsAt', 'an impossible date', '2030-02-30T10:00:00Z'],
      ['capacity', '0', 0],
      ['capacity', '1.5', 1.5],
      ['capacity', 'the string "10"', '10'],
      ['capacity', '1000001', 1_000_001],
      ['description', '5001 characters', 'd'.repeat(5001)],
    ])('rejects %s given as %s and changes nothing', async (field, _, value) => {
      const event = await createEvent(t, owner, { description: 'keep', capacity: 5 });
      const stored = await storedEvent(t, event.id);
      expectValidation(await patch(event.id, { [field]: value }), [field]);
      expect(await storedEvent(t, event.id)).toEqual(stored);
    });

    it.each([
      ['id', 1],
      ['owner', { id: 1 }],
      ['ownerId', 1],
      ['attendees', []],
      ['attendeeCount', 0],
      ['createdAt', '2020-01-01T00:00:00Z'],
      ['isAdmin', true],
    ])('rejects the server-owned field %s and changes nothing', async (field, value) => {
      const event = await createEvent(t, owner);
      const stored = await storedEvent(t, event.id);
      expectValidation(await patch(event.id, { name: 'Hijacked', [field]: value }), [field]);
      expect(await storedEvent(t, event.id)).toEqual(stored);
    });

    it('applies the time rules to the merged result', async () => {
      const event = await createEvent(t, owner, {
        startsAt: isoIn(DAY),
        endsAt: isoIn(DAY + HOUR),
      });
      // a new end before the stored start
      expectValidation(await patch(event.id, { endsAt: isoIn(DAY - HOUR) }), ['endsAt']);
      // a new start after the stored end
      expectValidation(await patch(event.id, { startsAt: isoIn(DAY + 2 * HOUR) }), ['endsAt']);
      // a new start in the past
      expectValidation(await patch(event.id, { startsAt: isoIn(-HOUR) }), ['startsAt']);
      const unchanged = await t.http().get(`${EVENTS}/${event.id}`).set(owner.auth).expect(200);
      expect(unchanged.body).toMatchObject({ startsAt: event.startsAt, endsAt: event.endsAt });
    });

    it('keeps a started event editable while startsAt is not changed', async () => {
      const startsAt = Date.now() - HOUR;
      const id = await insertEvent(t, owner, {
        name: 'Ongoing',
        startsAt,
        endsAt: Date.now() + HOUR,
      });
      const renamed = await patch(id, { name: 'Still ongoing', endsAt: isoIn(2 * HOUR) }).expect(
        200,
      );
      expect(renamed.body).toMatchObject({ name: 'Still ongoing', status: 'ongoing' });
      // the stored start, even written with another offset, is not a change
      const sameInstant = new Date(startsAt + 2 * HOUR).toISOString().replace('Z', '+02:00');
      await patch(id, { startsAt: sameInstant, location: 'Hall 2' }).expect(200);
      // a different start in the past is refused
      expectValidation(await patch(id, { startsAt: new Date(startsAt - HOUR).toISOString() }), [
        'startsAt',
      ]);
    });

    it('keeps a past event editable', async () => {
      const id = await insertEvent(t, owner, {
        startsAt: Date.now() - 3 * HOUR,
        endsAt: Date.now() - HOUR,
      });
      const res = await patch(id, { description: 'Slides are online' }).expect(200);
      expect(res.body).toMatchObject({ description: 'Slides are online', status: 'past' });
    });

    it("answers 403 NOT_EVENT_OWNER to an edit of someone else's event and changes nothing", async () => {
      const event = await createEvent(t, owner, { capacity: 10 });
      const stored = await storedEvent(t, event.id);
      expectProblem(
        await patch(event.id, { name: 'Pwned', capacity: 1 }, other),
        403,
        'NOT_EVENT_OWNER',
      );
      expect(await storedEvent(t, event.id)).toEqual(stored);
    });

    it('lets an admin edit any event without taking it over', async () => {
      const event = await createEvent(t, owner);
      const res = await patch(event.id, { name: 'Moderated' }, admin).expect(200);
      expect(res.body).toMatchObject({
        name: 'Moderated',
        owner: { id: owner.id, username: owner.username },
        isOwner: false,
      });
    });

    it('answers 404 EVENT_NOT_FOUND for an unknown event', async () => {
      expectProblem(await patch(987654321, { name: 'x' }), 404, 'EVENT_NOT_FOUND');
    });
  });

  describe('check order 401 → path 400 → 404 → 403 → body 400 → 409', () => {
    it('answers 400 for a malformed path id before looking at the body', async () => {
      expectValidation(await patch('abc', { name: 5 }), ['id']);
    });

    it('answers 404 for an unknown event before validating the body', async () => {
      expectProblem(await patch(987654321, { name: 5, bogus: 1 }), 404, 'EVENT_NOT_FOUND');
    });

    it('answers 403 to an invalid PATCH on a foreign event', async () => {
      const event = await createEvent(t, owner);
      expectProblem(
        await patch(event.id, { name: '', capacity: 0, bogus: 1 }, other),
        403,
        'NOT_EVENT_OWNER',
      );
    });

    it('answers 400 for an invalid body before the capacity conflict', async () => {
      const event = await createEvent(t, owner, { capacity: 5 });
      const [a, b] = await createUsers(t, 2);
      for (const user of [a, b]) {
        await t.http().post(`${EVENTS}/${event.id}/registration`).set(user.auth).expect(201);
      }
      expectValidation(await patch(event.id, { capacity: 1, name: '' }), ['name']);
      expectProblem(await patch(event.id, { capacity: 1 }), 409, 'CAPACITY_BELOW_ATTENDEES');
    });
  });

  describe('DELETE /events/:id', () => {
    it('deletes the event and its registrations for the owner', async () => {
      const event = await createEvent(t, owner, { capacity: 5 });
      const [a, b] = await createUsers(t, 2);
      for (const user of [a, b]) {
        await t.http().post(`${EVENTS}/${event.id}/registration`).set(user.auth).expect(201);
      }
      expect(await countRegistrations(t, event.id)).toBe(2);
      const res = await t.http().delete(`${EVENTS}/${event.id}`).set(owner.auth).expect(204);
      expect(res.text).toBe('');
      expect(await storedEvent(t, event.id)).toBeNull();
      expect(await countRegistrations(t, event.id)).toBe(0);
      expectProblem(
        await t.http().get(`${EVENTS}/${event.id}`).set(owner.auth),
        404,
        'EVENT_NOT_FOUND',
      );
      const mine = await t.http().get(EVENTS).query({ attendee: 'me' }).set(a.auth).expect(200);
      expect(mine.body.total).toBe(0);
      expectProblem(
        await t.http().delete(`${EVENTS}/${event.id}`).set(owner.auth),
        404,
        'EVENT_NOT_FOUND',
      );
    });

    it('deletes a started event with its registrations', async () => {
      const id = await insertEvent(t, owner, {
        startsAt: Date.now() - HOUR,
        endsAt: Date.now() + HOUR,
      });
      await insertRegistration(t, id, other.id);
      await t.http().delete(`${EVENTS}/${id}`).set(owner.auth).expect(204);
      expect(await countRegistrations(t, id)).toBe(0);
    });

    it("answers 403 NOT_EVENT_OWNER to a delete of someone else's event and keeps it", async () => {
      const event = await createEvent(t, owner);
      await t.http().post(`${EVENTS}/${event.id}/registration`).set(other.auth).expect(201);
      expectProblem(
        await t.http().delete(`${EVENTS}/${event.id}`).set(other.auth),
        403,
        'NOT_EVENT_OWNER',
      );
      expect(await storedEvent(t, event.id)).not.toBeNull();
      expect(await countRegistrations(t, event.id)).toBe(1);
    });

    it('lets an admin delete any event', async () => {
      const event = await createEvent(t, owner);
      await t.http().delete(`${EVENTS}/${event.id}`).set(admin.auth).expect(204);
      expect(await storedEvent(t, event.id)).toBeNull();
    });

    // Found by the fuzzer: the body was ignored and the event deleted.
    it('answers 400 to a body with fields, after 404 and 403, and keeps the event', async () => {
      const event = await createEvent(t, owner);
      const remove = (id: number, user: TestUser) =>
        t.http().delete(`${EVENTS}/${id}`).set(user.auth);
      expectProblem(await remove(987654321, owner).send({ x: 1 }), 404, 'EVENT_NOT_FOUND');
      expectProblem(await remove(event.id, other).send({ x: 1 }), 403, 'NOT_EVENT_OWNER');
      expectValidation(await remove(event.id, owner).send({ cascade: false }), ['cascade']);
      expectValidation(await remove(event.id, owner).send([event.id]), ['body']);
      expect(await storedEvent(t, event.id)).not.toBeNull();
      await remove(event.id, owner).send({}).expect(204);
    });

    it('answers 400 for a malformed id and 404 for an unknown one', async () => {
      expectValidation(await t.http().delete(`${EVENTS}/1.0`).set(owner.auth), ['id']);
      expectProblem(
        await t.http().delete(`${EVENTS}/987654321`).set(owner.auth),
        404,
        'EVENT_NOT_FOUND',
      );
    });
  });
});
