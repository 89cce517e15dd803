import { startApi } from '../scripts/api-server.mjs';

/**
 * Access tokens outlive every test, so that no refresh happens at a random moment (a full page
 * load in the middle of a refresh drops its answer, and the next start presents the spent refresh
 * token: reuse, the session is revoked; that is the server's rule). The refresh test makes the app
 * see its token as expired instead.
 */
const ACCESS_TTL_SECONDS = 300;

/** Boots the built API once, on a free port with a throwaway database, for every worker. */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const api = await startApi({
    JWT_ACCESS_TTL: String(ACCESS_TTL_SECONDS),
    // The webhook spec's receiver listens on loopback.
    WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
  });
  // Workers start after this and inherit the environment.
  process.env.WEB_TEST_URL = api.url;
  return () => api.stop();
}
