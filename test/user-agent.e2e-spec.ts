import type { AddressInfo } from 'node:net';
import { createTestApp, TestApp } from './app.factory';
import { registerUser } from './factories';
import { send } from './support/raw-http';

jest.setTimeout(30_000);

const SESSIONS = '/api/v1/users/me/sessions';

/**
 * A `User-Agent` is stored and listed as the text the client sent: its bytes are UTF-8 (Node
 * hands header bytes over as Latin-1, which turned `Ünïcödé` into mojibake); bytes that are not
 * UTF-8 become U+FFFD, never a guess. Sent over a raw socket, byte for byte, since an HTTP client
 * library may re-encode a header it finds non-ASCII.
 */
describe('User-Agent text in the session list', () => {
  let t: TestApp;
  let port: number;

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(() => t.close());

  /** Logs in with `userAgent` as raw bytes; the user agent the session list then shows. */
  async function listedUserAgent(userAgent: Buffer): Promise<string | null> {
    const user = await registerUser(t);
    const body = Buffer.from(JSON.stringify({ username: user.username, password: user.password }));
    const login = await send(port, {
      method: 'POST',
      target: '/api/v1/auth/login',
      headers: [
        ['Host', 'localhost'],
        ['Content-Type', 'application/json'],
        ['Content-Length', String(body.length)],
        ['User-Agent', userAgent.toString('latin1')], // written back as these very bytes
        ['Connection', 'close'],
      ],
      body,
    });
    expect(login.status).toBe(200);
    const { access_token: token } = JSON.parse(login.text) as { access_token: string };
    const res = await t.http().get(SESSIONS).set('Authorization', `Bearer ${token}`).expect(200);
    return (res.body as { items: { userAgent: string | null }[] }).items[0]!.userAgent;
  }

  it.each([
    'Mozilla/5.0 Ünïcödé 日本',
    'Mozilla/5.0 (Linux; Android 14) Ёлка 🎄',
    'Mozilla/5.0 (plain ASCII)',
  ])('stores and lists the UTF-8 user agent %j as sent', async (userAgent) => {
    expect(await listedUserAgent(Buffer.from(userAgent, 'utf8'))).toBe(userAgent);
  });

  it('replaces bytes that are not UTF-8 with U+FFFD instead of guessing', async () => {
    const latin1 = Buffer.concat([Buffer.from('caf'), Buffer.from([0xe9]), Buffer.from(' ok')]);
    expect(await listedUserAgent(latin1)).toBe('caf\uFFFD ok');
  });

  it('cuts a long UTF-8 user agent at 200 characters, not mid-character', async () => {
    const userAgent = `Mozilla/5.0 ${'日'.repeat(300)}`;
    expect(await listedUserAgent(Buffer.from(userAgent, 'utf8'))).toBe(userAgent.slice(0, 200));
  });
});
