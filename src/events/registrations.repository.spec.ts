import { Spots, spotsToFill } from './registrations.repository';

const NOW = 1_000_000;
const spots = (overrides: Partial<Spots> = {}): Spots => ({
  capacity: 5,
  attendeeCount: 3,
  waitlistCount: 4,
  startsAt: NOW + 1,
  cancelledAt: null,
  ...overrides,
});

describe('spotsToFill', () => {
  it('fills the free spots from the line, no more than wait', () => {
    expect(spotsToFill(spots(), NOW)).toBe(2);
    expect(spotsToFill(spots({ waitlistCount: 1 }), NOW)).toBe(1);
    expect(spotsToFill(spots({ attendeeCount: 5 }), NOW)).toBe(0);
  });

  it('takes the whole line for an unlimited event', () => {
    expect(spotsToFill(spots({ capacity: null }), NOW)).toBe(4);
  });

  it('fills nothing once the line is frozen: started or cancelled', () => {
    expect(spotsToFill(spots({ startsAt: NOW }), NOW)).toBe(0);
    expect(spotsToFill(spots({ cancelledAt: NOW - 1 }), NOW)).toBe(0);
  });

  it('fills nothing when nobody waits', () => {
    expect(spotsToFill(spots({ waitlistCount: 0, capacity: null }), NOW)).toBe(0);
  });
});
