import { Temporal } from 'temporal-polyfill';
import { instantOf, wallTimeOf } from './wall-time';

/** `instantOf` and `wallTimeOf` against the Temporal polyfill, RFC 5545's rule being `compatible`. */
describe('wall time', () => {
  const zones = ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata', 'UTC'];
  const floating = (wall: Temporal.PlainDateTime) =>
    Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);

  it.each([
    [
      'a spring gap: forward by its length',
      '2027-03-14T02:30',
      'America/New_York',
      '2027-03-14T07:30:00.000Z',
    ],
    [
      'the autumn fold: the first of the two',
      '2027-11-07T01:30',
      'America/New_York',
      '2027-11-07T05:30:00.000Z',
    ],
    ['a 30-minute gap', '2027-10-03T02:15', 'Australia/Lord_Howe', '2027-10-02T15:45:00.000Z'],
    ['Berlin in winter', '2027-01-05T18:00', 'Europe/Berlin', '2027-01-05T17:00:00.000Z'],
    ['Berlin in summer', '2027-07-05T18:00', 'Europe/Berlin', '2027-07-05T16:00:00.000Z'],
  ])('reads %s', (_, wall, zone, instant) => {
    expect(
      new Date(instantOf(floating(Temporal.PlainDateTime.from(wall)), zone)).toISOString(),
    ).toBe(instant);
  });

  it('agrees with Temporal on quarter hours through 2027, transitions included', () => {
    const mismatches: string[] = [];
    for (const zone of zones) {
      for (let day = 0; day < 365; day += 1) {
        const date = Temporal.PlainDate.from('2027-01-01').add({ days: day });
        for (const hour of [1, 2, 18]) {
          const wall = date.toPlainDateTime({ hour, minute: 15 * (day % 4) });
          const expected = wall.toZonedDateTime(zone, { disambiguation: 'compatible' });
          const instant = instantOf(floating(wall), zone);
          const back = wallTimeOf(expected.epochMilliseconds, zone);
          if (
            instant !== expected.epochMilliseconds ||
            back !== floating(expected.toPlainDateTime())
          ) {
            mismatches.push(`${zone} ${wall.toString()}`);
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
  });
});
