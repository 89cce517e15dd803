// `npm run bench:profile [-- options]`: where the project's time goes on the hot paths.
// Runs the production server under `node --cpu-prof` for each scenario (warm-up + measurement),
// summarises the profiles per concern, package and function, then measures the same scenarios
// at LOG_LEVEL=warn and LOG_LEVEL=info (request logs written to a file) without the profiler.
// Profiles and a JSON summary go to bench/results/profile-<time>/.
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  statSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildProject, projectEnv } from './lib/build.mjs';
import { sqlite } from './lib/databases.mjs';
import { analyse, profileMarkdown } from './lib/cpu-profile.mjs';
import { options } from './lib/options.mjs';
import { startServer } from './lib/processes.mjs';
import { machine } from './lib/report.mjs';
import { received, receiver, stopReceiver, subscribe } from './lib/receiver.mjs';
import { pairCleanup, runScenario, SCENARIOS, settleOutbox } from './lib/scenarios.mjs';
import { seed } from './lib/seed.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const opts = options(process.argv.slice(2), {
  full: {
    events: ['1000'],
    connections: 50,
    duration: 10,
    warmup: 2,
    scenarios: ['list', 'detail'],
  },
  smoke: { events: ['200'], connections: 4, duration: 1, warmup: 0, scenarios: ['list', 'detail'] },
});
if (opts.help) {
  console.log(`npm run bench:profile -- [--events=1000] [--connections=50] [--duration=10]
  [--warmup=2] [--rounds=1] [--scenarios=list,detail,pairs,refresh,...] [--skip-build]`);
  process.exit(0);
}
for (const name of opts.scenarios) {
  if (!SCENARIOS[name]) throw new Error(`unknown scenario ${name}`);
}
const log = (message) => process.stderr.write(`[profile] ${message}\n`);
const int = (n) => Math.round(n).toLocaleString('en-US');

const date = new Date().toISOString();
const out = join(ROOT, 'bench', 'results', `profile-${date.replace(/[:.]/g, '-')}`);
mkdirSync(out, { recursive: true });
const build = buildProject({ root: ROOT, build: opts.build, dist: opts.dist, log });
const secrets = {
  access: randomBytes(48).toString('base64url'),
  refresh: randomBytes(48).toString('base64url'),
};
const dir = mkdtempSync(join(tmpdir(), 'event-bench-'));
const summary = { date, machine: machine(), config: opts, profiles: {}, logging: {} };
const lines = [];

try {
  const events = opts.events[0];
  const database = await sqlite({ dir }).create(events);
  const ctx = await seed({
    root: ROOT,
    main: build.main,
    database,
    events,
    connections: opts.connections,
    runs: 1 + 2 * opts.rounds, // profiled, then warn and info per round
    secrets,
    log,
  });
  const measure = async ({ name, args = [], logLevel = 'warn', stdout = 'ignore' }) => {
    const server = await startServer({
      name: 'project',
      args: [...args, build.main],
      cwd: ROOT,
      env: projectEnv({ database, secrets, logLevel }),
      stdout,
    });
    try {
      // The webhook of the hooked pairs, once (it stays in the database for the next servers).
      if (name === 'pairs-hooked' && !receiver.child) await subscribe(server, ctx);
      const before = await received();
      const result = await runScenario({
        name,
        server,
        ctx,
        connections: opts.connections,
        duration: opts.duration,
        warmup: opts.warmup,
        cleanup: SCENARIOS[name].pairs ? pairCleanup({ server, ctx, db: database }) : undefined,
      });
      // The work left to the outbox is the server's too: profiled up to the last delivery.
      if (SCENARIOS[name].background) result.settleMs = await settleOutbox(database);
      result.webhooksReceived = (await received()) - before;
      return result;
    } finally {
      const exit = await server.stop();
      if (exit.early) log(`server died during ${name}: ${server.stderr()}`);
    }
  };

  for (const name of opts.scenarios) {
    log(`${name}: node --cpu-prof`);
    const profileDir = join(out, name);
    const result = await measure({
      name,
      args: ['--cpu-prof', '--cpu-prof-dir', profileDir, '--cpu-prof-interval', '200'],
    });
    const file = readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'));
    if (!file) throw new Error(`no profile written for ${name}`);
    const analysis = analyse(join(profileDir, file));
    summary.profiles[name] = { result, analysis };
    log(
      `  ${int(result.requestsPerSecond)} req/s under the profiler; ${analysis.busyMs} ms busy` +
        (result.webhooksReceived ? `; ${result.webhooksReceived} webhook requests received` : ''),
    );
    lines.push(
      profileMarkdown(
        `${name} (${int(events)} events, ${int(result.requestsPerSecond)} req/s under the profiler)`,
        analysis,
      ),
    );
  }

  // Request logging: the same scenarios at warn (nothing per request) and info (one line per
  // request, written to a file as a deployment would).
  lines.push(
    '#### LOG_LEVEL',
    '',
    '| scenario | LOG_LEVEL | req/s | p50 ms | p99 ms | errors | log bytes/request |',
    '|---|---|---:|---:|---:|---:|---:|',
  );
  // Alternating warn and info, best of --rounds each: the machine's other load shifts over time.
  for (const name of opts.scenarios) {
    const best = {};
    for (let round = 1; round <= opts.rounds; round++) {
      for (const logLevel of ['warn', 'info']) {
        const logFile = join(dir, `${name}-${logLevel}.log`);
        const fd = openSync(logFile, 'w');
        log(`${name}: LOG_LEVEL=${logLevel}, round ${round}`);
        try {
          const result = await measure({ name, logLevel, stdout: fd });
          result.logBytes = statSync(logFile).size;
          if (!best[logLevel] || result.requestsPerSecond > best[logLevel].requestsPerSecond) {
            best[logLevel] = result;
          }
        } finally {
          closeSync(fd);
        }
      }
    }
    summary.logging[name] = best;
    for (const [logLevel, result] of Object.entries(best)) {
      lines.push(
        `| ${name} | ${logLevel} | ${int(result.requestsPerSecond)} | ${result.p50} | ${result.p99} | ` +
          `${result.errors} | ${int(result.logBytes / Math.max(1, result.requests + result.warmupRequests))} |`,
      );
    }
  }
} finally {
  stopReceiver();
  build.remove();
  rmSync(dir, { recursive: true, force: true });
}

writeFileSync(join(out, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
console.log(lines.join('\n'));
log(`profiles and summary in ${out}`);
