import { describe, expect, it } from 'vitest';
import { countOf } from './format';

describe('countOf', () => {
  it('states an exact total as it is', () => {
    expect(countOf(1, 'eq', 'event')).toBe('1 event');
    expect(countOf(42, 'eq', 'event')).toBe('42 events');
  });

  it('states a total counted up to the limit as "at least" ("10,000+ events")', () => {
    expect(countOf(10_000, 'gte', 'event')).toBe(`${(10_000).toLocaleString()}+ events`);
    expect(countOf(5, 'gte', 'event')).toBe('5+ events');
  });
});
