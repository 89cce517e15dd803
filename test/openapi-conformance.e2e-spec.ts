import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { Response } from 'supertest';
import { createTestApp, TestApp } from './app.factory';
import { createEvent, createUsers, DAY, HOUR, isoIn } from './event-factories';
import { createUser, login, registerUser, TestUser, uniqueName } from './factories';
import { seriesBody } from './series-support';

/**
 * The document's truth: every operation of the served OpenAPI document is called, and each real
 * answer (status, media type, body, declared headers) is validated against what the document
 * says of that status with a JSON Schema validator. Besides each operation's success, the answers
 * any operation can give are provoked wherever the document declares them: 401 without a token,
 * 400 for an unknown query parameter, 404 for an id that does not exist, 413 and 415 for a body;
 * 429 on the per-address limit of register, login and refresh, and past a user's budget. A new
 * operation without a case here fails the last test.
 */

jest.setTimeout(120_000);

interface HeaderObject {
  required?: boolean;
  schema?: Record<string, unknown>;
  $ref?: string;
}
interface ResponseObject {
  headers?: Record<string, HeaderObject>;
  content?: Record<string, { schema?: unknown }>;
}
interface Operation {
  security?: unknown[];
  requestBody?: unknown;
  parameters?: { name: string; in: string; schema?: { type?: string; format?: string } }[];
  responses: Record<string, ResponseObject>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { headers?: Record<string, HeaderObject> } & Record<string, unknown>;
}

/** One request of a case: path parameters, query string, body, caller. */
interface Call {
  params?: Record<string, string | number>;
  query?: string;
  body?: unknown;
  as?: TestUser;
  headers?: Record<string, string>;
}

let t: TestApp;
let doc: Document;
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
// OpenAPI's own formats, which say nothing JSON Schema can check.
for (const format of ['password', 'int32', 'int64', 'binary']) ajv.addFormat(format, true);
const validators = new Map<string, ValidateFunction>();
/** Statuses answered, by operation (`METHOD /path`), for the coverage check. */
const visited = new Map<string, Set<number>>();

function operationOf(key: string): Operation {
  const [method, path] = key.split(' ') as [string, string];
  const operation = doc.paths[path]?.[method.toLowerCase()];
  if (!operation) throw new Error(`${key} is not in the document`);
  return operation;
}

/**
 * An OpenAPI 3.0 schema as JSON Schema: `nullable: true` becomes "or null" (Ajv takes it only
 * beside a `type`), and references point to the document's components, registered as `doc`.
 */
function jsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(jsonSchema);
  if (node === null || typeof node !== 'object') return node;
  const { nullable, ...rest } = node as Record<string, unknown>;
  const converted = Object.fromEntries(
    Object.entries(rest).map(([key, value]) => [
      key,
      key === '$ref' && typeof value === 'string' ? `doc${value}` : jsonSchema(value),
    ]),
  );
  return nullable === true ? { anyOf: [converted, { type: 'null' }] } : converted;
}

function validator(key: string, schema: unknown): ValidateFunction {
  let validate = validators.get(key);
  if (!validate) {
    validate = ajv.compile(jsonSchema(schema) as object);
    validators.set(key, validate);
  }
  return validate;
}

function headerObject(header: HeaderObject): HeaderObject {
  const name = header.$ref?.split('/').pop();
  return name === undefined ? header : (doc.components.headers?.[name] ?? header);
}

/** Fails unless the answer is one the document declares for the operation, as declared. */
function conform(key: string, res: Response): void {
  const response = operationOf(key).responses[String(res.status)];
  expect({ key, status: res.status, documented: response !== undefined }).toEqual({
    key,
    status: res.status,
    documented: true,
  });
  const statuses = visited.get(key) ?? new Set<number>();
  visited.set(key, statuses.add(res.status));
  const mediaType = String(res.headers['content-type'] ?? '').split(';')[0]!;
  const content = response!.content;
  if (content === undefined) {
    expect({ key, status: res.status, body: res.text ?? '' }).toEqual({
      key,
      status: res.status,
      body: '',
    });
  } else {
    const declared = Object.keys(content);
    expect({ key, status: res.status, mediaType, declared: declared.includes(mediaType) }).toEqual({
      key,
      status: res.status,
      mediaType,
      declared: true,
    });
    const schema = content[mediaType]?.schema;
    if (schema !== undefined) {
      const value = /json$/.test(mediaType) ? (res.body as unknown) : res.text;
      const validate = validator(`${key} ${res.status} ${mediaType}`, schema);
      const errors = validate(value) ? [] : validate.errors;
      expect({ key, status: res.status, errors }).toEqual({ key, status: res.status, errors: [] });
    }
  }
  for (const [name, declared] of Object.entries(response!.headers ?? {})) {
    const header = headerObject(declared);
    const sent = res.headers[name.toLowerCase()];
    if (sent === undefined) {
      // Only a header the document marks `required` must be there.
      const missing = { key, status: res.status, header: name, required: header.required === true };
      expect(missing).toEqual({ ...missing, required: false });
      continue;
    }
    const value = header.schema?.type === 'integer' ? Number(sent) : sent;
    const validate = validator(`header ${name}`, header.schema ?? {});
    const errors = validate(value) ? [] : validate.errors;
    expect({ key, header: name, sent, errors }).toEqual({ key, header: name, sent, errors: [] });
  }
}

function url(key: string, call: Call): string {
  const path = key.split(' ')[1]!.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = call.params?.[name];
    if (value === undefined) throw new Error(`${key}: no value for {${name}}`);
    return encodeURIComponent(String(value));
  });
  return call.query === undefined ? path : `${path}?${call.query}`;
}

function request(key: string, call: Call, app: TestApp = t) {
  const method = key.split(' ')[0]!.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
  let req = app.http()[method](url(key, call));
  if (call.as) req = req.set(call.as.auth);
  if (call.headers) req = req.set(call.headers);
  return req;
}

/** Sends the call, checks the answer against the document and its status; returns it. */
async function send(key: string, status: number, call: Call = {}): Promise<Response> {
  const req = request(key, call);
  const res = call.body === undefined ? await req : await req.send(call.body as object);
  if (res.status !== status) {
    throw new Error(`${key} answered ${res.status}, not ${status}: ${res.text.slice(0, 500)}`);
  }
  conform(key, res);
  return res;
}

/**
 * The answers any operation can give, provoked from the call that succeeds: 401 without its
 * token, 400 for an unknown query parameter, 404 for an `id` or `token` that does not exist, and
 * 413 and 415 for a body that is too large or not JSON. Each only where the document declares it.
 */
async function probe(key: string, call: Call): Promise<void> {
  const { security, requestBody, responses, parameters } = operationOf(key);
  if ((security ?? []).length > 0) await send(key, 401, { ...call, as: undefined });
  if (responses['400']) {
    const query = call.query ? `${call.query}&conformance=1` : 'conformance=1';
    await send(key, 400, { ...call, query });
  }
  const id = (parameters ?? []).find((p) => p.in === 'path' && ['id', 'token'].includes(p.name));
  if (id && responses['404']) {
    const missing =
      id.schema?.type === 'integer'
        ? 999_999_999
        : id.name === 'token'
          ? `1.${'A'.repeat(43)}`
          : '00000000-0000-4000-8000-000000000000';
    await send(key, 404, { ...call, params: { ...call.params, [id.name]: missing } });
  }
  if (requestBody !== undefined) {
    const big = await request(key, call)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ padding: 'x'.repeat(70 * 1024) }));
    expect({ key, status: big.status }).toEqual({ key, status: 413 });
    conform(key, big);
    const text = await request(key, call).set('Content-Type', 'text/plain').send('hello');
    expect({ key, status: text.status }).toEqual({ key, status: 415 });
    conform(key, text);
  }
}

/** The probes, then the call that succeeds. */
async function exercise(key: string, status: number, call: Call = {}): Promise<Response> {
  await probe(key, call);
  return send(key, status, call);
}

describe('OpenAPI conformance: every operation answers as its document says', () => {
  let owner: TestUser;
  let other: TestUser;
  let third: TestUser;

  beforeAll(async () => {
    t = await createTestApp({ WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' });
    doc = (await t.http().get('/api/docs-json').expect(200)).body as Document;
    ajv.addSchema({ components: jsonSchema(doc.components) }, 'doc');
    [owner, other, third] = await createUsers(t, 3);
  });
  afterAll(() => t.close());

  it('health', async () => {
    await exercise('GET /api/health', 200);
  });

  it('accounts and tokens', async () => {
    const username = uniqueName();
    const credentials = { username, email: `${username}@example.com`, password: 'correct-horse' };
    await exercise('POST /api/v1/auth/register', 201, { body: credentials });
    await send('POST /api/v1/auth/register', 409, { body: credentials });
    const login = { username, password: credentials.password };
    const pair = (await exercise('POST /api/v1/auth/login', 200, { body: login })).body as {
      access_token: string;
      refresh_token: string;
    };
    await send('POST /api/v1/auth/login', 401, { body: { ...login, password: 'wrong-password' } });
    await exercise('POST /api/v1/auth/verify', 200, { body: { token: pair.access_token } });
    await send('POST /api/v1/auth/verify', 401, { body: { token: 'not-a-token' } });
    const rotated = (
      await exercise('POST /api/v1/auth/refresh', 200, {
        body: { refresh_token: pair.refresh_token },
      })
    ).body as { refresh_token: string };
    await send('POST /api/v1/auth/refresh', 401, { body: { refresh_token: 'not-a-token' } });
    await exercise('POST /api/v1/auth/logout', 204, {
      body: { refresh_token: rotated.refresh_token },
    });
  });

  it('the calling user, their sessions and password', async () => {
    await exercise('GET /api/v1/users/me', 200, { as: owner });
    await exercise('PATCH /api/v1/users/me', 200, { as: owner, body: { firstName: 'Ann' } });
    await exercise('GET /api/v1/users/lookup', 200, {
      as: owner,
      query: `username=${other.username}`,
    });
    const user = await createUser(t);
    await login(t, user.username, user.password);
    const sessions = (await exercise('GET /api/v1/users/me/sessions', 200, { as: user })).body as {
      items: { id: string; current: boolean }[];
    };
    const spare = sessions.items.find((session) => !session.current)!;
    await exercise('DELETE /api/v1/users/me/sessions/{id}', 204, {
      as: user,
      params: { id: spare.id },
    });
    await exercise('POST /api/v1/users/me/password', 204, {
      as: user,
      body: { currentPassword: user.password, newPassword: 'a-brand-new-password' },
    });
  });

  it('your data: the export and the account deletion', async () => {
    await exercise('GET /api/v1/users/me/export', 200, { as: owner });
    const leaving = await createUser(t);
    await send('DELETE /api/v1/users/me', 401, {
      as: leaving,
      body: { password: 'not-the-password' },
    });
    await send('DELETE /api/v1/users/me', 400, { as: leaving, body: {} });
    await exercise('DELETE /api/v1/users/me', 204, {
      as: leaving,
      body: { password: leaving.password },
    });
  });

  it('events: create, list, read, change, delete, cancel, publish', async () => {
    const body = { name: uniqueName('event'), startsAt: isoIn(DAY), endsAt: isoIn(DAY + HOUR) };
    const created = (await exercise('POST /api/v1/events', 201, { as: owner, body })).body as {
      id: number;
    };
    await exercise('GET /api/v1/events', 200, { as: owner });
    const one = { as: owner, params: { id: created.id } };
    await exercise('GET /api/v1/events/{id}', 200, one);
    await exercise('PATCH /api/v1/events/{id}', 200, { ...one, body: { name: 'Renamed' } });
    await send('PATCH /api/v1/events/{id}', 403, { ...one, as: other, body: { name: 'Mine' } });
    await send('PATCH /api/v1/events/{id}', 412, {
      ...one,
      headers: { 'If-Match': '"999"' },
      body: { name: 'Stale' },
    });
    await exercise('GET /api/v1/events/{id}/attendees', 200, one);
    await exercise('GET /api/v1/events/{id}/calendar', 200, one);
    await exercise('POST /api/v1/events/{id}/cancellation', 200, {
      ...one,
      body: { reason: 'Rain' },
    });
    await send('POST /api/v1/events/{id}/cancellation', 409, { ...one, body: {} });
    await exercise('DELETE /api/v1/events/{id}', 204, one);
    const draft = await createEvent(t, owner, { published: false });
    await exercise('POST /api/v1/events/{id}/publication', 200, {
      as: owner,
      params: { id: draft.id },
    });
  });

  it('registrations, the waiting list and approvals', async () => {
    const event = await createEvent(t, owner, { capacity: 1 });
    const mine = { as: other, params: { id: event.id } };
    await exercise('POST /api/v1/events/{id}/registration', 201, mine);
    await send('POST /api/v1/events/{id}/registration', 409, mine);
    await exercise('POST /api/v1/events/{id}/waitlist', 201, { ...mine, as: third });
    await exercise('DELETE /api/v1/events/{id}/waitlist', 204, { ...mine, as: third });
    await exercise('DELETE /api/v1/events/{id}/registration', 204, mine);
    await send('DELETE /api/v1/events/{id}/registration', 409, mine);

    const gated = await createEvent(t, owner, { requiresApproval: true });
    for (const user of [other, third]) {
      await send('POST /api/v1/events/{id}/registration', 201, {
        as: user,
        params: { id: gated.id },
      });
    }
    await exercise('POST /api/v1/events/{id}/registrations/{userId}/approval', 200, {
      as: owner,
      params: { id: gated.id, userId: other.id },
    });
    await exercise('POST /api/v1/events/{id}/registrations/{userId}/decline', 200, {
      as: owner,
      params: { id: gated.id, userId: third.id },
      body: { reason: 'Full house' },
    });
  });

  it('hosts, tickets and check-in', async () => {
    const event = await createEvent(t, owner, { startsAt: isoIn(HOUR), endsAt: isoIn(3 * HOUR) });
    const host = { as: owner, params: { id: event.id, userId: third.id } };
    await exercise('PUT /api/v1/events/{id}/hosts/{userId}', 200, {
      ...host,
      body: { role: 'checker' },
    });
    await exercise('GET /api/v1/events/{id}/hosts', 200, { as: owner, params: { id: event.id } });
    await exercise('DELETE /api/v1/events/{id}/hosts/{userId}', 204, host);

    await send('POST /api/v1/events/{id}/registration', 201, {
      as: other,
      params: { id: event.id },
    });
    const ticket = (
      await exercise('GET /api/v1/events/{id}/ticket', 200, { as: other, params: { id: event.id } })
    ).body as { code: string };
    await exercise('POST /api/v1/events/{id}/check-ins', 201, {
      as: owner,
      params: { id: event.id },
      body: { code: ticket.code },
    });
    await exercise('DELETE /api/v1/events/{id}/check-ins/{userId}', 204, {
      as: owner,
      params: { id: event.id, userId: other.id },
    });
  });

  it('series', async () => {
    const [kept, dropped] = [
      (await exercise('POST /api/v1/series', 201, { as: owner, body: seriesBody() })).body,
      (await send('POST /api/v1/series', 201, { as: owner, body: seriesBody() })).body,
    ] as { id: number }[];
    const one = { as: owner, params: { id: kept!.id } };
    await exercise('GET /api/v1/series/{id}', 200, one);
    await exercise('PATCH /api/v1/series/{id}', 200, { ...one, body: { name: 'Renamed series' } });
    await exercise('POST /api/v1/series/{id}/cancellation', 200, { ...one, body: {} });
    await exercise('DELETE /api/v1/series/{id}', 204, { as: owner, params: { id: dropped!.id } });
  });

  it('calendar feeds', async () => {
    const user = await createUser(t);
    const feed = (await exercise('POST /api/v1/users/me/calendar-feed', 201, { as: user }))
      .body as { url: string };
    const token = new URL(feed.url).pathname.split('/').pop()!;
    await exercise('GET /api/v1/calendar-feeds/{token}', 200, { params: { token } });
    await exercise('DELETE /api/v1/users/me/calendar-feed', 204, { as: user });
  });

  it('webhooks', async () => {
    const body = { url: 'http://127.0.0.1:9/hook', events: ['*'] };
    const hook = (await exercise('POST /api/v1/webhooks', 201, { as: owner, body })).body as {
      id: number;
    };
    const one = { as: owner, params: { id: hook.id } };
    await exercise('GET /api/v1/webhooks', 200, { as: owner });
    await exercise('GET /api/v1/webhooks/{id}', 200, one);
    await exercise('PATCH /api/v1/webhooks/{id}', 200, { ...one, body: { description: 'CRM' } });
    await exercise('POST /api/v1/webhooks/{id}/secret', 200, one);
    await exercise('GET /api/v1/webhooks/{id}/deliveries', 200, one);
    await exercise('POST /api/v1/webhooks/{id}/deliveries/{deliveryId}/retry', 404, {
      ...one,
      params: { id: hook.id, deliveryId: 999_999_999 },
    });
    await exercise('DELETE /api/v1/webhooks/{id}', 204, one);
  });

  it('answers 429 with Retry-After and the RateLimit headers past the per-address limit', async () => {
    const limited = await createTestApp({ AUTH_RATE_LIMIT: '1' });
    try {
      const { username, password } = await registerUser(limited);
      const calls: [string, number, unknown][] = [
        ['POST /api/v1/auth/login', 200, { username, password }],
        ['POST /api/v1/auth/refresh', 401, { refresh_token: 'not-a-token' }],
      ];
      for (const [key, status, body] of calls) {
        for (const expected of [status, 429]) {
          const res = await request(key, {}, limited).send(body as object);
          expect({ key, status: res.status }).toEqual({ key, status: expected });
          expect(res.headers['ratelimit-limit']).toBe('1');
          if (expected === 429) expect(res.headers['retry-after']).toMatch(/^\d+$/);
          conform(key, res);
        }
      }
      // Register spent its one request above.
      const res = await request('POST /api/v1/auth/register', {}, limited).send({});
      expect(res.status).toBe(429);
      conform('POST /api/v1/auth/register', res);
    } finally {
      await limited.close();
    }
  });

  it("answers 429 with Retry-After and the RateLimit headers past a user's budget", async () => {
    const limited = await createTestApp({ API_RATE_LIMIT: '3' });
    try {
      const user = await createUser(limited);
      const key = 'GET /api/v1/users/me';
      const statuses: number[] = [];
      for (let i = 0; i < 4 && !statuses.includes(429); i++) {
        const res = await request(key, { as: user }, limited);
        statuses.push(res.status);
        expect(res.headers['ratelimit-limit']).toBe('3');
        if (res.status === 429) expect(res.headers['retry-after']).toMatch(/^\d+$/);
        conform(key, res);
      }
      expect(statuses[0]).toBe(200);
      expect(statuses.at(-1)).toBe(429);
    } finally {
      await limited.close();
    }
  });

  it('visits every operation of the document', () => {
    const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect([...visited.keys()].sort()).toEqual(operations.sort());
  });
});
