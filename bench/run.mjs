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
import Database from 'better-sqlite3';
import { buildProject, projectEnv } from './lib/build.mjs';
import { options } from './lib/options.mjs';
import { startServer } from './lib/processes.mjs';
import { machine, markdown, targets } from './lib/report.mjs';
import { pairCleanup, runScenario, SCENARIOS } from './lib/scenarios.mjs';
import { SEARCH_Q, seed } from './lib/seed.mjs';

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
  --no-floor           do not run the floor server
  --keep-db            keep the seeded databases (their directory is printed)`;

const opts = options(process.argv.slice(2), {
  full: { events: ['1000', '100000'], connections: 50, duration: 10, warmup: 2, scenarios: ALL },
  smoke: { events: ['200'], connections: 4, duration: 1, warmup: 0, scenarios: ALL },
});
if (opts.help) {
  console.log(USAGE);
  process.exit(0);
}
for (const name of opts.scenarios) {
  if (!SCENARIOS[name]) throw new Error(`unknown scenario ${name} (known: ${ALL.join(', ')})`);
}

const log = (message) => process.stderr.write(`[bench] ${message}\n`);
const failures = [];

const build = buildProject({ root: ROOT, build: opts.build, log });
const mainJs = build.main;

// Fresh secrets per run: nothing minted here is valid anywhere else.
const secrets = {
  access: randomBytes(48).toString('base64url'),
  refresh: randomBytes(48).toString('base64url'),
};
const project = (ctx) =>
  startServer({
    name: 'project',
    args: [mainJs],
    cwd: ROOT,
    env: projectEnv({ dbPath: ctx.dbPath, secrets }),
  });
const floor = (ctx) =>
  startServer({
    name: 'floor',
    args: ['bench/floor/server.mjs'],
    cwd: ROOT,
    env: { DB_PATH: ctx.dbPath, JWT_ACCESS_SECRET: secrets.access },
  });

/** The same requests to both servers must give the same JSON. */
async function parity({ project: a, floor: b }, ctx) {
  const paths = [
    '/api/v1/events',
    `/api/v1/events?status=upcoming&q=${SEARCH_Q}&hasSpots=true`,
    '/api/v1/events?sort=-name&limit=7&offset=3',
    `/api/v1/events/${ctx.detailEventIds[0]}`,
    `/api/v1/events/${ctx.pairEventIds[0]}`,
  ];
  const mismatches = [];
  for (const path of paths) {
    for (const user of ctx.users.slice(0, 3)) {
      const get = async (server) => {
        const response = await fetch(server.url + path, {
          headers: { authorization: `Bearer ${user.access}` },
        });
        return { status: response.status, body: await response.json() };
      };
      const [x, y] = await Promise.all([get(a), get(b)]);
      if (x.status !== 200 || !isDeepStrictEqual(x, y)) {
        mismatches.push({ path, user: user.username, project: x, floor: y });
      }
    }
  }
  return {
    ok: mismatches.length === 0,
    checked: paths.length * 3,
    mismatches: mismatches.slice(0, 2),
  };
}

function integrity(ctx) {
  const db = new Database(ctx.dbPath, { readonly: true });
  try {
    const { bad } = db
      .prepare(
        'SELECT COUNT(*) AS bad FROM events e WHERE e.attendee_count != ' +
          "(SELECT COUNT(*) FROM registrations r WHERE r.event_id = e.id AND r.status = 'attending') " +
          'OR e.waitlist_count != ' +
          "(SELECT COUNT(*) FROM registrations r WHERE r.event_id = e.id AND r.status = 'waiting') " +
          'OR (e.capacity IS NOT NULL AND e.attendee_count > e.capacity) ' +
          // Nobody waits while an upcoming event has a free spot.
          `OR (e.waitlist_count > 0 AND e.starts_at > ${Date.now()} AND e.cancelled_at IS NULL ` +
          'AND (e.capacity IS NULL OR e.attendee_count < e.capacity))',
      )
      .get();
    const ids = ctx.pairUsers.map((u) => u.userId).join(',');
    const { left } = db
      .prepare(`SELECT COUNT(*) AS left FROM registrations WHERE user_id IN (${ids})`)
      .get();
    return { badEvents: bad, pairLeftovers: left };
  } finally {
    db.close();
  }
}

/**
 * Both servers run side by side on the same database (the idle one costs nothing), and each
 * scenario is measured on the project then on the floor right after: a ratio compares two runs
 * taken under the same conditions. With --rounds, the best round of each counts.
 */
async function measure(ctx, run) {
  const servers = { project: await project(ctx) };
  if (opts.floor) servers.floor = await floor(ctx);
  const db = new Database(ctx.dbPath, { readonly: true });
  try {
    run.parity = opts.floor ? await parity(servers, ctx) : { ok: true, checked: 0 };
    if (!run.parity.ok) {
      const first = JSON.stringify(run.parity.mismatches[0]).slice(0, 2000);
      failures.push(`project and floor differ: ${first}`);
    }
    for (const name of opts.scenarios) {
      const kinds = Object.keys(servers).filter((k) => k === 'project' || SCENARIOS[name].floor);
      for (let round = 1; round <= opts.rounds; round++) {
        for (const kind of kinds) {
          const server = servers[kind];
          log(
            `${int(ctx.counts.events)} events · ${name} · ${kind}` +
              (opts.rounds > 1 ? ` · round ${round}` : ''),
          );
          const result = await runScenario({
            name,
            server,
            ctx,
            connections: opts.connections,
            duration: opts.duration,
            warmup: opts.warmup,
            cleanup: (
              SCENARIOS[name].cleanup ?? (SCENARIOS[name].pairs ? pairCleanup : undefined)
            )?.({ server, ctx, db }),
          });
          result.load1 = Math.round(loadavg()[0] * 100) / 100;
          const rate = result.pairsPerSecond ?? result.requestsPerSecond;
          log(
            `  ${int(rate)} ${result.pairsPerSecond ? 'pairs' : 'req'}/s, p50 ${result.p50} ms, ` +
              `p99 ${result.p99} ms, errors ${result.errors} ${JSON.stringify(result.statusCodes)}` +
              `, load ${result.load1}`,
          );
          if (result.errors > 0) {
            failures.push(`${ctx.counts.events} events, ${kind} ${name}: ${result.errors} errors`);
          }
          const scenario = (run.scenarios[name] ??= {});
          const best = scenario[kind];
          const rounds = [...(best?.rounds ?? []), rate];
          const better =
            !best ||
            result.errors < best.errors ||
            (result.errors === best.errors && result.requestsPerSecond > best.requestsPerSecond);
          if (better) scenario[kind] = result;
          scenario[kind].rounds = rounds;
        }
      }
    }
  } finally {
    db.close();
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

const dir = mkdtempSync(join(tmpdir(), 'event-bench-'));
const results = {
  date: new Date().toISOString(),
  machine: machine(),
  config: {
    smoke: opts.smoke,
    connections: opts.connections,
    duration: opts.duration,
    warmup: opts.warmup,
    events: opts.events,
    scenarios: opts.scenarios,
    rounds: opts.rounds,
  },
  runs: [],
};
const started = Date.now();
try {
  for (const events of opts.events) {
    const ctx = await seed({
      root: ROOT,
      main: mainJs,
      dir,
      events,
      connections: opts.connections,
      runs: opts.rounds,
      secrets,
      log,
    });
    const run = { events, seed: ctx.counts, seedSeconds: ctx.seedSeconds, scenarios: {} };
    results.runs.push(run);
    await measure(ctx, run);
    run.integrity = integrity(ctx);
    if (run.integrity.badEvents > 0 || run.integrity.pairLeftovers > 0) {
      failures.push(`integrity: ${JSON.stringify(run.integrity)}`);
    }
    if (!opts.keepDb) rmSync(ctx.dbPath, { force: true });
  }
} finally {
  build.remove();
  if (!opts.keepDb) rmSync(dir, { recursive: true, force: true });
  else log(`databases kept in ${dir}`);
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
