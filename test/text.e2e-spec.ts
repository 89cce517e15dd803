import { createTestApp, TestApp } from './app.factory';
import { createUser, login, uniqueName } from './factories';
import type { Response } from 'supertest';
import { expectProblem } from './support/expect-problem';

jest.setTimeout(30_000);

const REGISTER = '/api/v1/auth/register';
const PASSWORD = 'correct-horse-battery';

/**
 * Text on the wire and as identity: bodies are UTF-8 (other bytes 400, another charset 415), a
 * password must be well-formed Unicode like any stored text, and a username or email is one
 * identity after NFKC and case folding, whatever spelling it was typed in, which is kept.
 */
describe('text: encodings and identities', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const userCount = async () =>
    Number((await t.dataSource.query<{ n: number }[]>('SELECT COUNT(*) AS n FROM users'))[0]!.n);
  /** The bytes as sent (supertest would serialise a Buffer as JSON), read like supertest's. */
  const postBytes = async (contentType: string, body: Buffer) => {
    const res = await t.app
      .getHttpAdapter()
      .getInstance()
      .inject({ method: 'POST', url: REGISTER, headers: { 'content-type': contentType }, body });
    return { status: res.statusCode, headers: res.headers, text: res.body, body: res.json() };
  };
  const account = (overrides: Record<string, unknown> = {}) => {
    const username = uniqueName('txt');
    return { username, email: `${username}@example.com`, password: PASSWORD, ...overrides };
  };
  /** A JSON body as UTF-8 bytes with one field's text replaced by raw `bytes`. */
  const withBytes = (body: Record<string, unknown>, marker: string, bytes: number[]) => {
    const [before, after] = JSON.stringify(body).split(marker) as [string, string];
    return Buffer.concat([Buffer.from(before), Buffer.from(bytes), Buffer.from(after)]);
  };

  describe('request bodies', () => {
    it.each([
      ['Latin-1 é', [0xe9]],
      ['an overlong "/"', [0xc0, 0xaf]],
      ['an encoded surrogate half', [0xed, 0xa0, 0x80]],
      ['a truncated sequence', [0xe2, 0x82]],
      ['a stray continuation byte', [0x80]],
    ])(
      'answers 400 VALIDATION_FAILED to a JSON body with %s, creating nothing',
      async (_l, bytes) => {
        const before = await userCount();
        const body = withBytes(account({ firstName: 'MARK' }), 'MARK', bytes);
        const problem = expectProblem(
          (await postBytes('application/json', body)) as unknown as Response,
          400,
          'VALIDATION_FAILED',
        );
        expect(problem.detail).toBe('The request body is not valid UTF-8.');
        expect(await userCount()).toBe(before);
      },
    );

    it('stores well-formed UTF-8 exactly', async () => {
      const body = withBytes(
        account({ firstName: 'MARK' }),
        'MARK',
        [0x63, 0x61, 0x66, 0xc3, 0xa9],
      );
      const res = await postBytes('application/json', body);
      expect(res.status).toBe(201);
      expect(res.body.firstName).toBe('café');
    });

    it.each(['iso-8859-1', 'latin1', 'utf-16', '"windows-1252"', 'us-ascii'])(
      'answers 415 UNSUPPORTED_MEDIA_TYPE to a JSON body declared charset=%s',
      async (charset) => {
        const before = await userCount();
        const res = await postBytes(
          `application/json; charset=${charset}`,
          Buffer.from(JSON.stringify(account())),
        );
        expectProblem(res as unknown as Response, 415, 'UNSUPPORTED_MEDIA_TYPE');
        expect(await userCount()).toBe(before);
      },
    );

    it.each(['utf-8', 'UTF-8', '"utf-8"', 'utf8'])('accepts charset=%s', async (charset) => {
      const res = await postBytes(
        `application/json; charset=${charset}`,
        Buffer.from(JSON.stringify(account())),
      );
      expect(res.status).toBe(201);
    });

    it('still accepts an empty body of another charset where no body is taken', async () => {
      const user = await createUser(t);
      const res = await t
        .http()
        .get('/api/v1/users/me')
        .set(user.auth)
        .set('Content-Type', 'application/json; charset=latin1')
        .send(Buffer.alloc(0));
      expect(res.status).toBe(200);
    });
  });

  describe('passwords', () => {
    it.each([
      ['a lone high surrogate', 'abcdefgh\ud800'],
      ['a lone low surrogate', '\udfffabcdefgh'],
    ])('refuses a password with %s (400, like a name)', async (_label, password) => {
      const before = await userCount();
      const res = await t.http().post(REGISTER).send(account({ password }));
      expect(expectProblem(res, 400, 'VALIDATION_FAILED').errors).toEqual([
        { field: 'password', message: 'password must be well-formed Unicode' },
      ]);
      expect(await userCount()).toBe(before);
    });

    it('accepts a password of paired surrogates (emoji) and logs in with it', async () => {
      const body = account({ password: '🔑🔑🔑🔑 secret' });
      await t.http().post(REGISTER).send(body).expect(201);
      await login(t, body.username, body.password);
    });
  });

  describe('identities after NFKC and case folding', () => {
    const nfc = (text: string) => text.normalize('NFC');
    const nfd = (text: string) => text.normalize('NFD');

    it.each([
      ['NFD after NFC', nfc('josé'), nfd('josé')],
      ['NFC after NFD', nfd('rené'), nfc('rené')],
      ['upper case', 'mixedcase', 'MIXEDCASE'],
      ['ß and ss', 'straße', 'STRASSE'],
      ['full-width letters', 'wide', 'ｗｉｄｅ'],
      ['a ligature', 'office', 'oﬃce'],
    ])('answers 409 EMAIL_TAKEN for one address spelled %s', async (_label, first, second) => {
      const tag = uniqueName('m').replaceAll('_', '');
      const body = account({ email: `${first}.${tag}@example.com` });
      const created = await t.http().post(REGISTER).send(body).expect(201);
      expect(created.body.email).toBe(body.email); // stored as typed
      const before = await userCount();
      const clash = await t
        .http()
        .post(REGISTER)
        .send(account({ email: `${second}.${tag}@example.com` }));
      expectProblem(clash, 409, 'EMAIL_TAKEN');
      expect(await userCount()).toBe(before);
    });

    it('answers 409 USERNAME_TAKEN for a username in another case, and logs in full-width', async () => {
      const body = account();
      await t.http().post(REGISTER).send(body).expect(201);
      const clash = await t
        .http()
        .post(REGISTER)
        .send(account({ username: body.username.toUpperCase() }));
      expectProblem(clash, 409, 'USERNAME_TAKEN');
      // U+FF01..U+FF5E are the full-width forms of ASCII: NFKC maps them back.
      const wide = Array.from(body.username.toUpperCase(), (c) =>
        String.fromCodePoint(c.codePointAt(0)! + 0xfee0),
      ).join('');
      const tokens = await login(t, wide, PASSWORD);
      const me = await t
        .http()
        .get('/api/v1/users/me')
        .set('Authorization', `Bearer ${tokens.access_token}`)
        .expect(200);
      expect(me.body.username).toBe(body.username);
    });

    it("lets a user respell their own address, keeps the spelling, and refuses another's", async () => {
      const tag = uniqueName('r').replaceAll('_', '');
      const other = await createUser(t, { email: `${nfc('zoë')}.${tag}@example.com` });
      const user = await createUser(t);
      const patch = (email: string) =>
        t.http().patch('/api/v1/users/me').set(user.auth).send({ email });
      expectProblem(await patch(`${nfd('ZOË')}.${tag}@example.com`), 409, 'EMAIL_TAKEN');
      const mine = `${nfd('chloé')}.${tag}@example.com`;
      expect((await patch(mine).expect(200)).body.email).toBe(mine);
      const respelt = `${nfc('CHLOÉ')}.${tag}@example.com`;
      expect((await patch(respelt).expect(200)).body.email).toBe(respelt);
      await t.http().get('/api/v1/users/me').set(other.auth).expect(200);
    });

    it('refuses an address whose normal form is longer than the email limit', async () => {
      // U+FDFA is one character, 18 in NFKC: 20 of them are 360.
      const res = await t
        .http()
        .post(REGISTER)
        .send(account({ email: `${'\ufdfa'.repeat(20)}@example.com` }));
      expect(res.status).toBe(400);
      expectProblem(res, 400, 'VALIDATION_FAILED');
    });
  });
});
