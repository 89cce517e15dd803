import { startApi } from '../scripts/api-server.mjs';

/** Short-lived access tokens, so the run crosses expiries and must refresh transparently. */
export const ACCESS_TTL_SECONDS = 8;

/** Boots the built API once, on a free port with a throwaway database, for every worker. */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const api = await startApi({ JWT_ACCESS_TTL: String(ACCESS_TTL_SECONDS) });
  // Workers start after this and inherit the environment.
  process.env.WEB_TEST_URL = api.url;
  return () => api.stop();
}
