import { describe, expect, it, vi } from 'vitest';
import {
  dismiss,
  EMPTY_MEMORY,
  observe,
  parseMemory,
  readMemory,
  showsSpot,
  subscribeMemory,
  updateMemory,
  type SeenEvent,
  type SpotMemory,
} from './waitlist-memory';

const seen = (id: number, registrationStatus: SeenEvent['registrationStatus']): SeenEvent => ({
  id,
  registrationStatus,
});

/** The memory after a sequence of views. */
const after = (...views: SeenEvent[]): SpotMemory => views.reduce(observe, EMPTY_MEMORY);

describe('"You got a spot"', () => {
  it('shows when an event last seen waiting is now seen attending', () => {
    const memory = after(seen(1, 'waitlisted'), seen(1, 'attending'));
    expect(showsSpot(memory, seen(1, 'attending'))).toBe(true);
  });

  it('stays on later views (the list, a reload) until dismissed', () => {
    let memory = after(seen(1, 'waitlisted'), seen(1, 'attending'), seen(1, 'attending'));
    expect(showsSpot(memory, seen(1, 'attending'))).toBe(true);
    memory = dismiss(memory, 1);
    expect(showsSpot(observe(memory, seen(1, 'attending')), seen(1, 'attending'))).toBe(false);
    expect(memory).toEqual(EMPTY_MEMORY);
  });

  it('never shows for someone who registered directly', () => {
    expect(showsSpot(after(seen(1, null), seen(1, 'attending')), seen(1, 'attending'))).toBe(false);
    expect(showsSpot(after(seen(1, 'attending')), seen(1, 'attending'))).toBe(false);
  });

  it('is forgotten when the person left the list, or unregistered after the promotion', () => {
    expect(after(seen(1, 'waitlisted'), seen(1, null), seen(1, 'attending'))).toEqual(EMPTY_MEMORY);
    const unregistered = after(seen(1, 'waitlisted'), seen(1, 'attending'), seen(1, null));
    expect(unregistered).toEqual(EMPTY_MEMORY);
  });

  it('needs the person attending: a promotion seen, then waiting again, shows nothing', () => {
    const memory = after(seen(1, 'waitlisted'), seen(1, 'attending'), seen(1, 'waitlisted'));
    expect(showsSpot(memory, seen(1, 'waitlisted'))).toBe(false);
    expect(memory).toEqual({ waiting: [1], promoted: [] });
  });

  it('keeps events apart', () => {
    const memory = after(seen(1, 'waitlisted'), seen(2, 'waitlisted'), seen(2, 'attending'));
    expect(showsSpot(memory, seen(1, 'attending'))).toBe(false);
    expect(showsSpot(memory, seen(2, 'attending'))).toBe(true);
  });

  it('changes nothing (same object) when the view tells nothing new', () => {
    const memory = after(seen(1, 'waitlisted'));
    expect(observe(memory, seen(1, 'waitlisted'))).toBe(memory);
    expect(observe(memory, seen(2, null))).toBe(memory);
    expect(observe(memory, seen(3, 'attending'))).toBe(memory);
  });
});

describe('the stored memory', () => {
  it('is per user, survives as JSON and notifies subscribers of a change only', () => {
    const listener = vi.fn();
    const stop = subscribeMemory(listener);
    updateMemory(7, (m) => observe(m, seen(1, 'waitlisted')));
    updateMemory(7, (m) => observe(m, seen(1, 'waitlisted')));
    expect(listener).toHaveBeenCalledTimes(1);
    expect(parseMemory(readMemory(7))).toEqual({ waiting: [1], promoted: [] });
    expect(readMemory(8)).toBeNull();
    updateMemory(7, (m) => observe(m, seen(1, null)));
    expect(readMemory(7)).toBeNull();
    stop();
  });

  it('reads the older list of waiting ids, and anything unreadable as empty', () => {
    expect(parseMemory('[3, "x", 4]')).toEqual({ waiting: [3, 4], promoted: [] });
    expect(parseMemory('{not json')).toEqual(EMPTY_MEMORY);
    expect(parseMemory(null)).toEqual(EMPTY_MEMORY);
    expect(parseMemory('{"waiting":[1],"promoted":"no"}')).toEqual({ waiting: [1], promoted: [] });
  });
});
