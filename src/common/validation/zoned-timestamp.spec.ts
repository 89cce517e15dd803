import { validate } from 'class-validator';
import { IsZonedTimestamp, parseZonedTimestamp } from './zoned-timestamp';

const iso = (value: string) => parseZonedTimestamp(value)?.toISOString();

describe('parseZonedTimestamp', () => {
  it.each([
    ['2027-03-01T18:00:00Z', '2027-03-01T18:00:00.000Z'],
    ['2027-03-01T18:00:00.000Z', '2027-03-01T18:00:00.000Z'],
    ['2027-03-01T18:00Z', '2027-03-01T18:00:00.000Z'],
    ['2027-03-01T20:00:00+02:00', '2027-03-01T18:00:00.000Z'],
    ['2027-03-01T12:30:00-05:30', '2027-03-01T18:00:00.000Z'],
    ['2027-03-01T18:00:00-00:00', '2027-03-01T18:00:00.000Z'],
    ['2027-03-01T00:30:00+01:00', '2027-02-28T23:30:00.000Z'],
    ['2027-03-01T18:00:00.5Z', '2027-03-01T18:00:00.500Z'],
    ['2027-03-01T18:00:00.123456789Z', '2027-03-01T18:00:00.123Z'],
    ['2027-12-31T23:59:59.999Z', '2027-12-31T23:59:59.999Z'],
  ])('reads %s as %s', (input, expected) => {
    expect(iso(input)).toBe(expected);
  });

  it.each([
    ['2028-02-29T12:00:00Z', 'a leap year'],
    ['2000-02-29T12:00:00Z', 'a year divisible by 400'],
    ['0000-02-29T12:00:00Z', 'year 0000 (a leap year, unlike 1900)'],
    ['0004-02-29T12:00:00Z', 'year 0004'],
  ])('accepts February 29th in %s (%s)', (input) => {
    expect(iso(input)).toBe(input.replace('Z', '.000Z'));
  });

  it.each([
    ['2027-03-01T18:00:00', 'no zone'],
    ['2027-03-01', 'a date without time'],
    ['2027-03-01 18:00:00Z', 'a space instead of T'],
    ['2027-03-01t18:00:00z', 'lower-case t and z'],
    ['2027-03-01T18:00:00+0200', 'an offset without colon'],
    ['2027-03-01T18:00:00+02', 'an hour-only offset'],
    ['2027-03-01T18:00:00+24:00', 'offset hours 24'],
    ['2027-03-01T18:00:00+02:60', 'offset minutes 60'],
    ['2027-02-29T18:00:00Z', 'February 29th of a common year'],
    ['1900-02-29T18:00:00Z', 'February 29th of 1900'],
    ['2100-02-29T18:00:00Z', 'February 29th of 2100'],
    ['2027-02-30T18:00:00Z', 'February 30th'],
    ['2027-04-31T18:00:00Z', 'April 31st'],
    ['2027-00-10T18:00:00Z', 'month 0'],
    ['2027-13-01T18:00:00Z', 'month 13'],
    ['2027-03-00T18:00:00Z', 'day 0'],
    ['2027-03-32T18:00:00Z', 'day 32'],
    ['2027-03-01T24:00:00Z', 'hour 24'],
    ['2027-03-01T18:60:00Z', 'minute 60'],
    ['2027-03-01T18:00:60Z', 'a leap second'],
    ['2027-03-01T18:00:00.Z', 'an empty fraction'],
    ['2027-03-01T18:00:00.1234567890Z', 'ten fraction digits'],
    ['27-03-01T18:00:00Z', 'a two-digit year'],
    ['+002027-03-01T18:00:00Z', 'an expanded year'],
    ['9999-12-31T23:00:00-05:00', 'an instant after year 9999'],
    ['0000-01-01T00:30:00+01:00', 'an instant before year 0000'],
    [' 2027-03-01T18:00:00Z', 'leading space'],
    ['2027-03-01T18:00:00Z ', 'trailing space'],
    ['', 'the empty string'],
  ])('refuses %p (%s)', (input) => {
    expect(parseZonedTimestamp(input)).toBeUndefined();
  });

  it('accepts the extremes of the output form', () => {
    expect(iso('0000-01-01T00:00:00Z')).toBe('0000-01-01T00:00:00.000Z');
    expect(iso('9999-12-31T23:59:59.999Z')).toBe('9999-12-31T23:59:59.999Z');
  });

  it.each([[1_900_000_000_000], [null], [undefined], [new Date()], [['2027-03-01T18:00:00Z']]])(
    'refuses the non-string %p',
    (value) => {
      expect(parseZonedTimestamp(value)).toBeUndefined();
    },
  );
});

describe('@IsZonedTimestamp', () => {
  class Probe {
    @IsZonedTimestamp()
    at!: unknown;
  }
  const errorsFor = async (at: unknown) => {
    const probe = new Probe();
    probe.at = at;
    return validate(probe);
  };

  it('passes a zoned timestamp', async () => {
    expect(await errorsFor('2027-03-01T18:00:00+01:00')).toEqual([]);
  });

  it('names the property and an example in its message', async () => {
    const [error] = await errorsFor('2027-03-01T18:00:00');
    expect(error?.constraints).toEqual({
      isZonedTimestamp:
        'at must be an ISO 8601 timestamp with a time zone, e.g. 2027-03-01T18:00:00Z',
    });
  });
});
