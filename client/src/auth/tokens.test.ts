import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, type FakeApi } from '../test/fake-api';
import { readSession } from './stored-session';

type Tab = typeof import('./tokens');

/** A browser tab: its own instance of the token module, sharing storage with the others. */
async function openTab(): Promise<Tab> {
  vi.resetModules();
  return import('./tokens');
}

const request = (path: string, init?: RequestInit) =>
  new Request(new URL(path, window.location.origin), init);

let server: FakeApi;

beforeEach(async () => {
  server = fakeApi();
  vi.stubGlobal('fetch', (input: Request) => server.fetch(input));
  // No session left from an earlier test, in either store.
  const tab = await openTab();
  tab.endSession('logout');
});

describe('token refresh', () => {
  it('makes one refresh for two tabs whose access token expired at once', async () => {
    const first = await openTab();
    await first.startSession(server.pair(0)); // expires at once
    const second = await openTab();

    const answers = await Promise.all([
      first.authFetch(request('/api/v1/events')),
      second.authFetch(request('/api/v1/users/me')),
      first.authFetch(request('/api/v1/events/1')),
    ]);

    expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(server.refreshes).toBe(1);
    expect(server.revoked).toBe(false);
    expect(readSession()?.refreshToken).toBe(server.refresh);
  });

  it('refreshes once after a 401 and retries the request', async () => {
    const tab = await openTab();
    await tab.startSession(server.pair());
    server.access = 'rotated-elsewhere'; // the server no longer takes the stored access token
    server.refresh = readSession()!.refreshToken;

    const answer = await tab.authFetch(request('/api/v1/events'));

    expect(answer.status).toBe(200);
    expect(server.refreshes).toBe(1);
  });

  it('signs out when the server answers the refresh as a reuse', async () => {
    const tab = await openTab();
    await tab.startSession(server.pair(0));
    server.revoked = true; // another device presented this session's spent token
    const events: string[] = [];
    tab.onSessionEvent((event) => events.push(event));

    const answer = await tab.authFetch(request('/api/v1/events'));

    expect(answer.status).toBe(401);
    expect(events).toEqual(['expired']);
    expect(readSession()).toBeNull();
    expect(server.refreshes).toBe(1);
  });

  it('never refreshes for a 401 that is not about the token (a wrong current password)', async () => {
    const tab = await openTab();
    await tab.startSession(server.pair());

    const answer = await tab.authFetch(request('/api/v1/users/me/password', { method: 'POST' }));

    expect(answer.status).toBe(401);
    expect(server.refreshes).toBe(0);
    expect(readSession()).not.toBeNull();
  });
});
