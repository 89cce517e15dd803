import { createTestApp, TestApp } from './app.factory';
import { createUser, login, registerUser, uniqueName } from './factories';
import { expectProblem } from './support/expect-problem';

// Booting apps takes seconds on a busy CI machine.
jest.setTimeout(30_000);

const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const PASSWORD = 'correct-horse-battery';

describe('accounts', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  function newAccount(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    const username = uniqueName();
    return { username, email: `${username}@example.com`, password: PASSWORD, ...overrides };
  }

  const register = (body: unknown) =>
    t
      .http()
      .post('/api/v1/auth/register')
      .send(body as object);

  describe('POST /api/v1/auth/register', () => {
    it('answers 201 with exactly the public fields of the new user', async () => {
      const body = newAccount({ firstName: 'Ada', lastName: 'Lovelace' });
      const res = await register(body).expect(201);

      expect(res.headers['content-type']).toMatch(/^application\/json\b/);
      expect(Object.keys(res.body).sort()).toEqual(
        [
          'createdAt',
          'email',
          'emailNotifications',
          'firstName',
          'id',
          'lastName',
          'username',
        ].sort(),
      );
      expect(res.body).toEqual({
        id: expect.any(Number),
        username: body.username,
        email: body.email,
        firstName: 'Ada',
        lastName: 'Lovelace',
        emailNotifications: true,
        createdAt: expect.stringMatching(ISO_MS),
      });
      expect(Math.abs(Date.parse(res.body.createdAt) - Date.now())).toBeLessThan(60_000);
      expect(res.text).not.toContain(PASSWORD);
      expect(res.text).not.toMatch(/password|hash|argon/i);
    });

    it('trims first and last names and stores blank ones as null', async () => {
      const res = await register(newAccount({ firstName: '  Ada  ', lastName: '   ' })).expect(201);
      expect(res.body).toMatchObject({ firstName: 'Ada', lastName: null });
    });

    it('answers null names when none are given', async () => {
      const res = await register(newAccount()).expect(201);
      expect(res.body).toMatchObject({ firstName: null, lastName: null });
    });

    it('accepts usernames of 3 and of 30 characters of letters, digits, _ . and -', async () => {
      const short = 'a.b';
      const long = 'Aa0_.-'.padEnd(30, 'z');
      await register(newAccount({ username: short, email: `${short}@example.com` })).expect(201);
      await register(newAccount({ username: long, email: `${long}@example.com` })).expect(201);
    });

    it('lets the new user log in with the password', async () => {
      const body = newAccount();
      await register(body).expect(201);
      await t
        .http()
        .post('/api/v1/auth/login')
        .send({ username: body.username, password: PASSWORD })
        .expect(200);
    });

    it.each([
      ['username', 'too short', 'ab', 'username must be longer than or equal to 3 characters'],
      [
        'username',
        'too long',
        'a'.repeat(31),
        'username must be shorter than or equal to 30 characters',
      ],
      [
        'username',
        'with a space',
        'foo bar',
        'username may contain only letters, digits, _ . and -',
      ],
      [
        'username',
        'with non-ASCII letters',
        'föö',
        'username may contain only letters, digits, _ . and -',
      ],
      ['username', 'a number', 42, 'username must be a string'],
      ['username', 'missing', undefined, 'username must be a string'],
      ['email', 'not an address', 'not-an-email', 'email must be a valid email address'],
      [
        'email',
        'too long',
        `${'a'.repeat(250)}@example.com`,
        'email must be shorter than or equal to 254 characters',
      ],
      ['email', 'null', null, 'email must be a string'],
      // Found by the fuzzer: validator.js's isEmail threw a URIError on these (500).
      ['email', 'a lone surrogate', '\udfff', 'email must be well-formed Unicode'],
      [
        'email',
        'an address with a lone surrogate',
        'a\ud800@example.com',
        'email must be well-formed Unicode',
      ],
      [
        'password',
        '7 characters',
        'seven77',
        'password must be longer than or equal to 8 characters',
      ],
      [
        'password',
        '129 characters',
        'p'.repeat(129),
        'password must be shorter than or equal to 128 characters',
      ],
      ['password', 'a number', 12345678, 'password must be a string'],
      [
        'firstName',
        '101 characters',
        'f'.repeat(101),
        'firstName must be shorter than or equal to 100 characters',
      ],
      ['firstName', 'a number', 7, 'firstName must be a string'],
      [
        'lastName',
        '101 characters',
        'l'.repeat(101),
        'lastName must be shorter than or equal to 100 characters',
      ],
      ['lastName', 'an array', ['Doe'], 'lastName must be a string'],
    ])(
      'answers 400 VALIDATION_FAILED with one error for %s when it is %s',
      async (field, _label, value, message) => {
        const body = newAccount({ [field]: value });
        const problem = expectProblem(await register(body), 400, 'VALIDATION_FAILED');
        expect(problem.errors).toEqual([{ field, message }]);
      },
    );

    it('reports one error per invalid field, the type error first', async () => {
      const res = await register({ username: 5, email: 7, password: null, firstName: 3 });
      expect(expectProblem(res, 400, 'VALIDATION_FAILED').errors).toEqual([
        { field: 'username', message: 'username must be a string' },
        { field: 'email', message: 'email must be a string' },
        { field: 'password', message: 'password must be a string' },
        { field: 'firstName', message: 'firstName must be a string' },
      ]);
    });

    it('names every required field for an empty body', async () => {
      const res = await t.http().post('/api/v1/auth/register');
      expect(expectProblem(res, 400, 'VALIDATION_FAILED').errors).toEqual([
        { field: 'username', message: 'username must be a string' },
        { field: 'email', message: 'email must be a string' },
        { field: 'password', message: 'password must be a string' },
      ]);
    });

    it('answers 409 USERNAME_TAKEN for an existing username in other letter case', async () => {
      const first = newAccount();
      await register(first).expect(201);
      const username = String(first.username).toUpperCase();
      const res = await register(newAccount({ username, email: `${uniqueName()}@example.com` }));
      expectProblem(res, 409, 'USERNAME_TAKEN');
    });

    it('answers 409 EMAIL_TAKEN for an existing email in other letter case', async () => {
      const first = newAccount();
      await register(first).expect(201);
      const res = await register(newAccount({ email: String(first.email).toUpperCase() }));
      expectProblem(res, 409, 'EMAIL_TAKEN');
    });

    it.each([
      ['isAdmin', true],
      ['id', 1],
      ['createdAt', '2020-01-01T00:00:00.000Z'],
      ['passwordHash', 'x'],
    ])('answers 400 for a server-owned field %s and creates nothing', async (field, value) => {
      const body = newAccount({ [field]: value });
      const problem = expectProblem(await register(body), 400, 'VALIDATION_FAILED');
      expect(problem.errors).toEqual([{ field, message: `property ${field} should not exist` }]);

      await t
        .http()
        .post('/api/v1/auth/login')
        .send({ username: body.username, password: PASSWORD })
        .expect(401);
      // Nothing was created: the same username and email are still free.
      delete body[field];
      await register(body).expect(201);
    });

    it('stores an argon2id hash, never the password', async () => {
      const body = newAccount();
      const created = await register(body).expect(201);
      const row = await t.dataSource
        .createQueryBuilder()
        .select('u.password_hash', 'hash')
        .from('users', 'u')
        .where('u.id = :id', { id: created.body.id })
        .getRawOne<{ hash: string }>();
      expect(row?.hash).toMatch(/^\$argon2id\$/);
      expect(row?.hash).not.toContain(PASSWORD);
    });
  });

  describe('POST /api/v1/auth/login', () => {
    it('answers 200 with a Bearer token pair and the configured lifetimes', async () => {
      const user = await registerUser(t);
      const res = await t
        .http()
        .post('/api/v1/auth/login')
        .send({ username: user.username, password: user.password })
        .expect(200);

      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body).toEqual({
        access_token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
        refresh_token: expect.any(String),
        token_type: 'Bearer',
        expires_in: 3600,
        refresh_expires_in: 86400,
      });
      expect(res.body.refresh_token).not.toBe(res.body.access_token);
    });

    it('matches the username case-insensitively', async () => {
      const user = await registerUser(t);
      await login(t, user.username.toUpperCase(), user.password);
    });

    it('opens a new session on every login', async () => {
      const user = await registerUser(t);
      const first = await login(t, user.username, user.password);
      const second = await login(t, user.username, user.password);
      expect(second.refresh_token).not.toBe(first.refresh_token);
      expect(second.access_token).not.toBe(first.access_token);
    });

    it('answers the same 401 INVALID_CREDENTIALS body for an unknown user and a wrong password', async () => {
      const user = await registerUser(t);
      const wrongPassword = await t
        .http()
        .post('/api/v1/auth/login')
        .send({ username: user.username, password: 'wrong-password' });
      const unknownUser = await t
        .http()
        .post('/api/v1/auth/login')
        .send({ username: uniqueName('ghost'), password: 'wrong-password' });

      expectProblem(wrongPassword, 401, 'INVALID_CREDENTIALS');
      expectProblem(unknownUser, 401, 'INVALID_CREDENTIALS');
      expect(unknownUser.body).toEqual(wrongPassword.body);
    });

    // Found by the fuzzer on PostgreSQL, which refuses a NUL in a query parameter (500).
    it.each([
      ['a NUL', 'a\u0000b'],
      ['a lone surrogate', 'a\ud800b'],
    ])('answers 401 INVALID_CREDENTIALS for a username holding %s', async (_label, username) => {
      const res = await t
        .http()
        .post('/api/v1/auth/login')
        .send({ username, password: 'wrong-password' });
      expectProblem(res, 401, 'INVALID_CREDENTIALS');
    });

    it.each([
      ['too short', 'x'],
      ['too long', 'x'.repeat(200)],
    ])('answers 401, not 400, for a password that is %s', async (_label, password) => {
      const user = await registerUser(t);
      const res = await t
        .http()
        .post('/api/v1/auth/login')
        .send({ username: user.username, password });
      expectProblem(res, 401, 'INVALID_CREDENTIALS');
    });

    it.each([
      [{ password: PASSWORD }, [{ field: 'username', message: 'username must be a string' }]],
      [{ username: 'someone' }, [{ field: 'password', message: 'password must be a string' }]],
      [
        { username: '', password: '' },
        [
          { field: 'username', message: 'username should not be empty' },
          { field: 'password', message: 'password should not be empty' },
        ],
      ],
      [
        { username: 1, password: true },
        [
          { field: 'username', message: 'username must be a string' },
          { field: 'password', message: 'password must be a string' },
        ],
      ],
      [
        { username: 'someone', password: PASSWORD, remember: true },
        [{ field: 'remember', message: 'property remember should not exist' }],
      ],
      // Found by the fuzzer: names of Object.prototype members were silently ignored.
      [
        { username: 'someone', password: PASSWORD, toString: 'x', constructor: 1, prototype: {} },
        [
          { field: 'toString', message: 'property toString should not exist' },
          { field: 'constructor', message: 'property constructor should not exist' },
          { field: 'prototype', message: 'property prototype should not exist' },
        ],
      ],
      [
        { username: 1, password: PASSWORD, hasOwnProperty: true, remember: true },
        [
          { field: 'hasOwnProperty', message: 'property hasOwnProperty should not exist' },
          { field: 'remember', message: 'property remember should not exist' },
          { field: 'username', message: 'username must be a string' },
        ],
      ],
    ])('answers 400 VALIDATION_FAILED for %j', async (body, errors) => {
      const res = await t.http().post('/api/v1/auth/login').send(body);
      expect(expectProblem(res, 400, 'VALIDATION_FAILED').errors).toEqual(errors);
    });
  });

  describe('GET /api/v1/users/me', () => {
    it('answers 200 with the calling user', async () => {
      const body = newAccount({ firstName: 'Grace' });
      const created = await register(body).expect(201);
      const tokens = await login(t, String(body.username), PASSWORD);

      const res = await t
        .http()
        .get('/api/v1/users/me')
        .set('Authorization', `Bearer ${tokens.access_token}`)
        .expect(200);
      expect(res.body).toEqual(created.body);
    });

    it.each([
      ['no Authorization header', undefined],
      ['another scheme', 'Basic dXNlcjpwYXNz'],
      ['a bare Bearer', 'Bearer'],
      ['a token that is not a JWT', 'Bearer not-a-token'],
    ])('answers 401 UNAUTHENTICATED for %s', async (_label, header) => {
      const req = t.http().get('/api/v1/users/me');
      if (header !== undefined) void req.set('Authorization', header);
      expectProblem(await req, 401, 'UNAUTHENTICATED');
    });
  });

  describe('POST /api/v1/auth/verify', () => {
    it('answers 200 {valid, userId, username, expiresAt} for a live access token', async () => {
      const user = await createUser(t);
      const res = await t
        .http()
        .post('/api/v1/auth/verify')
        .send({ token: user.accessToken })
        .expect(200);

      const payload = JSON.parse(
        Buffer.from(user.accessToken.split('.')[1]!, 'base64url').toString(),
      ) as { exp: number };
      expect(res.body).toEqual({
        valid: true,
        userId: user.id,
        username: user.username,
        expiresAt: new Date(payload.exp * 1000).toISOString(),
      });
      expect(res.body.expiresAt).toMatch(ISO_MS);
    });

    it.each([
      ['missing', {}],
      ['a number', { token: 42 }],
      ['null', { token: null }],
      ['an object', { token: { value: 'x' } }],
    ])('answers 400 VALIDATION_FAILED when token is %s', async (_label, body) => {
      const res = await t.http().post('/api/v1/auth/verify').send(body);
      expect(expectProblem(res, 400, 'VALIDATION_FAILED').errors).toEqual([
        { field: 'token', message: 'token must be a string' },
      ]);
    });

    it.each([
      ['an empty string', ''],
      ['garbage', 'garbage'],
      ['a three-part non-JWT', 'a.b.c'],
    ])('answers 401 UNAUTHENTICATED for %s', async (_label, token) => {
      const res = await t.http().post('/api/v1/auth/verify').send({ token });
      expectProblem(res, 401, 'UNAUTHENTICATED');
    });
  });
});
