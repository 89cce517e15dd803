import { redactFeedToken } from './feed-token';

describe('redactFeedToken', () => {
  it('hides the token of a feed address, query included, and leaves other URLs alone', () => {
    expect(redactFeedToken('/api/v1/calendar-feeds/3.abcDEF_-123?x=1')).toBe(
      '/api/v1/calendar-feeds/[redacted]?x=1',
    );
    expect(redactFeedToken('/api/v1/events/3/calendar')).toBe('/api/v1/events/3/calendar');
  });
});
