/**
 * A stand-in for the API's token endpoints with the server's rules: a refresh token works once,
 * presenting a spent one is reuse and revokes the session; a request with the current access
 * token passes, any other is 401 UNAUTHENTICATED.
 */
export interface FakeApi {
  fetch: (input: Request) => Promise<Response>;
  refreshes: number;
  revoked: boolean;
  access: string;
  refresh: string;
  /** the pair a login answers, with `expiresIn` seconds of access */
  pair(expiresIn?: number): {
    access_token: string;
    refresh_token: string;
    token_type: 'Bearer';
    expires_in: number;
    refresh_expires_in: number;
  };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': status < 400 ? 'application/json' : 'application/problem+json' },
  });

const problem = (status: number, code: string) =>
  json(status, { type: 'about:blank', title: code, status, code, detail: code });

export function fakeApi(): FakeApi {
  let generation = 0;
  const api: FakeApi = {
    refreshes: 0,
    revoked: false,
    access: 'access-0',
    refresh: 'refresh-0',
    pair(expiresIn = 3600) {
      return {
        access_token: api.access,
        refresh_token: api.refresh,
        token_type: 'Bearer',
        expires_in: expiresIn,
        refresh_expires_in: 86_400,
      };
    },
    async fetch(request) {
      const { pathname } = new URL(request.url);
      // Let other tabs' requests interleave, as the network would.
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (pathname === '/api/v1/auth/refresh') {
        api.refreshes += 1;
        const { refresh_token: presented } = (await request.json()) as { refresh_token: string };
        if (api.revoked || presented !== api.refresh) {
          api.revoked = true; // reuse: the whole session ends
          return problem(401, 'INVALID_REFRESH_TOKEN');
        }
        generation += 1;
        api.access = `access-${generation}`;
        api.refresh = `refresh-${generation}`;
        return json(200, api.pair());
      }
      if (pathname === '/api/v1/users/me/password') return problem(401, 'INVALID_CREDENTIALS');
      const token = request.headers.get('authorization');
      if (api.revoked || token !== `Bearer ${api.access}`) return problem(401, 'UNAUTHENTICATED');
      return json(200, { ok: true, path: pathname });
    },
  };
  return api;
}
