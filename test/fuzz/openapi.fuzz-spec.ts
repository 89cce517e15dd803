import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { createTestApp, TestApp } from '../app.factory';
import { stopBackgroundWork } from '../support/background-work';
import { Fingerprint, fingerprint } from '../support/db-fingerprint';
import { exchange, parseResponse, RawRequest, RawResponse, send } from '../support/raw-http';
import { PATH_MUTATIONS } from './hostile';
import { checkResponse, checkUnchanged, describeExchange, InvariantViolation } from './invariants';
import { RAW_CASES, randomRawRequest } from './raw-cases';
import { caseArbitrary, FuzzCase, OpenApiDocument, Operation, operationsOf } from './requests';
import { buildWorld, World } from './world';

/**
 * Property-based fuzzing of every documented endpoint, driven by the server's own OpenAPI
 * document: requests derived from the schemas, then mutated (wrong types, limits, unicode,
 * duplicate and unknown keys, odd headers, path ids and query strings), authenticated and not,
 * sent byte for byte over real sockets. `npm run test:fuzz` runs a fixed seed in about a minute;
 * FUZZ_RUNS, FUZZ_RAW_RUNS and FUZZ_SEED change the amount and the sequence (see README).
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_123);
const RUNS = Number(process.env.FUZZ_RUNS ?? 12_000);
const RAW_RUNS = Number(process.env.FUZZ_RAW_RUNS ?? 1_000);
/**
 * The default run also stops after 60 s of generated requests (the same sequence, cut short on a
 * slow machine), so CI stays at about a minute; FUZZ_TIME_LIMIT (seconds, 0 = none) changes it,
 * and a run with FUZZ_RUNS set has none.
 */
const TIME_LIMIT_S = Number(process.env.FUZZ_TIME_LIMIT ?? (process.env.FUZZ_RUNS ? 0 : 60));
/**
 * By default every violation is collected (one example per kind) and the run goes on, so one run
 * shows every kind of failure; FUZZ_STOP=1 stops at the first and lets fast-check shrink it.
 */
const STOP = process.env.FUZZ_STOP === '1';

// App boot plus the runs; a long run (FUZZ_RUNS) gets time in proportion.
jest.setTimeout(120_000 + (RUNS + RAW_RUNS) * 100);

/**
 * Sessions may have `last_used_at` moved by any authenticated request, and `revoked_at` set by a
 * rejected replay: see `checkUnchanged`.
 */
const FINGERPRINT_VARIANTS = { sessions: [['last_used_at'], ['last_used_at', 'revoked_at']] };

describe('fuzzing every endpoint from the OpenAPI document', () => {
  let t: TestApp;
  let port: number;
  let doc: OpenApiDocument;
  let world: World;
  let operations: Map<string, Operation>;
  let allCodes: Set<string>;
  let allSuccessTypes: Set<string>;
  const statuses = new Map<string, number>();
  const violations = new Map<string, { count: number; example: string }>();
  let sent = 0;
  let serverErrors = 0;

  /** Runs `check`; outside FUZZ_STOP mode a violation is recorded instead of thrown. */
  async function recording(check: () => Promise<void>): Promise<void> {
    try {
      await check();
    } catch (error) {
      if (STOP || !(error instanceof InvariantViolation)) throw error;
      const [kind = '', ...rest] = error.message.split('\n');
      const seen = violations.get(kind);
      if (seen) seen.count += 1;
      else violations.set(kind, { count: 1, example: rest.join('\n') });
    }
  }

  const report = () =>
    [...violations]
      .map(([kind, { count, example }]) => `● ${kind} (×${count}), e.g.\n${example}`)
      .join('\n\n');

  beforeAll(async () => {
    // Short request timeouts: a request the server waits on (an incomplete one among the raw
    // cases) turns into a 408 within a second instead of holding the run.
    t = await createTestApp(
      {},
      { limits: { headersTimeout: 500, requestTimeout: 1_000, connectionsCheckingInterval: 100 } },
    );
    // The outbox relay and the webhook worker write on their own schedule: with them running, a
    // rejected request could seem to change the database (a message dispatched meanwhile).
    await stopBackgroundWork(t);
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
    doc = (await t.http().get('/api/docs-json').expect(200)).body as OpenApiDocument;
    world = await buildWorld(t);
    operations = new Map(operationsOf(doc).map((op) => [op.key, op]));
    allCodes = new Set([...operations.values()].flatMap((op) => [...op.codes]));
    // A mutated path may still reach a route (`/api/%76%31/…` is `/api/v1/…`): its success may be
    // any media type some operation documents.
    allSuccessTypes = new Set([
      'application/json',
      ...[...operations.values()].flatMap((op) => [...(op.successTypes ?? [])]),
    ]);
  });

  afterAll(async () => {
    const tally = [...statuses].sort(([a], [b]) => a.localeCompare(b));
    process.stdout.write(
      `\nfuzz: ${sent} requests (seed ${SEED}), ${serverErrors} answered 5xx; answers:\n${tally
        .map(([status, count]) => `  ${status} ×${count}`)
        .join('\n')}\n`,
    );
    await t?.close();
  });

  const eventIds = async (): Promise<number[]> => {
    const rows = await t.dataSource.query<{ id: number }[]>('SELECT id FROM events ORDER BY id');
    return rows.map((row) => Number(row.id));
  };

  function toRequest(c: FuzzCase, ids: number[]): RawRequest {
    const op = operations.get(c.operation)!;
    let path = op.path;
    if (c.pathId) {
      const { fixtureIds } = world;
      const segment =
        'fixture' in c.pathId
          ? String(fixtureIds[c.pathId.fixture % fixtureIds.length])
          : 'existing' in c.pathId
            ? String(ids[c.pathId.existing % ids.length] ?? 1)
            : c.pathId.raw;
      path = path.replace('{id}', segment);
    }
    if (c.pathMutation !== undefined) path = PATH_MUTATIONS[c.pathMutation]!(path);
    const headers: [string, string][] = [
      ['Host', 'localhost'],
      ['Connection', 'close'],
    ];
    const authorization = world.authorizations[c.authorization];
    if (authorization !== undefined) headers.push(['Authorization', authorization]);
    let body: Buffer | undefined;
    if (c.body) {
      body = Buffer.from(c.body.text, 'utf8');
      if (c.body.mutation === 'bom') body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]);
      if (c.body.mutation === 'invalid-utf8') {
        const at = body.indexOf('"') + 1;
        const bad = Buffer.from([0xff, 0xfe, 0xc0, 0x80, 0xed, 0xa0, 0x80]);
        body = Buffer.concat([body.subarray(0, at), bad, body.subarray(at)]);
      }
      if (c.body.mutation === 'truncate') body = body.subarray(0, Math.floor(body.length / 2));
      if (c.body.mutation === 'garbage') body = Buffer.concat([body, Buffer.from(' x')]);
      if (c.contentType !== undefined) headers.push(['Content-Type', c.contentType]);
      if (c.chunked) {
        headers.push(['Transfer-Encoding', 'chunked']);
        const half = Math.floor(body.length / 2);
        const chunk = (part: Buffer) =>
          part.length === 0
            ? []
            : [Buffer.from(`${part.length.toString(16)}\r\n`), part, Buffer.from('\r\n')];
        body = Buffer.concat([
          ...chunk(body.subarray(0, half)),
          ...chunk(body.subarray(half)),
          Buffer.from('0\r\n\r\n'),
        ]);
      } else {
        headers.push(['Content-Length', String(body.length)]);
      }
    }
    headers.push(...c.headers);
    return {
      method: c.method,
      target: c.query === '' ? path : `${path}?${c.query}`,
      headers,
      body,
    };
  }

  function tally(response: RawResponse): void {
    sent += 1;
    if (response.status >= 500) serverErrors += 1;
    const code = /"code":"(\w+)"/.exec(response.text)?.[1];
    const key = code ? `${response.status} ${code}` : String(response.status);
    statuses.set(key, (statuses.get(key) ?? 0) + 1);
  }

  /** Sends one request and checks every invariant, the database's included. */
  async function exercise(
    request: RawRequest,
    before: Fingerprint,
    expectations: Parameters<typeof checkResponse>[2],
  ): Promise<Fingerprint> {
    let response: RawResponse;
    try {
      response = await send(port, request);
    } catch (error) {
      throw new InvariantViolation(
        `${error instanceof Error ? error.message : String(error)}\n${describeExchange(request)}`,
      );
    }
    tally(response);
    checkResponse(request, response, expectations);
    const after = await fingerprint(t.dataSource, FINGERPRINT_VARIANTS);
    if (response.status >= 400) checkUnchanged(request, response, before, after);
    return after;
  }

  it('never answers 5xx, answers every 4xx with a documented problem, leaks nothing and changes nothing it rejects', async () => {
    let current: Fingerprint;
    await fc.assert(
      fc.asyncProperty(caseArbitrary(doc, world, Date.now()), async (c) => {
        await world.replenish();
        const request = toRequest(c, await eventIds());
        const op = operations.get(c.operation)!;
        const sameRoute = c.method === op.method && c.pathMutation === undefined;
        current = await fingerprint(t.dataSource, FINGERPRINT_VARIANTS);
        await recording(async () => {
          try {
            current = await exercise(request, current, {
              codes: sameRoute ? op.codes : allCodes,
              statuses: sameRoute ? op.statuses : undefined,
              successTypes: sameRoute ? op.successTypes : allSuccessTypes,
              mustReject: c.mustReject,
              head: c.method === 'HEAD',
            });
          } finally {
            current = await fingerprint(t.dataSource, FINGERPRINT_VARIANTS);
          }
        });
      }),
      {
        seed: SEED,
        numRuns: RUNS,
        endOnFailure: true,
        ...(TIME_LIMIT_S > 0 && { interruptAfterTimeLimit: TIME_LIMIT_S * 1000 }),
      },
    );
    expect(report()).toBe('');
  });

  it('answers malformed HTTP (request line, headers, framing) with problem documents too', async () => {
    let current = await fingerprint(t.dataSource, FINGERPRINT_VARIANTS);
    const check = async (label: string, bytes: Buffer) => {
      const request: RawRequest = { method: label, target: '(raw)', headers: [], body: bytes };
      const data = await exchange(port, bytes).catch((error: Error) => {
        throw new InvariantViolation(`${error.message}: ${label}\n${describeExchange(request)}`);
      });
      try {
        if (data.length === 0) {
          throw new InvariantViolation(`no answer to ${label}\n${describeExchange(request)}`);
        }
        const response = parseResponse(data);
        tally(response);
        checkResponse(request, response, { mustReject: false, head: false });
        const after = await fingerprint(t.dataSource, FINGERPRINT_VARIANTS);
        if (response.status >= 400) checkUnchanged(request, response, current, after);
      } finally {
        current = await fingerprint(t.dataSource, FINGERPRINT_VARIANTS);
      }
    };
    violations.clear();
    for (const [label, bytes] of Object.entries(RAW_CASES)) {
      await recording(() => check(label, bytes));
    }
    await fc.assert(
      fc.asyncProperty(randomRawRequest, (bytes) => recording(() => check('random', bytes))),
      { seed: SEED, numRuns: RAW_RUNS, endOnFailure: true },
    );
    expect(report()).toBe('');
  });
});
