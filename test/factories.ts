import { TestApp } from './app.factory';

let sequence = 0;

/** A unique username per call, so specs never depend on each other or on order. */
export function uniqueName(prefix = 'user'): string {
  sequence += 1;
  return `${prefix}_${process.pid}_${sequence}`;
}

export interface TestUser {
  id: number;
  username: string;
  password: string;
  accessToken: string;
  refreshToken: string;
  auth: { Authorization: string };
}

export async function registerUser(t: TestApp, overrides: Record<string, unknown> = {}) {
  const username = uniqueName();
  const body = {
    username,
    email: `${username}@example.com`,
    password: 'correct-horse-battery',
    ...overrides,
  };
  const res = await t.http().post('/api/v1/auth/register').send(body).expect(201);
  return { ...(res.body as { id: number; username: string }), password: body.password };
}

export async function login(t: TestApp, username: string, password: string) {
  const res = await t.http().post('/api/v1/auth/login').send({ username, password }).expect(200);
  return res.body as { access_token: string; refresh_token: string };
}

/** Registers and logs in a fresh user. */
export async function createUser(
  t: TestApp,
  overrides: Record<string, unknown> = {},
): Promise<TestUser> {
  const user = await registerUser(t, overrides);
  const tokens = await login(t, user.username, user.password);
  return {
    id: user.id,
    username: user.username,
    password: user.password,
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token,
    auth: { Authorization: `Bearer ${tokens.access_token}` },
  };
}
