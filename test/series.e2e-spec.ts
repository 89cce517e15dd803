import { createTestApp, TestApp } from './app.factory';
import { createUsers, EVENTS, expectProblem, expectValidation, UTC_MS } from './event-factories';
import { TestUser } from './factories';
import {
  clockAtDecember2026,
  createSeries,
  SERIES,
  SeriesBody,
  seriesBody,
  startsOf,
  storedCounts,
} from './series-support';

// Series of up to 200 events and racing requests: slower than the default 5 s on a busy machine.
jest.setTimeout(60_000);

/** Expansion in the series' time zone (the contract's "Recurring series"), on real HTTP. */
describe('series: creating and expanding', () => {
  let t: TestApp;
  let owner: TestUser;
  let other: TestUser;
  const clock = clockAtDecember2026();

  beforeAll(async () => {
    t = await createTestApp({}, { clock });
    [owner, other] = await createUsers(t, 2);
  }, 60_000);
  afterAll(() => t.close());

  const post = (overrides: Record<string, unknown>, user: TestUser = owner) =>
    t.http().post(SERIES).set(user.auth).send(seriesBody(overrides));

  it('creates the series and its occurrences as ordinary published events (201)', async () => {
    const res = await post({
      capacity: 20,
      category: 'meetup',
      location: ' Berlin ',
      timeZone: 'europe/berlin',
      recurrence: 'freq=weekly;byday=tu;count=3',
    }).expect(201);
    const series = res.body as SeriesBody;
    expect(series).toEqual({
      id: expect.any(Number),
      recurrence: 'FREQ=WEEKLY;BYDAY=TU;COUNT=3',
      timeZone: 'Europe/Berlin',
      occurrences: expect.any(Array),
      createdAt: expect.stringMatching(UTC_MS),
    });
    expect(series.occurrences).toHaveLength(3);
    for (const occurrence of series.occurrences) {
      expect(occurrence).toMatchObject({
        seriesId: series.id,
        capacity: 20,
        category: 'meetup',
        location: 'Berlin',
        timeZone: 'Europe/Berlin',
        published: true,
        status: 'upcoming',
        version: 1,
        isOwner: true,
        myRole: 'owner',
        attendeeCount: 0,
      });
    }
    expect(new Set(series.occurrences.map((o) => o.id)).size).toBe(3);
    const first = series.occurrences[0]!;
    expect([first.startsAt, first.endsAt]).toEqual([
      '2027-01-05T18:00:00.000Z',
      '2027-01-05T20:00:00.000Z',
    ]);
    const read = await t.http().get(`${SERIES}/${series.id}`).set(other.auth).expect(200);
    expect((read.body as SeriesBody).occurrences.map((o) => o.id)).toEqual(
      series.occurrences.map((o) => o.id),
    );
    const event = await t.http().get(`${EVENTS}/${first.id}`).set(other.auth).expect(200);
    expect(event.body).toMatchObject({ seriesId: series.id, isOwner: false, version: 1 });
    expect(event.headers.etag).toBe('"1"');
  });

  it('gives single events seriesId null', async () => {
    const res = await t
      .http()
      .post(EVENTS)
      .set(owner.auth)
      .send({ name: 'single', startsAt: '2027-01-05T18:00:00Z', endsAt: '2027-01-05T19:00:00Z' })
      .expect(201);
    expect(res.body.seriesId).toBeNull();
  });

  it('keeps 18:00 Europe/Berlin across both 2027 DST changes (weekly)', async () => {
    const spring = await createSeries(t, owner, {
      timeZone: 'Europe/Berlin',
      startsAt: '2027-03-23T18:00:00+01:00',
      endsAt: '2027-03-23T20:00:00+01:00',
      recurrence: 'FREQ=WEEKLY;COUNT=3',
    });
    expect(startsOf(spring)).toEqual([
      '2027-03-23T17:00:00.000Z',
      '2027-03-30T16:00:00.000Z',
      '2027-04-06T16:00:00.000Z',
    ]);
    expect(spring.occurrences.map((o) => o.endsAt)).toEqual([
      '2027-03-23T19:00:00.000Z',
      '2027-03-30T18:00:00.000Z',
      '2027-04-06T18:00:00.000Z',
    ]);
    const autumn = await createSeries(t, owner, {
      timeZone: 'Europe/Berlin',
      startsAt: '2027-10-26T16:00:00Z',
      endsAt: '2027-10-26T18:00:00Z',
      recurrence: 'FREQ=WEEKLY;UNTIL=20271109T170000Z',
    });
    expect(startsOf(autumn)).toEqual([
      '2027-10-26T16:00:00.000Z',
      '2027-11-02T17:00:00.000Z',
      '2027-11-09T17:00:00.000Z',
    ]);
  });

  it('keeps 18:30 America/New_York across both 2027 DST changes (weekly, one series)', async () => {
    const series = await createSeries(t, owner, {
      timeZone: 'America/New_York',
      startsAt: '2027-03-09T18:30:00-05:00',
      endsAt: '2027-03-09T20:00:00-05:00',
      recurrence: 'FREQ=WEEKLY;INTERVAL=5;COUNT=8',
    });
    expect(startsOf(series)).toEqual([
      '2027-03-09T23:30:00.000Z', // EST
      '2027-04-13T22:30:00.000Z', // EDT from 14 March
      '2027-05-18T22:30:00.000Z',
      '2027-06-22T22:30:00.000Z',
      '2027-07-27T22:30:00.000Z',
      '2027-08-31T22:30:00.000Z',
      '2027-10-05T22:30:00.000Z',
      '2027-11-09T23:30:00.000Z', // EST again from 7 November
    ]);
  });

  it('moves a daily 02:30 New York occurrence forward by the spring-forward gap', async () => {
    const series = await createSeries(t, owner, {
      timeZone: 'America/New_York',
      startsAt: '2027-03-12T02:30:00-05:00',
      endsAt: '2027-03-12T03:00:00-05:00',
      recurrence: 'FREQ=DAILY;COUNT=5',
    });
    expect(startsOf(series)).toEqual([
      '2027-03-12T07:30:00.000Z',
      '2027-03-13T07:30:00.000Z',
      '2027-03-14T07:30:00.000Z', // 02:30 does not exist that day: 03:30 EDT
      '2027-03-15T06:30:00.000Z',
      '2027-03-16T06:30:00.000Z',
    ]);
    // Every occurrence lasts as long as the first.
    expect(series.occurrences.map((o) => Date.parse(o.endsAt) - Date.parse(o.startsAt))).toEqual(
      Array(5).fill(30 * 60_000),
    );
  });

  it('skips the months without a 31st (monthly)', async () => {
    const series = await createSeries(t, owner, {
      timeZone: 'Europe/Berlin',
      startsAt: '2027-01-31T10:00:00+01:00',
      endsAt: '2027-01-31T12:00:00+01:00',
      recurrence: 'FREQ=MONTHLY;COUNT=7',
    });
    expect(startsOf(series)).toEqual([
      '2027-01-31T09:00:00.000Z',
      '2027-03-31T08:00:00.000Z',
      '2027-05-31T08:00:00.000Z',
      '2027-07-31T08:00:00.000Z',
      '2027-08-31T08:00:00.000Z',
      '2027-10-31T09:00:00.000Z',
      '2027-12-31T09:00:00.000Z',
    ]);
  });

  it('takes the last Friday of each month (BYDAY=FR;BYSETPOS=-1)', async () => {
    const series = await createSeries(t, owner, {
      timeZone: 'America/New_York',
      startsAt: '2027-01-29T19:00:00-05:00',
      endsAt: '2027-01-29T22:00:00-05:00',
      recurrence: 'FREQ=MONTHLY;BYDAY=FR;BYSETPOS=-1;COUNT=6',
    });
    expect(startsOf(series)).toEqual([
      '2027-01-30T00:00:00.000Z',
      '2027-02-27T00:00:00.000Z',
      '2027-03-26T23:00:00.000Z',
      '2027-04-30T23:00:00.000Z',
      '2027-05-28T23:00:00.000Z',
      '2027-06-25T23:00:00.000Z',
    ]);
  });

  it('takes 200 occurrences and refuses the 201st, writing nothing', async () => {
    const full = await createSeries(t, owner, {
      startsAt: '2027-01-01T09:00:00Z',
      endsAt: '2027-01-01T10:00:00Z',
      recurrence: 'FREQ=DAILY;COUNT=200',
    });
    expect(full.occurrences).toHaveLength(200);
    const before = await storedCounts(t);
    for (const recurrence of ['FREQ=DAILY;COUNT=201', 'FREQ=DAILY;UNTIL=20270720T090000Z']) {
      const res = await post({
        startsAt: '2027-01-01T09:00:00Z',
        endsAt: '2027-01-01T10:00:00Z',
        recurrence,
      });
      expectValidation(res, ['recurrence']);
    }
    expect(await storedCounts(t)).toEqual(before);
  });

  it('refuses an occurrence more than two years after the first, writing nothing', async () => {
    const ok = await createSeries(t, owner, {
      startsAt: '2027-01-05T18:00:00Z',
      endsAt: '2027-01-05T19:00:00Z',
      recurrence: 'FREQ=MONTHLY;INTERVAL=12;COUNT=3',
    });
    expect(startsOf(ok).at(-1)).toBe('2029-01-05T18:00:00.000Z');
    const before = await storedCounts(t);
    for (const recurrence of [
      'FREQ=MONTHLY;INTERVAL=12;COUNT=4',
      'FREQ=MONTHLY;INTERVAL=6;UNTIL=20300101T000000Z',
      // 2027-01-05 + 732 days is 2029-01-06: a day past two years (731 days is exactly two).
      'FREQ=DAILY;INTERVAL=732;COUNT=2',
    ]) {
      expectValidation(await post({ recurrence }), ['recurrence']);
    }
    expect(await storedCounts(t)).toEqual(before);
  });

  it.each([
    ['a missing rule', undefined],
    ['a number', 7],
    ['the RRULE: prefix', 'RRULE:FREQ=WEEKLY;COUNT=3'],
    ['no COUNT or UNTIL', 'FREQ=WEEKLY'],
    ['both COUNT and UNTIL', 'FREQ=WEEKLY;COUNT=3;UNTIL=20270301T000000Z'],
    ['FREQ=YEARLY', 'FREQ=YEARLY;COUNT=3'],
    ['FREQ=HOURLY', 'FREQ=HOURLY;COUNT=3'],
    ['no FREQ', 'COUNT=3'],
    ['UNTIL without Z', 'FREQ=WEEKLY;UNTIL=20270301T000000'],
    ['UNTIL as a date', 'FREQ=WEEKLY;UNTIL=20270301'],
    ['UNTIL on 30 February', 'FREQ=WEEKLY;UNTIL=20270230T000000Z'],
    ['UNTIL before startsAt', 'FREQ=WEEKLY;UNTIL=20270101T000000Z'],
    ['COUNT=0', 'FREQ=WEEKLY;COUNT=0'],
    ['INTERVAL=0', 'FREQ=WEEKLY;INTERVAL=0;COUNT=3'],
    ['BYMONTH', 'FREQ=MONTHLY;BYMONTH=3;COUNT=3'],
    ['BYHOUR', 'FREQ=DAILY;BYHOUR=9;COUNT=3'],
    ['WKST', 'FREQ=WEEKLY;WKST=SU;COUNT=3'],
    ['a part twice', 'FREQ=WEEKLY;COUNT=3;COUNT=4'],
    ['an unknown weekday', 'FREQ=WEEKLY;BYDAY=XX;COUNT=3'],
    ['a numbered weekday when weekly', 'FREQ=WEEKLY;BYDAY=1TU;COUNT=3'],
    ['BYMONTHDAY=0', 'FREQ=MONTHLY;BYMONTHDAY=0;COUNT=3'],
    ['BYMONTHDAY=32', 'FREQ=MONTHLY;BYMONTHDAY=32;COUNT=3'],
    ['BYMONTHDAY when weekly', 'FREQ=WEEKLY;BYMONTHDAY=5;COUNT=3'],
    ['BYSETPOS alone', 'FREQ=MONTHLY;BYSETPOS=1;COUNT=3'],
    ['a trailing semicolon', 'FREQ=WEEKLY;COUNT=3;'],
    ['a start the rule does not produce', 'FREQ=WEEKLY;BYDAY=MO;COUNT=3'],
  ])('answers 400 on recurrence for %s, writing nothing', async (_, recurrence) => {
    const before = await storedCounts(t);
    const res = await post({ recurrence });
    expectValidation(res, ['recurrence']);
    expect(await storedCounts(t)).toEqual(before);
  });

  it('refuses published and unknown fields, and validates the event fields alike', async () => {
    expectValidation(await post({ published: false }), ['published']);
    expectValidation(await post({ startsAt: '2026-11-01T10:00:00Z' }), ['startsAt']);
    expectValidation(await post({ endsAt: '2027-01-05T17:00:00Z' }), ['endsAt']);
    expectValidation(await post({ timeZone: 'Mars/Olympus' }), ['timeZone']);
  });

  it('answers 404 SERIES_NOT_FOUND for an unknown series and 400 for a malformed id', async () => {
    expectProblem(await t.http().get(`${SERIES}/999999`).set(owner.auth), 404, 'SERIES_NOT_FOUND');
    expectProblem(
      await t.http().get(`${SERIES}/99999999999`).set(owner.auth),
      404,
      'SERIES_NOT_FOUND',
    );
    expectValidation(await t.http().get(`${SERIES}/abc`).set(owner.auth), ['id']);
    await t.http().get(`${SERIES}/1`).expect(401);
  });
});
