import { METHODS } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestApp, TestApp } from './app.factory';
import { createUser, TestUser } from './factories';
import { expectRawProblem } from './support/expect-problem';
import { send } from './support/raw-http';

jest.setTimeout(30_000);

/** Methods with a route on `/api/v1/events` (HEAD is GET's). */
const ROUTED = new Set(['GET', 'HEAD', 'POST']);

/**
 * Every method Node's HTTP parser accepts gets an HTTP answer: a route's, or the 404 problem
 * document of an unknown method. CONNECT, which Node hands to a `connect` listener instead of the
 * request handler, used to close the socket without a byte.
 */
describe('HTTP methods', () => {
  let t: TestApp;
  let port: number;
  let user: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
    user = await createUser(t);
  });
  afterAll(() => t.close());

  const request = (method: string, target: string) =>
    send(port, {
      method,
      target,
      headers: [
        ['Host', 'localhost'],
        ['Authorization', `Bearer ${user.accessToken}`],
        ['Connection', 'close'],
      ],
    });

  it.each(['/api/v1/events', 'localhost:443', '/api/v1/events/1'])(
    'answers CONNECT %s with a 404 NOT_FOUND problem document, then closes',
    async (target) => {
      const res = await request('CONNECT', target);
      const problem = expectRawProblem(res, 404, 'NOT_FOUND');
      expect(problem.detail).toBe(`No route CONNECT ${target}.`);
      expect(res.headers.connection).toBe('close');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    },
  );

  it.each(METHODS.filter((method) => !ROUTED.has(method) && method !== 'CONNECT'))(
    'answers %s /api/v1/events with a 404 NOT_FOUND problem document',
    async (method) => {
      expectRawProblem(await request(method, '/api/v1/events'), 404, 'NOT_FOUND');
    },
  );

  it('still serves the routed methods', async () => {
    expect((await request('GET', '/api/v1/events')).status).toBe(200);
    expect((await request('HEAD', '/api/v1/events')).status).toBe(200);
  });
});
