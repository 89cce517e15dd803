import { createTestApp, TestApp } from './app.factory';
import { createUser } from './factories';

describe('smoke', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('serves me', async () => {
    const user = await createUser(t);
    const res = await t.http().get('/api/v1/users/me').set(user.auth).expect(200);
    expect(res.body.username).toBe(user.username);
  });
});
