import { describe, expect, it } from 'vitest';
import { readFilters, toQuery, writeFilters } from './event-filters';

describe('event list filters', () => {
  it('asks for the events the caller owns or hosts on the Hosting scope', () => {
    const filters = readFilters(new URLSearchParams('scope=hosting'));
    expect(filters.scope).toBe('hosting');
    expect(toQuery(filters)).toMatchObject({ host: 'me' });
    expect(toQuery(filters)).not.toHaveProperty('owner');
    expect(writeFilters(filters).toString()).toBe('scope=hosting');
  });

  it('keeps the drafts status in the URL and the query', () => {
    const filters = readFilters(new URLSearchParams('scope=hosting&status=draft'));
    expect(toQuery(filters)).toMatchObject({ host: 'me', status: 'draft' });
    expect(writeFilters(filters).toString()).toBe('scope=hosting&status=draft');
  });

  it('falls back to all events on an unknown scope', () => {
    expect(readFilters(new URLSearchParams('scope=nope')).scope).toBe('all');
  });
});
