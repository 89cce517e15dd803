import { describe, expect, it } from 'vitest';
import { fromZonedInput, toZonedInput, zoneLabel } from './time-zones';

describe('wall clock in a time zone ↔ instant', () => {
  it('reads the form’s time on the event’s clock', () => {
    expect(fromZonedInput('2027-03-01T18:00', 'Europe/Berlin')).toBe('2027-03-01T17:00:00.000Z');
    expect(fromZonedInput('2027-07-01T18:00', 'Europe/Berlin')).toBe('2027-07-01T16:00:00.000Z');
    expect(fromZonedInput('2027-07-01T18:00', 'America/New_York')).toBe('2027-07-01T22:00:00.000Z');
    expect(toZonedInput('2027-03-01T17:00:00.000Z', 'Europe/Berlin')).toBe('2027-03-01T18:00');
  });

  it('lands after a skipped hour and on the first of a repeated one', () => {
    // Berlin skips 02:00–03:00 on 28 March 2027 and repeats 02:00–03:00 on 31 October 2027.
    expect(fromZonedInput('2027-03-28T02:30', 'Europe/Berlin')).toBe('2027-03-28T01:30:00.000Z');
    expect(fromZonedInput('2027-10-31T02:30', 'Europe/Berlin')).toBe('2027-10-31T00:30:00.000Z');
  });

  it('passes text that is not a date through, for the API to refuse', () => {
    expect(fromZonedInput('', 'UTC')).toBe('');
    expect(fromZonedInput('tomorrow', 'UTC')).toBe('tomorrow');
  });

  it('names a zone by its city', () => {
    expect(zoneLabel('Europe/Berlin')).toBe('Berlin time');
    expect(zoneLabel('America/Argentina/Buenos_Aires')).toBe('Buenos Aires time');
    expect(zoneLabel('UTC')).toBe('UTC');
  });
});
