// `npm run bench [-- options]`: throughput and latency of the hot paths, against a floor.
// See bench/README.md. Progress goes to stderr, the Markdown report to stdout, the raw numbers
// to bench/results/bench-<time>.json. Exits non-zero when a request fails, a server crashes,
// the project and the floor answer differently, or the registrations lose integrity.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { buildProject, projectEnv } from './lib/build.mjs';
import { DEFAULT_PG_URL, postgres, sqlite } from './lib/databases.mjs';
import { options } from './lib/options.mjs';
import { killAll, startServer } from './lib/processes.mjs';
import { received, stopReceiver, subscribe } from './lib/receiver.mjs';
import { machine, markdown, targets } from './lib/report.mjs';
import {
  askQuestions,
  deepOffset,
  pairCleanup,
  runScenario,
  SCENARIOS,
  SEARCH_PATH,
  settleOutbox,
} from './lib/scenarios.mjs';
import { defaultAttendees, seed } from './lib/seed.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ALL = Object.keys(SCENARIOS);
const USAGE = `npm run bench -- [options]
  --smoke              tiny database, 1 s per scenario, 4 connections (CI: proves it still runs)
  --events=1000,100000 database sizes (events), one fresh database each
  --connections=50     concurrent connections
  --duration=10        seconds measured per scenario
  --warmup=2           seconds of discarded load before each measurement
  --rounds=1           measure each scenario this many times per server, keep the best
  --scenarios=${ALL.join(',')}
  --skip-build         use the existing dist/ (CI builds first)
  --dist=DIR           run DIR/main.js instead (another commit's build: before/after in one session)
  --no-floor           do not run the floor server
  --keep-db            keep the seeded databases (their directory or names are printed)
  --db=sqlite          sqlite, or postgres: a fresh database per size, dropped afterwards
  --pg-url=URL         the PostgreSQL server and role to create them with (or env BENCH_PG_URL;
                       default ${DEFAULT_PG_URL})
  --workers=N          also measure the project in cluster mode with N workers (postgres only)
  --attendees=N        average attendees per event (default 35; 5 above 100,000 events)
  --series-share=0.2   share of the ordinary events seeded as occurrences of series of ten
                       (default 0.2, --smoke 0); a list (0,0.2) seeds each size once per share`;

const opts = options(process.argv.slice(2), {
  full: {
    events: ['1000', '100000'],
    connections: 50,
    duration: 10,
    warmup: 2,
    scenarios: ALL,
    seriesShares: ['0.2'],
  },
  smoke: {
    events: ['200'],
    connections: 4,
    duration: 1,
    warmup: 0,
    scenarios: ALL,
    seriesShares: ['0'],
  },
});
if (opts.help) {
  console.log(USAGE);
  process.exit(0);
}
for (const name of opts.scenarios) {
  if (!SCENARIOS[name]) throw new Error(`unknown scenario ${name} (known: ${ALL.join(', ')})`);
}
if (opts.workers > 1 && opts.db !== 'postgres') {
  throw new Error('--workers needs --db=postgres (SQLite is one process: see src/cluster.ts)');
}

const log = (message) => process.stderr.write(`[bench] ${message}\n`);
const failures = [];

const build = buildProject({ root: ROOT, build: opts.build, dist: opts.dist, log });
const mainJs = build.main;

// Fresh secrets per run: nothing minted here is valid anywhere else.
const secrets = {
  access: randomBytes(48).toString('base64url'),
  refresh: randomBytes(48).toString('base64url'),
};
/**
 * The per-user budget of the `limited` server: the limit is on (every request counted, its headers
 * sent) but never reached, whatever the rate, so it measures what the counting costs.
 */
const LIMITED_API_RATE_LIMIT = 1_000_000;
const project = (ctx, { workers = 0, apiRateLimit = 0 } = {}) =>
  startServer({
    name:
      workers > 1
        ? `project (${workers} workers)`
        : apiRateLimit
          ? `project (API_RATE_LIMIT=${apiRateLimit})`
          : 'project',
    args: [mainJs],
    cwd: ROOT,
    env: projectEnv({ database: ctx.database, secrets, workers, apiRateLimit }),
  });
const floor = (ctx) =>
  startServer({
    name: 'floor',
    args: [ctx.database.floorScript],
    cwd: ROOT,
    env: { ...ctx.database.floorEnv, JWT_ACCESS_SECRET: secrets.access },
  });

const get = async (server, path, user) => {
  const response = await fetch(server.url + path, {
    headers: { authorization: `Bearer ${user.access}` },
  });
  return { status: response.status, body: await response.json() };
};

/** The project's `nextCursor` after `path` (made by the project, used on both servers). */
async function nextCursor(server, path, user) {
  const { status, body } = await get(server, path, user);
  if (status !== 200) throw new Error(`GET ${path}: ${status} ${JSON.stringify(body)}`);
  return body.nextCursor;
}

/** The cursor of the page at 90% depth: the project's `nextCursor` of the page just before it. */
async function deepCursor(server, ctx) {
  const path = `/api/v1/events?offset=${deepOffset(ctx) - 20}&limit=20`;
  const cursor = await nextCursor(server, path, ctx.users[0]);
  if (typeof cursor !== 'string') throw new Error(`GET ${path}: no nextCursor`);
  return cursor;
}

/**
 * The same requests to both servers must give the same JSON: pages by offset and by cursor
 * (cursors made by the project), the errors of bad cursors, details. The cursor page at depth
 * must also be the offset page at the same depth.
 */
async function parity({ project: a, floor: b }, ctx) {
  const user = ctx.users[0];
  const deep = `/api/v1/events?cursor=${encodeURIComponent(ctx.deepCursor)}`;
  const deepByOffset = `/api/v1/events?offset=${deepOffset(ctx)}&limit=20`;
  const paths = [
    '/api/v1/events',
    SEARCH_PATH,
    '/api/v1/events?sort=-name&limit=7&offset=3',
    deep,
    deepByOffset,
    `/api/v1/events/${ctx.detailEventIds[0]}`,
    `/api/v1/events/${ctx.pairEventIds[0]}`,
  ];
  // One step of a cursor walk per sort and on the search (a cursor is bound to filters and sort).
  for (const base of [
    '/api/v1/events?sort=-name&limit=7',
    '/api/v1/events?sort=createdAt&limit=3',
    `${SEARCH_PATH}&limit=2`,
  ]) {
    const cursor = await nextCursor(a, base, user);
    if (cursor) paths.push(`${base}&cursor=${encodeURIComponent(cursor)}`);
  }
  const tampered = ctx.deepCursor.slice(0, -2) + (ctx.deepCursor.endsWith('AA') ? 'BB' : 'AA');
  const refused = [
    `/api/v1/events?cursor=${encodeURIComponent(tampered)}`,
    `/api/v1/events?sort=-startsAt&cursor=${encodeURIComponent(ctx.deepCursor)}`,
    `/api/v1/events?offset=0&cursor=${encodeURIComponent(ctx.deepCursor)}`,
    '/api/v1/events?cursor=not-a-cursor',
  ];
  const mismatches = [];
  // The door: a code checked in by the project, then scanned again on both (200, the same first
  // time), and an unknown code (404); the run's cleanup undoes the check-in.
  if (ctx.checkInEventId) {
    const scan = (server, code) =>
      fetch(`${server.url}/api/v1/events/${ctx.checkInEventId}/check-ins`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${ctx.canceller.access}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ code }),
      }).then(async (response) => ({ status: response.status, body: await response.json() }));
    const code = ctx.ticketCodes[0];
    const first = await scan(a, code);
    for (const [what, expected] of [
      [code, 200],
      ['not-a-ticket-code', 404],
    ]) {
      const [x, y] = await Promise.all([scan(a, what), scan(b, what)]);
      if (first.status !== 201 || x.status !== expected || !isDeepStrictEqual(x, y)) {
        mismatches.push({ path: `check-in ${what}`, first, project: x, floor: y });
      }
    }
    await ctx.database.all(
      'UPDATE registrations SET checked_in_at = NULL WHERE event_id = ? RETURNING id',
      [ctx.checkInEventId],
    );
  }
  for (const [path, expected] of [...paths.map((p) => [p, 200]), ...refused.map((p) => [p, 400])]) {
    for (const viewer of ctx.users.slice(0, 3)) {
      const [x, y] = await Promise.all([get(a, path, viewer), get(b, path, viewer)]);
      if (x.status !== expected || !isDeepStrictEqual(x, y)) {
        mismatches.push({ path, user: viewer.username, project: x, floor: y });
      }
    }
  }
  const [byCursor, byOffset] = await Promise.all([get(a, deep, user), get(a, deepByOffset, user)]);
  if (!isDeepStrictEqual(byCursor.body.items, byOffset.body.items)) {
    mismatches.push({ path: `${deep} vs ${deepByOffset}`, project: byCursor, floor: byOffset });
  }
  return {
    ok: mismatches.length === 0,
    checked: (paths.length + refused.length) * 3 + 1 + (ctx.checkInEventId ? 2 : 0),
    mismatches: mismatches.slice(0, 2),
  };
}

async function integrity(ctx) {
  const [{ bad }] = await ctx.database.all(
    'SELECT COUNT(*) AS bad FROM events e WHERE e.attendee_count != ' +
      "(SELECT COUNT(*) FROM registrations r WHERE r.event_id = e.id AND r.status = 'attending') " +
      'OR e.waitlist_count != ' +
      "(SELECT COUNT(*) FROM registrations r WHERE r.event_id = e.id AND r.status = 'waiting') " +
      'OR (e.capacity IS NOT NULL AND e.attendee_count > e.capacity) ' +
      // Nobody waits while an upcoming event has a free spot.
      `OR (e.waitlist_count > 0 AND e.starts_at > ${Date.now()} AND e.cancelled_at IS NULL ` +
      'AND (e.capacity IS NULL OR e.attendee_count < e.capacity))',
  );
  const ids = ctx.pairUsers.map((u) => u.userId).join(',');
  const [{ leftover }] = await ctx.database.all(
    `SELECT COUNT(*) AS leftover FROM registrations WHERE user_id IN (${ids})`,
  );
  return { badEvents: bad, pairLeftovers: leftover };
}

/**
 * The servers run side by side on the same database (an idle one costs nothing), and each
 * scenario is measured on the project, then on the floor (and the cluster) right after: a ratio
 * compares runs taken under the same conditions. With --rounds, the best round of each counts.
 */
async function measure(ctx, run) {
  const servers = { project: await project(ctx) };
  if (opts.floor) servers.floor = await floor(ctx);
  if (opts.workers > 1) servers.cluster = await project(ctx, { workers: opts.workers });
  // The scenarios that measure the per-user rate limit run on a server of their own with it on,
  // side by side with the project (which has it off), and are reported as the project's.
  if (opts.scenarios.some((name) => SCENARIOS[name].limited)) {
    servers.limited = await project(ctx, { apiRateLimit: LIMITED_API_RATE_LIMIT });
    // It does count: a request with a token is told its budget.
    const probe = await fetch(`${servers.limited.url}/api/v1/events/${ctx.detailEventIds[0]}`, {
      headers: { authorization: `Bearer ${ctx.users[0].access}` },
    });
    await probe.arrayBuffer();
    if (probe.headers.get('ratelimit-limit') !== String(LIMITED_API_RATE_LIMIT)) {
      failures.push(`the limited server sent no RateLimit-Limit of ${LIMITED_API_RATE_LIMIT}`);
    }
  }
  const db = ctx.database;
  try {
    if (opts.scenarios.includes('pairs-hooked')) {
      await subscribe(servers.project, ctx);
      run.webhookReceivedBefore = await received();
    }
    if (opts.scenarios.includes('pairs-questions') && !ctx.answers) {
      await askQuestions(servers.project, ctx);
    }
    ctx.deepCursor = await deepCursor(servers.project, ctx);
    run.parity = opts.floor ? await parity(servers, ctx) : { ok: true, checked: 0 };
    if (!run.parity.ok) {
      const first = JSON.stringify(run.parity.mismatches[0]).slice(0, 2000);
      failures.push(`project and floor differ: ${first}`);
    }
    // Round by round over the scenarios (with --rounds=2: a b c, a b c), so that scenarios
    // compared with each other are measured minutes apart, not one's rounds all before the other's.
    for (let round = 1; round <= opts.rounds; round++) {
      for (const name of opts.scenarios) {
        const kinds = SCENARIOS[name].limited
          ? ['limited']
          : Object.keys(servers).filter(
              (k) => k !== 'limited' && (k !== 'floor' || SCENARIOS[name].floor),
            );
        for (const kind of kinds) {
          const server = servers[kind];
          log(
            `${int(ctx.counts.events)} events · ${name} · ${kind}` +
              (opts.rounds > 1 ? ` · round ${round}` : ''),
          );
          const result = SCENARIOS[name].oneShot
            ? await SCENARIOS[name].oneShot({ server, ctx })
            : await runScenario({
                name,
                server,
                ctx,
                connections: opts.connections,
                duration: opts.duration,
                warmup: opts.warmup,
                cleanup: (
                  SCENARIOS[name].cleanup ?? (SCENARIOS[name].pairs ? pairCleanup : undefined)
                )?.({ server, ctx, db }),
                probe: async () => ({ received: await received(), cpuMs: server.cpuMs() }),
              });
          // Its background work (mails, webhook deliveries) done before the next run.
          if (SCENARIOS[name].background) result.settleMs = await settleOutbox(db);
          accountFor(result, { received: await received(), cpuMs: server.cpuMs() });
          result.load1 = Math.round(loadavg()[0] * 100) / 100;
          const rate = result.pairsPerSecond ?? result.requestsPerSecond;
          log(
            `  ${int(rate)} ${result.pairsPerSecond ? 'pairs' : 'req'}/s, p50 ${result.p50} ms, ` +
              `p99 ${result.p99} ms, errors ${result.errors} ${JSON.stringify(result.statusCodes)}` +
              `, load ${result.load1}` +
              (result.settleMs === undefined ? '' : `, outbox settled in ${result.settleMs} ms`) +
              (result.cpuMsPerRequest === undefined
                ? ''
                : `, server CPU ${result.cpuMsPerRequest.toFixed(2)} ms/request` +
                  ` (${result.cpuMsPerRequestAfter.toFixed(2)} with the time after the run)`) +
              (result.webhooks?.during || result.webhooks?.after
                ? `, webhook requests received ${result.webhooks.during} during the run, ` +
                  `${result.webhooks.after} after`
                : ''),
          );
          if (result.errors > 0) {
            failures.push(`${ctx.counts.events} events, ${kind} ${name}: ${result.errors} errors`);
          }
          if (result.requests === 0) {
            failures.push(`${ctx.counts.events} events, ${kind} ${name}: no response in the run`);
          }
          const scenario = (run.scenarios[name] ??= {});
          const as = kind === 'limited' ? 'project' : kind;
          const best = scenario[as];
          const rounds = [...(best?.rounds ?? []), rate];
          const better =
            !best ||
            result.errors < best.errors ||
            (result.errors === best.errors && result.requestsPerSecond > best.requestsPerSecond);
          if (better) scenario[as] = result;
          scenario[as].rounds = rounds;
        }
      }
    }
  } finally {
    for (const [kind, server] of Object.entries(servers)) {
      const exit = await server.stop();
      if (exit.early || (exit.code !== 0 && exit.signal !== 'SIGTERM')) {
        const how = exit.early ? 'died during the run' : 'exited badly';
        failures.push(`${kind} ${how} (${JSON.stringify(exit)}): ${server.stderr().slice(-2000)}`);
      }
    }
  }
}

const int = (n) => Math.round(n).toLocaleString('en-US');

/**
 * From the probe's readings around the measured load and `now` (after the drain, the cleanup and
 * any settling): the webhook requests the receiver got during the run and after it, and the
 * server's CPU time per request during the run, and counting what it did after the run too
 * (deliveries left over, settling; the cleanup's few requests are in it).
 */
function accountFor(result, now) {
  const { before, after } = result.probed ?? {};
  if (!before) return;
  result.webhooks = {
    during: after.received - before.received,
    after: now.received - after.received,
  };
  if (before.cpuMs !== undefined && now.cpuMs !== undefined && result.requests > 0) {
    result.cpuMsPerRequest = (after.cpuMs - before.cpuMs) / result.requests;
    result.cpuMsPerRequestAfter = (now.cpuMs - before.cpuMs) / result.requests;
  }
}

const dir = mkdtempSync(join(tmpdir(), 'event-bench-'));
const databases =
  opts.db === 'postgres' ? postgres({ url: opts.pgUrl ?? DEFAULT_PG_URL }) : sqlite({ dir });
const results = {
  date: new Date().toISOString(),
  machine: machine(),
  config: {
    smoke: opts.smoke,
    db: opts.db,
    connections: opts.connections,
    duration: opts.duration,
    warmup: opts.warmup,
    events: opts.events,
    scenarios: opts.scenarios,
    rounds: opts.rounds,
    workers: opts.workers,
    seriesShares: opts.seriesShares,
  },
  runs: [],
};
// Interrupted: stop the servers, drop the databases, remove the build, then exit.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    log(`${signal}: stopping the servers, dropping the databases`);
    killAll();
    const drop = opts.keepDb ? Promise.resolve() : (databases.dropAll?.() ?? Promise.resolve());
    drop.finally(() => {
      build.remove();
      if (!opts.keepDb) rmSync(dir, { recursive: true, force: true });
      process.exit(130);
    });
  });
}
const started = Date.now();
try {
  for (const [events, seriesShare] of opts.events.flatMap((n) =>
    opts.seriesShares.map((share) => [n, share]),
  )) {
    const database = await databases.create(events);
    try {
      const ctx = await seed({
        root: ROOT,
        main: mainJs,
        database,
        events,
        attendees: opts.attendees ?? defaultAttendees(events),
        connections: opts.connections,
        runs: opts.rounds * (opts.workers > 1 ? 2 : 1),
        seriesShare,
        secrets,
        log,
      });
      ctx.database = database;
      const run = {
        events,
        seriesShare,
        seed: ctx.counts,
        seedSeconds: ctx.seedSeconds,
        scenarios: {},
      };
      results.runs.push(run);
      await measure(ctx, run);
      if (run.webhookReceivedBefore !== undefined) {
        run.webhookReceived = (await received()) - run.webhookReceivedBefore;
      }
      run.integrity = await integrity(ctx);
      if (run.integrity.badEvents > 0 || run.integrity.pairLeftovers > 0) {
        failures.push(`integrity: ${JSON.stringify(run.integrity)}`);
      }
    } finally {
      if (opts.keepDb) {
        await database.close();
        log(`database kept: ${database.name}`);
      } else await database.drop();
    }
  }
} finally {
  stopReceiver();
  build.remove();
  if (!opts.keepDb) rmSync(dir, { recursive: true, force: true });
}
results.seconds = (Date.now() - started) / 1000;
results.targets = targets(results);
results.failures = failures;

console.log(markdown(results));
const out = join(ROOT, 'bench', 'results');
mkdirSync(out, { recursive: true });
const file = join(
  out,
  `bench-${results.date.replace(/[:.]/g, '-')}${opts.smoke ? '-smoke' : ''}.json`,
);
writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
log(`results in ${file} (${results.seconds.toFixed(1)} s)`);
if (failures.length > 0) {
  for (const failure of failures) log(`FAILED: ${failure}`);
  process.exit(1);
}
