import { randomBytes, randomUUID } from 'node:crypto';
import { ServerProcess } from './support/server-process';
import { startTwoInstances, TwoInstances } from './support/two-instances';

/**
 * Idempotency keys across two instances of the built server on one PostgreSQL database: the claim
 * is the database's, so which instance a retry lands on does not matter.
 */
interface Reply {
  status: number;
  replayed: string | null;
  body: Record<string, unknown>;
}

async function send(
  server: ServerProcess,
  path: string,
  options: { token?: string; key?: string; body: unknown },
): Promise<Reply> {
  const res = await fetch(`${server.url}/api/v1${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.key ? { 'idempotency-key': options.key } : {}),
    },
    body: JSON.stringify(options.body),
  });
  const text = await res.text();
  return {
    status: res.status,
    replayed: res.headers.get('idempotent-replayed'),
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

describe('idempotency keys on two instances (PostgreSQL)', () => {
  let instances: TwoInstances | undefined;
  let a: ServerProcess;
  let b: ServerProcess;
  let token: string;

  beforeAll(async () => {
    instances = await startTwoInstances({ AUTH_RATE_LIMIT: '0' });
    ({ a, b } = instances);
    const username = `idem_${randomBytes(4).toString('hex')}`;
    const password = 'correct-horse-battery';
    const body = { username, email: `${username}@example.com`, password };
    expect((await send(a, '/auth/register', { body })).status).toBe(201);
    const login = await send(b, '/auth/login', { body: { username, password } });
    token = login.body.access_token as string;
  }, 60_000);

  afterAll(() => instances?.stop());

  it('runs one of 10 concurrent requests with one key split across both instances', async () => {
    const key = randomUUID();
    const name = `Once ${randomUUID()}`;
    const body = {
      name,
      startsAt: new Date(Date.now() + 86_400_000).toISOString(),
      endsAt: new Date(Date.now() + 90_000_000).toISOString(),
    };
    const replies = await Promise.all(
      Array.from({ length: 10 }, (_, i) => send(i % 2 ? b : a, '/events', { token, key, body })),
    );
    const ran = replies.filter((reply) => reply.status === 201 && reply.replayed === null);
    expect(ran).toHaveLength(1);
    for (const reply of replies) {
      if (reply.status === 409) expect(reply.body.code).toBe('IDEMPOTENCY_KEY_IN_USE');
      else expect(reply).toMatchObject({ status: 201, body: ran[0]?.body });
    }
    const list = await fetch(`${a.url}/api/v1/events?owner=me&q=${encodeURIComponent(name)}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const page = (await list.json()) as { items: { name: string }[] };
    expect(page.items.filter((event) => event.name === name)).toHaveLength(1);

    // Either instance answers the kept response afterwards.
    for (const server of [a, b]) {
      const again = await send(server, '/events', { token, key, body });
      expect(again).toMatchObject({ status: 201, replayed: 'true', body: ran[0]?.body });
    }
  });
});
