import { AuthUser } from '../auth/auth-user';
import { EventRow, eventStatus, toEventResponse } from './event-row';

const START = Date.parse('2027-03-01T18:00:00.000Z');
const END = Date.parse('2027-03-01T21:00:00.000Z');

const viewer = (id: number, isAdmin = false): AuthUser => ({
  id,
  username: `user${id}`,
  isAdmin,
  sessionId: 'session',
});

/** A row as the database port answers it on both databases (numbers as numbers, 0 / 1). */
const row = (overrides: Partial<EventRow> = {}): EventRow => ({
  id: 17,
  name: 'Rust meetup',
  description: 'Talks and pizza',
  location: 'Berlin',
  starts_at: START,
  ends_at: END,
  capacity: 50,
  attendee_count: 12,
  owner_id: 3,
  owner_username: 'foobar',
  created_at: Date.parse('2026-11-23T10:00:00.000Z'),
  updated_at: Date.parse('2026-11-24T10:00:00.123Z'),
  is_attending: 1,
  ...overrides,
});

describe('eventStatus', () => {
  it.each([
    [START - 1, 'upcoming'],
    [START, 'ongoing'],
    [END - 1, 'ongoing'],
    [END, 'past'],
    [END + 1, 'past'],
  ])('at %p is %s', (now, status) => {
    expect(eventStatus(START, END, now)).toBe(status);
  });
});

describe('toEventResponse', () => {
  it('maps a row to the contract’s event', () => {
    expect(toEventResponse(row(), viewer(5), START - 1)).toEqual({
      id: 17,
      name: 'Rust meetup',
      description: 'Talks and pizza',
      location: 'Berlin',
      startsAt: '2027-03-01T18:00:00.000Z',
      endsAt: '2027-03-01T21:00:00.000Z',
      capacity: 50,
      attendeeCount: 12,
      spotsLeft: 38,
      status: 'upcoming',
      isOwner: false,
      isAttending: true,
      owner: { id: 3, username: 'foobar' },
      createdAt: '2026-11-23T10:00:00.000Z',
      updatedAt: '2026-11-24T10:00:00.123Z',
    });
  });

  it('answers isOwner for the owner only, ', () => {
    expect(toEventResponse(row(), viewer(3), START).isOwner).toBe(true);
    expect(toEventResponse(row(), viewer(4), START).isOwner).toBe(false);
    // an admin may edit, but is not the owner
    expect(toEventResponse(row(), viewer(4, true), START).isOwner).toBe(false);
  });

  it.each([
    [1, true],
    [0, false],
  ])('reads is_attending %p as %p', (value, expected) => {
    expect(toEventResponse(row({ is_attending: value }), viewer(5), START).isAttending).toBe(
      expected,
    );
  });

  it('answers spotsLeft null for an unlimited event', () => {
    expect(toEventResponse(row({ capacity: null }), viewer(5), START)).toMatchObject({
      capacity: null,
      spotsLeft: null,
    });
  });

  it('answers spotsLeft 0 for a full event', () => {
    expect(
      toEventResponse(row({ capacity: 12, attendee_count: 12 }), viewer(5), START),
    ).toMatchObject({ spotsLeft: 0 });
  });

  it('computes the status at the given time', () => {
    expect(toEventResponse(row(), viewer(5), START).status).toBe('ongoing');
    expect(toEventResponse(row(), viewer(5), END).status).toBe('past');
  });

  it('keeps null description and location', () => {
    expect(
      toEventResponse(row({ description: null, location: null }), viewer(5), START),
    ).toMatchObject({ description: null, location: null });
  });
});
