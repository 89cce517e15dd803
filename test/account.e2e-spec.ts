import { createTestApp, TestApp } from './app.factory';
import { createUser, login, registerUser, TestUser, uniqueName } from './factories';
import { expectProblem } from './support/expect-problem';

// Booting apps takes seconds on a busy CI machine.
jest.setTimeout(30_000);

const ME = '/api/v1/users/me';
const PASSWORD = `${ME}/password`;
const NEW_PASSWORD = 'battery-staple-horse';

describe('account self-service', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const me = (user: TestUser) => t.http().get(ME).set(user.auth);
  const patchMe = (user: TestUser, body: unknown) =>
    t
      .http()
      .patch(ME)
      .set(user.auth)
      .send(body as object);
  const freshEmail = () => `${uniqueName()}@example.com`;

  describe('PATCH /api/v1/users/me', () => {
    it('changes the email and answers 200 with the whole user, as GET /users/me then does', async () => {
      const user = await createUser(t, { firstName: 'Ada', lastName: 'Lovelace' });
      const before = (await me(user).expect(200)).body;
      const email = freshEmail();

      const res = await patchMe(user, { email }).expect(200);

      expect(res.headers['content-type']).toMatch(/^application\/json\b/);
      expect(res.body).toEqual({ ...before, email });
      expect((await me(user).expect(200)).body).toEqual(res.body);
      expect(res.text).not.toMatch(/password|hash|argon/i);
    });

    it.each(['firstName', 'lastName'])('changes %s alone, leaving the rest', async (field) => {
      const user = await createUser(t, { firstName: 'Ada', lastName: 'Lovelace' });
      const before = (await me(user).expect(200)).body;
      const res = await patchMe(user, { [field]: 'Grace' }).expect(200);
      expect(res.body).toEqual({ ...before, [field]: 'Grace' });
    });

    it('changes several fields at once, trimming the names like registration', async () => {
      const user = await createUser(t);
      const email = freshEmail();
      const res = await patchMe(user, { email, firstName: '  Grace ', lastName: 'Hopper' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ email, firstName: 'Grace', lastName: 'Hopper' });
    });

    it.each([
      ['null', null],
      ['blank', '   '],
      ['empty', ''],
    ])('clears a name given as %s', async (_label, value) => {
      const user = await createUser(t, { firstName: 'Ada', lastName: 'Lovelace' });
      const res = await patchMe(user, { firstName: value, lastName: value }).expect(200);
      expect(res.body).toMatchObject({ firstName: null, lastName: null });
      expect((await me(user).expect(200)).body).toMatchObject({ firstName: null, lastName: null });
    });

    it('starts with emailNotifications true; false and back to true are kept, nothing else moves', async () => {
      const user = await createUser(t, { firstName: 'Ada' });
      const before = (await me(user).expect(200)).body;
      expect(before.emailNotifications).toBe(true);

      const off = await patchMe(user, { emailNotifications: false }).expect(200);
      expect(off.body).toEqual({ ...before, emailNotifications: false });
      expect((await me(user).expect(200)).body).toEqual(off.body);
      const on = await patchMe(user, { emailNotifications: true }).expect(200);
      expect(on.body).toEqual(before);
    });

    it('answers 200 with the user unchanged for an empty object', async () => {
      const user = await createUser(t, { firstName: 'Ada' });
      const before = (await me(user).expect(200)).body;
      expect((await patchMe(user, {}).expect(200)).body).toEqual(before);
    });

    it('keeps the username and the password: the user logs in as before', async () => {
      const user = await createUser(t);
      await patchMe(user, { email: freshEmail() }).expect(200);
      await t
        .http()
        .post('/api/v1/auth/login')
        .send({ username: user.username, password: user.password })
        .expect(200);
    });

    it('answers 409 EMAIL_TAKEN for the email of another user in other letter case, changing nothing', async () => {
      const other = await registerUser(t);
      const user = await createUser(t);
      const before = (await me(user).expect(200)).body;
      const taken = `${other.username}@example.com`.toUpperCase();

      expectProblem(await patchMe(user, { email: taken, firstName: 'Eve' }), 409, 'EMAIL_TAKEN');
      expect((await me(user).expect(200)).body).toEqual(before);
    });

    it('lets the caller change the letter case of their own email (not a clash)', async () => {
      const user = await createUser(t);
      const email = `${user.username}@example.com`.toUpperCase();
      const res = await patchMe(user, { email }).expect(200);
      expect(res.body.email).toBe(email);
    });

    it('frees the old email for others, and guards the new one in every case', async () => {
      const user = await createUser(t);
      const old = `${user.username}@example.com`;
      const email = freshEmail();
      await patchMe(user, { email }).expect(200);

      await registerUser(t, { email: old });
      const register = await t
        .http()
        .post('/api/v1/auth/register')
        .send({ username: uniqueName(), email: email.toUpperCase(), password: user.password });
      expectProblem(register, 409, 'EMAIL_TAKEN');
    });

    it.each([
      ['email', 'not an address', 'not-an-email', 'email must be a valid email address'],
      ['email', 'null (it cannot be cleared)', null, 'email must be a string'],
      [
        'email',
        'too long',
        `${'a'.repeat(250)}@example.com`,
        'email must be shorter than or equal to 254 characters',
      ],
      ['email', 'a lone surrogate', '\udfff', 'email must be well-formed Unicode'],
      ['email', 'a number', 7, 'email must be a string'],
      [
        'firstName',
        '101 characters',
        'f'.repeat(101),
        'firstName must be shorter than or equal to 100 characters',
      ],
      ['firstName', 'a number', 7, 'firstName must be a string'],
      ['lastName', 'an array', ['Doe'], 'lastName must be a string'],
      ['lastName', 'with NUL', 'a\u0000b', 'lastName must not contain NUL characters'],
      ['emailNotifications', 'null', null, 'emailNotifications must be a boolean value'],
      ['emailNotifications', 'a string', 'false', 'emailNotifications must be a boolean value'],
    ])(
      'answers 400 VALIDATION_FAILED for %s when it is %s, changing nothing',
      async (field, _label, value, message) => {
        const user = await createUser(t, { firstName: 'Ada' });
        const before = (await me(user).expect(200)).body;
        const problem = expectProblem(
          await patchMe(user, { [field]: value }),
          400,
          'VALIDATION_FAILED',
        );
        expect(problem.errors).toEqual([{ field, message }]);
        expect((await me(user).expect(200)).body).toEqual(before);
      },
    );

    it.each([
      ['username', 'someone_else'],
      ['password', 'a-new-password'],
      ['isAdmin', true],
      ['id', 1],
      ['createdAt', '2020-01-01T00:00:00.000Z'],
      ['emailKey', 'x@example.com'],
      ['constructor', 'x'],
    ])('answers 400 for the unknown field %s, changing nothing', async (field, value) => {
      const user = await createUser(t);
      const before = (await me(user).expect(200)).body;
      const problem = expectProblem(
        await patchMe(user, { [field]: value, firstName: 'Mallory' }),
        400,
        'VALIDATION_FAILED',
      );
      expect(problem.errors).toEqual([{ field, message: `property ${field} should not exist` }]);
      expect((await me(user).expect(200)).body).toEqual(before);
    });

    it.each([
      ['an array', [{ email: 'x@example.com' }]],
      ['a string', '"x"'],
    ])('answers 400 for a body that is %s', async (_label, body) => {
      const user = await createUser(t);
      const res = await t
        .http()
        .patch(ME)
        .set(user.auth)
        .set('Content-Type', 'application/json')
        .send(typeof body === 'string' ? body : JSON.stringify(body));
      expectProblem(res, 400, 'VALIDATION_FAILED');
    });

    it('checks in order: 401 before 400, 400 before 409', async () => {
      const other = await registerUser(t);
      const user = await createUser(t);
      const taken = `${other.username}@example.com`;

      const anonymous = t.http().patch(ME).send({ email: taken, firstName: 7 });
      expectProblem(await anonymous, 401, 'UNAUTHENTICATED');
      const invalid = await patchMe(user, { email: taken, firstName: 7 });
      expect(expectProblem(invalid, 400, 'VALIDATION_FAILED').errors).toEqual([
        { field: 'firstName', message: 'firstName must be a string' },
      ]);
      expectProblem(await patchMe(user, { email: taken }), 409, 'EMAIL_TAKEN');
    });

    it('answers 401 UNAUTHENTICATED for a garbage token', async () => {
      const res = await t.http().patch(ME).set('Authorization', 'Bearer garbage').send({});
      expectProblem(res, 401, 'UNAUTHENTICATED');
    });
  });

  describe('POST /api/v1/users/me/password', () => {
    const changePassword = (user: TestUser, body: unknown) =>
      t
        .http()
        .post(PASSWORD)
        .set(user.auth)
        .send(body as object);
    const loginWith = (user: TestUser, password: string) =>
      t.http().post('/api/v1/auth/login').send({ username: user.username, password });
    const meWith = (accessToken: string) =>
      t.http().get(ME).set('Authorization', `Bearer ${accessToken}`);
    const refresh = (refreshToken: string) =>
      t.http().post('/api/v1/auth/refresh').send({ refresh_token: refreshToken });
    const storedHash = async (user: TestUser): Promise<string> => {
      const [row] = await t.dataSource.query<{ password_hash: string }[]>(
        t.dataSource.options.type === 'postgres'
          ? 'SELECT password_hash FROM users WHERE id = $1'
          : 'SELECT password_hash FROM users WHERE id = ?',
        [user.id],
      );
      return row!.password_hash;
    };

    /** The old password is refused and the new one works, or the reverse. */
    async function expectPassword(user: TestUser, valid: string, refused: string) {
      await loginWith(user, valid).expect(200);
      expectProblem(await loginWith(user, refused), 401, 'INVALID_CREDENTIALS');
    }

    it('answers 204 with no body; then only the new password logs in', async () => {
      const user = await createUser(t);
      const res = await changePassword(user, {
        currentPassword: user.password,
        newPassword: NEW_PASSWORD,
      }).expect(204);
      expect(res.text).toBe('');
      await expectPassword(user, NEW_PASSWORD, user.password);
    });

    it('stores an argon2id hash of the new password, never the password', async () => {
      const user = await createUser(t);
      await changePassword(user, { currentPassword: user.password, newPassword: NEW_PASSWORD });
      const hash = await storedHash(user);
      expect(hash).toMatch(/^\$argon2id\$/);
      expect(hash).not.toContain(NEW_PASSWORD);
    });

    it("ends the user's other sessions, refresh and access tokens alike; the calling one stays", async () => {
      const user = await createUser(t);
      const other = await login(t, user.username, user.password);
      const third = await login(t, user.username, user.password);
      const stranger = await createUser(t);

      await changePassword(user, {
        currentPassword: user.password,
        newPassword: NEW_PASSWORD,
      }).expect(204);

      for (const session of [other, third]) {
        expectProblem(await meWith(session.access_token), 401, 'UNAUTHENTICATED');
        expectProblem(await refresh(session.refresh_token), 401, 'INVALID_REFRESH_TOKEN');
      }
      await me(user).expect(200);
      const next = (await refresh(user.refreshToken).expect(200)).body;
      await meWith(next.access_token as string).expect(200);
      await me(stranger).expect(200);
    });

    it('answers 401 INVALID_CREDENTIALS for a wrong current password, of any length, changing nothing', async () => {
      const user = await createUser(t);
      const other = await login(t, user.username, user.password);
      const hash = await storedHash(user);

      for (const currentPassword of ['wrong-password', 'x', 'y'.repeat(1001), 'z'.repeat(60_000)]) {
        const res = await changePassword(user, { currentPassword, newPassword: NEW_PASSWORD });
        expectProblem(res, 401, 'INVALID_CREDENTIALS');
      }

      expect(await storedHash(user)).toBe(hash);
      await expectPassword(user, user.password, NEW_PASSWORD);
      await meWith(other.access_token).expect(200);
      await me(user).expect(200);
    });

    it('lets a second change with the same, now old, password fail', async () => {
      const user = await createUser(t);
      const body = { currentPassword: user.password, newPassword: NEW_PASSWORD };
      await changePassword(user, body).expect(204);
      expectProblem(await changePassword(user, body), 401, 'INVALID_CREDENTIALS');
    });

    it.each([
      [
        'newPassword',
        '7 characters',
        'seven77',
        'newPassword must be longer than or equal to 8 characters',
      ],
      [
        'newPassword',
        '129 characters',
        'p'.repeat(129),
        'newPassword must be shorter than or equal to 128 characters',
      ],
      ['newPassword', 'a number', 12345678, 'newPassword must be a string'],
      ['newPassword', 'missing', undefined, 'newPassword must be a string'],
      ['currentPassword', 'missing', undefined, 'currentPassword must be a string'],
      ['currentPassword', 'empty', '', 'currentPassword should not be empty'],
      [
        'newPassword',
        'a lone surrogate',
        'abcdefgh\ud800',
        'newPassword must be well-formed Unicode',
      ],
    ])(
      'answers 400 VALIDATION_FAILED when %s is %s, changing nothing',
      async (field, _label, value, message) => {
        const user = await createUser(t);
        const body = { currentPassword: user.password, newPassword: NEW_PASSWORD, [field]: value };
        const problem = expectProblem(await changePassword(user, body), 400, 'VALIDATION_FAILED');
        expect(problem.errors).toEqual([{ field, message }]);
        await expectPassword(user, user.password, NEW_PASSWORD);
      },
    );

    it('answers 400 for an unknown field, changing nothing', async () => {
      const user = await createUser(t);
      const body = { currentPassword: user.password, newPassword: NEW_PASSWORD, password: 'x' };
      const problem = expectProblem(await changePassword(user, body), 400, 'VALIDATION_FAILED');
      expect(problem.errors).toEqual([
        { field: 'password', message: 'property password should not exist' },
      ]);
      await expectPassword(user, user.password, NEW_PASSWORD);
    });

    it('checks in order: 401 UNAUTHENTICATED, then the body (400), then the current password (401)', async () => {
      const user = await createUser(t);
      const anonymous = await t
        .http()
        .post(PASSWORD)
        .send({ currentPassword: 'wrong-password', newPassword: 'short' });
      expectProblem(anonymous, 401, 'UNAUTHENTICATED');
      const invalid = await changePassword(user, {
        currentPassword: 'wrong-password',
        newPassword: 'short',
      });
      expectProblem(invalid, 400, 'VALIDATION_FAILED');
      const wrong = await changePassword(user, {
        currentPassword: 'wrong-password',
        newPassword: NEW_PASSWORD,
      });
      expectProblem(wrong, 401, 'INVALID_CREDENTIALS');
    });

    it('is refused with the access token of a session that was ended', async () => {
      const user = await createUser(t);
      await t.http().post('/api/v1/auth/logout').send({ refresh_token: user.refreshToken });
      const res = await changePassword(user, {
        currentPassword: user.password,
        newPassword: NEW_PASSWORD,
      });
      expectProblem(res, 401, 'UNAUTHENTICATED');
      await expectPassword(user, user.password, NEW_PASSWORD);
    });
  });
});
