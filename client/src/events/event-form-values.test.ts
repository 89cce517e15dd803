import { describe, expect, it } from 'vitest';
import { changedFields, EMPTY, rebase, type Values } from './event-form-values';

const base: Values = {
  ...EMPTY,
  name: 'Board games',
  location: '',
  capacity: '8',
  timeZone: 'Europe/Berlin',
  startsAt: '2027-03-01T18:00',
  endsAt: '2027-03-01T21:00',
};

describe('after a 412, the form rebased on the latest version', () => {
  it('keeps what the person typed and takes the rest from the latest version', () => {
    const typed = { ...base, name: 'Board games (bring your own)' };
    const latest = { ...base, location: 'Café Kosmos', capacity: '12' };
    const { values, conflicts } = rebase(typed, base, latest);
    expect(values).toEqual({ ...latest, name: 'Board games (bring your own)' });
    expect(conflicts).toEqual([]);
  });

  it('names the fields both changed, keeping the person’s text', () => {
    const typed = { ...base, capacity: '10' };
    const latest = { ...base, capacity: '12' };
    const { values, conflicts } = rebase(typed, base, latest);
    expect(values.capacity).toBe('10');
    expect(conflicts).toEqual([{ name: 'capacity', theirs: '12' }]);
  });
});

describe('changedFields', () => {
  it('moves both times with a new time zone (same wall clock, other instants)', () => {
    expect([...changedFields({ ...base, timeZone: 'UTC' }, base)].sort()).toEqual([
      'endsAt',
      'startsAt',
      'timeZone',
    ]);
  });
});
