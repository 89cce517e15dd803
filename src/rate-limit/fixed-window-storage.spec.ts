import { FixedWindowThrottlerStorage } from './fixed-window-storage';

describe('FixedWindowThrottlerStorage (counts as the Redis storage does)', () => {
  let storage: FixedWindowThrottlerStorage;
  const hit = () => storage.increment('client', 60_000, 2, 60_000, 'auth');

  beforeEach(() => {
    jest.useFakeTimers({ now: 1_000_000 });
    storage = new FixedWindowThrottlerStorage();
  });
  afterEach(() => {
    storage.onApplicationShutdown();
    jest.useRealTimers();
  });

  it('counts every hit of a window that starts with the first one', async () => {
    expect(await hit()).toEqual({
      totalHits: 1,
      timeToExpire: 60,
      isBlocked: false,
      timeToBlockExpire: 0,
    });
    jest.advanceTimersByTime(20_500);
    expect(await hit()).toMatchObject({ totalHits: 2, timeToExpire: 40, isBlocked: false });
  });

  it('blocks past the limit for the block duration, counting on', async () => {
    await hit();
    jest.advanceTimersByTime(30_000);
    await hit();
    expect(await hit()).toMatchObject({ totalHits: 3, isBlocked: true, timeToBlockExpire: 60 });
    // The window ends after 30 s more, the block after 60 s.
    jest.advanceTimersByTime(45_000);
    expect(await hit()).toMatchObject({ totalHits: 1, isBlocked: true, timeToBlockExpire: 15 });
    jest.advanceTimersByTime(15_000);
    expect(await hit()).toMatchObject({ totalHits: 2, isBlocked: false, timeToBlockExpire: 0 });
  });

  it('starts afresh once the window is over', async () => {
    await hit();
    await hit();
    jest.advanceTimersByTime(60_000);
    expect(await hit()).toMatchObject({ totalHits: 1, timeToExpire: 60, isBlocked: false });
  });

  it('keeps clients and throttlers apart', async () => {
    await hit();
    await hit();
    expect(await storage.increment('other', 60_000, 2, 60_000, 'auth')).toMatchObject({
      totalHits: 1,
    });
    expect(await storage.increment('client', 60_000, 2, 60_000, 'other')).toMatchObject({
      totalHits: 1,
    });
  });
});
