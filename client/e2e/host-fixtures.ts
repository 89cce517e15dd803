import { apiClient, createUser, expect, tokenOf, type TestUser } from './fixtures';

type HostRole = 'cohost' | 'checker';

/** The owner makes `host` a host of the event through the API (setup, not what a test is about). */
export async function addHost(
  baseUrl: string,
  owner: TestUser,
  eventId: number,
  host: TestUser,
  role: HostRole,
): Promise<void> {
  const api = apiClient(baseUrl, await tokenOf(baseUrl, owner));
  const { data: found } = await api.GET('/api/v1/users/lookup', {
    params: { query: { username: host.username } },
  });
  if (!found) throw new Error(`no user ${host.username}`);
  const { response } = await api.PUT('/api/v1/events/{id}/hosts/{userId}', {
    params: { path: { id: eventId, userId: found.id } },
    body: { role },
  });
  expect(response.status).toBe(200);
}

/** A fresh user who hosts the event with `role`. */
export async function hostWithRole(
  baseUrl: string,
  owner: TestUser,
  eventId: number,
  role: HostRole,
): Promise<TestUser> {
  const host = await createUser(baseUrl, role);
  await addHost(baseUrl, owner, eventId, host, role);
  return host;
}
