import { createTestApp, TestApp } from './app.factory';
import { createUser, registerUser, TestUser, uniqueName } from './factories';
import { expectProblem } from './support/expect-problem';

// Booting apps takes seconds on a busy CI machine.
jest.setTimeout(30_000);

const ME = '/api/v1/users/me';

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
});
