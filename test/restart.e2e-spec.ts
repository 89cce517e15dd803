import { createTestApp, TestApp } from './app.factory';
import { createUser } from './factories';
import { expectProblem } from './support/expect-problem';

// Booting apps takes seconds on a busy CI machine.
jest.setTimeout(30_000);

/** Closes `t` keeping its database, and boots a new app on that database. */
async function restart(t: TestApp): Promise<TestApp> {
  await t.close({ keepDatabase: true });
  return createTestApp({ DB_PATH: t.dbPath });
}

describe('restart on the same database', () => {
  it('keeps users and sessions: passwords, access tokens and refresh tokens still work', async () => {
    let t = await createTestApp();
    try {
      const user = await createUser(t);
      const rotated = user.refreshToken;
      const current = (
        await t.http().post('/api/v1/auth/refresh').send({ refresh_token: rotated }).expect(200)
      ).body as { access_token: string; refresh_token: string };

      t = await restart(t);

      const me = await t
        .http()
        .get('/api/v1/users/me')
        .set('Authorization', `Bearer ${current.access_token}`)
        .expect(200);
      expect(me.body).toMatchObject({ id: user.id, username: user.username });
      await t
        .http()
        .post('/api/v1/auth/login')
        .send({ username: user.username, password: user.password })
        .expect(200);
      await t
        .http()
        .post('/api/v1/auth/refresh')
        .send({ refresh_token: current.refresh_token })
        .expect(200);
      // Usernames stay taken, and a token rotated before the restart stays spent.
      const again = await t
        .http()
        .post('/api/v1/auth/register')
        .send({ username: user.username, email: 'other@example.com', password: 'long-enough' });
      expectProblem(again, 409, 'USERNAME_TAKEN');
      const replay = await t.http().post('/api/v1/auth/refresh').send({ refresh_token: rotated });
      expectProblem(replay, 401, 'INVALID_REFRESH_TOKEN');
    } finally {
      await t.close();
    }
  });

  it('keeps a logged-out session revoked', async () => {
    let t = await createTestApp();
    try {
      const user = await createUser(t);
      await t
        .http()
        .post('/api/v1/auth/logout')
        .send({ refresh_token: user.refreshToken })
        .expect(204);

      t = await restart(t);

      expectProblem(await t.http().get('/api/v1/users/me').set(user.auth), 401, 'UNAUTHENTICATED');
      expectProblem(
        await t.http().post('/api/v1/auth/refresh').send({ refresh_token: user.refreshToken }),
        401,
        'INVALID_REFRESH_TOKEN',
      );
    } finally {
      await t.close();
    }
  });
});
