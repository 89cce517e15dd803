import { AuthUser } from '../auth/auth-user';
import { EventRow, toEventResponse } from './event-row';
import { eventStatus } from './event-state';

const START = Date.parse('2027-03-01T18:00:00.000Z');
const END = Date.parse('2027-03-01T21:00:00.000Z');
const DAY = 86_400_000;

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
  category: 'meetup',
  time_zone: 'Europe/Berlin',
  version: 3,
  cancelled_at: null,
  cancellation_reason: null,
  waitlist_count: 0,
  published: 1,
  my_role: null,
  questions: '[]',
  requires_approval: 0,
  my_status: 'attending',
  pending_count: null,
  checked_in_count: null,
  waitlist_position: 0,
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
    expect(
      eventStatus({ startsAt: START, endsAt: END, cancelledAt: null, published: true }, now),
    ).toBe(status);
  });

  it.each([START - 1, START, END + 1])('is cancelled at %p once cancelled', (now) => {
    const times = { startsAt: START, endsAt: END, cancelledAt: START - DAY };
    expect(eventStatus({ ...times, published: true }, now)).toBe('cancelled');
    expect(eventStatus({ ...times, published: false }, now)).toBe('cancelled');
  });

  it.each([START - 1, START, END + 1])('is a draft at %p while unpublished', (now) => {
    const times = { startsAt: START, endsAt: END, cancelledAt: null, published: false };
    expect(eventStatus(times, now)).toBe('draft');
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
      myRole: null,
      published: true,
      isAttending: true,
      registrationStatus: 'attending',
      questions: [],
      requiresApproval: false,
      pendingCount: null,
      checkedInCount: null,
      category: 'meetup',
      timeZone: 'Europe/Berlin',
      waitlistCount: 0,
      isWaitlisted: false,
      waitlistPosition: null,
      cancelledAt: null,
      cancellationReason: null,
      version: 3,
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
    ['attending', true, 'attending'],
    ['waiting', false, 'waitlisted'],
    ['pending', false, 'pending'],
    ['declined', false, 'declined'],
    [null, false, null],
  ] as const)(
    'reads my_status %p as isAttending %p, registrationStatus %p',
    (value, attending, status) => {
      const event = toEventResponse(row({ my_status: value }), viewer(5), START);
      expect(event.isAttending).toBe(attending);
      expect(event.registrationStatus).toBe(status);
    },
  );

  it('answers the stored questions and the approval mode', () => {
    const questions = [
      { id: 'qAAAAAAAA', label: 'Size', type: 'choice', required: true, options: ['S', 'M'] },
    ];
    const event = toEventResponse(
      row({ questions: JSON.stringify(questions), requires_approval: 1 }),
      viewer(5),
      START,
    );
    expect(event).toMatchObject({ questions, requiresApproval: true });
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

  it('answers the caller’s place in line, and null when not waiting', () => {
    const waiting = toEventResponse(row({ waitlist_count: 4, waitlist_position: 2 }), viewer(5), 0);
    expect(waiting).toMatchObject({ waitlistCount: 4, isWaitlisted: true, waitlistPosition: 2 });
    const not = toEventResponse(row({ waitlist_count: 4 }), viewer(5), 0);
    expect(not).toMatchObject({ isWaitlisted: false, waitlistPosition: null });
  });

  it('answers a cancellation as UTC milliseconds with its reason', () => {
    const cancelled = toEventResponse(
      row({ cancelled_at: Date.parse('2027-02-01T08:00:00Z'), cancellation_reason: 'Ill' }),
      viewer(5),
      0,
    );
    expect(cancelled).toMatchObject({
      status: 'cancelled',
      cancelledAt: '2027-02-01T08:00:00.000Z',
      cancellationReason: 'Ill',
    });
  });

  it('keeps null description and location', () => {
    expect(
      toEventResponse(row({ description: null, location: null }), viewer(5), START),
    ).toMatchObject({ description: null, location: null });
  });
});
