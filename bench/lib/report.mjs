// The report: a Markdown table per database size on stdout, the targets, and the raw numbers as
// JSON under bench/results/.
import { execSync } from 'node:child_process';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { CROWD, FEW } from './seed.mjs';
import { SCENARIOS } from './scenarios.mjs';

export function machine() {
  const list = cpus();
  let commit;
  let dirty;
  try {
    commit = execSync('git rev-parse HEAD', { encoding: 'utf8' }).trim();
    dirty = execSync('git status --porcelain -- src', { encoding: 'utf8' }).trim() !== '';
  } catch {
    // not a git checkout
  }
  return {
    cpus: list.length,
    cpuModel: list[0]?.model ?? 'unknown',
    node: process.version,
    platform: `${process.platform} ${release()}`,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    // Other work on the machine skews the numbers: recorded at the start of the run.
    loadAverage: loadavg().map((n) => Math.round(n * 100) / 100),
    commit,
    srcDirty: dirty,
  };
}

const int = (n) => (n === undefined ? '–' : Math.round(n).toLocaleString('en-US'));
const ms = (n) => (n === undefined ? '–' : String(n));
const pct = (n) => (n === undefined ? '–' : `${Math.round(n * 100)}%`);

function rate(result, scenario) {
  if (!result) return undefined;
  return scenario.pairs ? result.pairsPerSecond : result.requestsPerSecond;
}

export function ratio(run, name) {
  const { project, floor } = run.scenarios[name] ?? {};
  if (!project || !floor || !floor.requestsPerSecond) return undefined;
  return project.requestsPerSecond / floor.requestsPerSecond;
}

const share = (a, b) => (a === undefined || !b ? undefined : a / b);

const median = (values) => {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** With several rounds of both (`--rounds`, or a scenario listed again): their medians too. */
function medians(a, b) {
  if (!(a.rounds?.length > 1 && b.rounds?.length > 1)) return '';
  const [x, y] = [median(a.rounds), median(b.rounds)];
  return `; medians of ${a.rounds.length} and ${b.rounds.length} rounds ${int(x)} vs ${int(y)} (${pct(x / y)})`;
}

export function markdown(results) {
  const lines = [];
  const m = results.machine;
  const config = results.config;
  const workers = config.workers > 1 ? config.workers : 0;
  lines.push(
    `Database: ${config.db ?? 'sqlite'}. Machine: ${m.cpus} × ${m.cpuModel}, Node ${m.node}, ` +
      `${m.platform}. ${config.connections} connections, ${config.duration} s per scenario ` +
      `(+${config.warmup} s warm-up` +
      (config.rounds > 1 ? `, best of ${config.rounds} rounds` : '') +
      `), loopback, LOG_LEVEL=warn. Load average at start: ${m.loadAverage.join(', ')}.`,
    '',
  );
  for (const run of results.runs) {
    const c = run.seed;
    lines.push(
      `### ${int(run.events)} events${run.seriesShare ? `, ${pct(run.seriesShare)} in ${int(c.series)} series` : ''} (${int(c.registrations)} registrations, ${int(c.users)} users, ` +
        `seeded in ${run.seedSeconds.toFixed(1)} s)`,
      '',
      '| scenario | project req/s | p50 ms | p99 ms | errors | floor req/s | p50 ms | p99 ms | errors | project / floor |' +
        (workers ? ` ${workers} workers req/s | p99 ms | errors | ${workers} workers / 1 |` : ''),
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|' +
        (workers ? '---:|---:|---:|---:|' : ''),
    );
    for (const [name, scenario] of Object.entries(SCENARIOS)) {
      const { project, floor, cluster } = run.scenarios[name] ?? {};
      if (!project && !floor) continue;
      const unit = scenario.pairs ? ' (pairs/s)' : '';
      lines.push(
        `| ${name}: ${scenario.title}${unit} | ${int(rate(project, scenario))} | ${ms(project?.p50)} | ` +
          `${ms(project?.p99)} | ${int(project?.errors)} | ${int(rate(floor, scenario))} | ` +
          `${ms(floor?.p50)} | ${ms(floor?.p99)} | ${int(floor?.errors)} | ${pct(ratio(run, name))} |` +
          (workers
            ? ` ${int(rate(cluster, scenario))} | ${ms(cluster?.p99)} | ${int(cluster?.errors)} | ` +
              `${pct(share(cluster?.requestsPerSecond, project?.requestsPerSecond))} |`
            : ''),
      );
    }
    lines.push(
      '',
      `Integrity after the runs: ${run.integrity.badEvents} events with attendee_count or ` +
        `waitlist_count ≠ their rows, over capacity, or with a line beside a free spot; ${run.integrity.pairLeftovers} leftover bench registrations. ` +
        `Responses identical between project and floor: ${run.parity.ok ? 'yes' : 'NO'} ` +
        `(${run.parity.checked} checks).`,
      '',
    );
  }
  lines.push('### Targets', '');
  for (const target of results.targets) {
    const verdict = target.ok === undefined ? 'INFO' : target.ok ? 'PASS' : 'FAIL';
    lines.push(`- ${verdict} ${target.name}: ${target.detail}`);
  }
  return lines.join('\n');
}

const projectRate = (run, name) => rate(run?.scenarios[name]?.project, SCENARIOS[name]);
const unit = (name) => (SCENARIOS[name].pairs ? 'pairs/s' : 'req/s');
const errorsOf = (run, name) =>
  ['project', 'floor', 'cluster'].reduce(
    (sum, kind) => sum + (run.scenarios[name]?.[kind]?.errors ?? 0),
    0,
  );

/**
 * The goals of the issues, checked against the numbers (informational: they do not fail the
 * run). `ok` undefined: a figure the issue asks to report, without a threshold.
 */
export function targets(results) {
  const out = [];
  const db = results.config.db ?? 'sqlite';
  const ratioTarget = (name, label, a, b, min, extra = '') => {
    if (a === undefined || !b) return;
    out.push({
      name,
      ok: a / b >= min,
      detail: `${int(a)} vs ${int(b)} ${label} (${pct(a / b)})${extra}`,
    });
  };
  for (const run of results.runs) {
    const size = `${int(run.events)} events`;
    // SQLite against its floor (issue 14); PostgreSQL's ratios are shown, without a target.
    const floorMin = db === 'sqlite' ? { list: 0.65, detail: 0.65, pairs: 0.55 } : {};
    for (const name of ['list', 'detail', 'pairs']) {
      const r = ratio(run, name);
      if (r === undefined) continue;
      const errors = errorsOf(run, name);
      const min = floorMin[name];
      out.push({
        name:
          min === undefined
            ? `${name}: project / floor (${size})`
            : `${name} ≥ ${pct(min)} of floor, zero errors (${size})`,
        ok: min === undefined ? undefined : r >= min && errors === 0,
        detail: `${pct(r)}, ${errors} errors`,
      });
    }
    const pairs = run.scenarios.pairs?.project;
    if (pairs) {
      out.push({
        name: `register+unregister ≥ 1,000 pairs/s, zero overbooking (${size})`,
        ok: pairs.pairsPerSecond >= 1000 && run.integrity.badEvents === 0,
        detail: `${int(pairs.pairsPerSecond)} pairs/s, ${run.integrity.badEvents} inconsistent events, ${pairs.errors} errors`,
      });
    }
    const promotion = run.scenarios.promotion?.project;
    if (pairs && promotion) {
      const r = promotion.pairsPerSecond / pairs.pairsPerSecond;
      out.push({
        name: `unregister with promotion within 50% of register+unregister pairs (${size})`,
        ok: r >= 0.5 && promotion.errors === 0,
        detail: `${int(promotion.pairsPerSecond)} vs ${int(pairs.pairsPerSecond)} pairs/s (${pct(r)}), ${promotion.errors} errors`,
      });
    }
    // Issue 28: a webhook subscribed costs the request little (delivery is after commit).
    const quiet = run.scenarios['pairs-quiet']?.project;
    const hooked = run.scenarios['pairs-hooked']?.project;
    if (quiet && hooked) {
      const r = hooked.pairsPerSecond / quiet.pairsPerSecond;
      // No webhook request at all: the pairs recorded no message, so nothing was measured.
      const received = run.webhookReceived ?? 0;
      // Rounds alternate between scenarios (run.mjs): round i of each was measured minutes apart.
      const perRound = (hooked.rounds ?? []).map((rate, i) => rate / quiet.rounds?.[i]);
      const cpu = (result) => result.cpuMsPerRequestAfter;
      out.push({
        name: `register+unregister with a webhook subscribed within 15% of without (${size})`,
        ok: received === 0 ? undefined : r >= 0.85,
        detail:
          `${int(hooked.pairsPerSecond)} vs ${int(quiet.pairsPerSecond)} pairs/s (${pct(r)}), ` +
          `p99 ${hooked.p99} vs ${quiet.p99} ms` +
          (perRound.length > 1
            ? `; round by round ${perRound.map(pct).join(', ')} (median ${pct(median(perRound))})`
            : '') +
          (cpu(hooked) && cpu(quiet)
            ? `; server CPU per request, the time after the run included: ` +
              `${cpu(hooked).toFixed(2)} vs ${cpu(quiet).toFixed(2)} ms`
            : '') +
          `; ${received} webhook requests received` +
          (hooked.webhooks
            ? ` (in the best round ${hooked.webhooks.during} during the run, ` +
              `${hooked.webhooks.after} after it)`
            : '') +
          (received === 0
            ? ' (the registrations recorded no outbox message: not a measurement)'
            : ''),
      });
    }
    // Issue 26: answers to three questions cost the registration little.
    const asked = run.scenarios['pairs-questions']?.project;
    if (quiet && asked) {
      const r = asked.pairsPerSecond / quiet.pairsPerSecond;
      out.push({
        name: `register+unregister with three questions within 15% of none (${size})`,
        ok: r >= 0.85,
        detail: `${int(asked.pairsPerSecond)} vs ${int(quiet.pairsPerSecond)} pairs/s (${pct(r)}), p99 ${asked.p99} vs ${quiet.p99} ms`,
      });
    }
    // Issue 28: the cancellation's mails are fanned out after commit, so its answer does not
    // grow with the attendees.
    const cancel = run.scenarios.cancellation?.project;
    if (cancel?.small) {
      const r = cancel.meanMs / cancel.small.meanMs;
      out.push({
        name: `cancellation of an event with ${CROWD} attendees within 20% of one with ${FEW} (${size})`,
        ok: r <= 1.2 && (!cancel.mails || cancel.mails.sent === cancel.mails.expected),
        detail:
          `mean ${cancel.meanMs} vs ${cancel.small.meanMs} ms (${pct(r)}), p99 ${cancel.p99} vs ` +
          `${cancel.small.p99} ms, ${cancel.requests} each, ${cancel.errors} errors` +
          (cancel.mails
            ? `; cancellation mails sent ${cancel.mails.sent} of ${cancel.mails.expected}`
            : '') +
          (cancel.reads
            ? `; GET (the detail, with the attendee list) of the same events first: mean ` +
              `${cancel.reads.crowd.meanMs} vs ${cancel.reads.few.meanMs} ms`
            : ''),
      });
    }
    // Issue 26: scans per second at the door, against the floor (a figure, no threshold).
    const scans = run.scenarios['check-in'];
    if (scans?.project) {
      const r = ratio(run, 'check-in');
      out.push({
        name: `check-in scans per second, an event of ${CROWD} attendees (${size})`,
        ok: undefined,
        detail:
          `${int(scans.project.requestsPerSecond)} scans/s (p99 ${scans.project.p99} ms)` +
          (r === undefined ? '' : `, floor ${int(scans.floor.requestsPerSecond)} (${pct(r)})`) +
          `, ${errorsOf(run, 'check-in')} errors`,
      });
    }
    // Issue 27: what creating a series of 200 occurrences takes (a figure, no threshold).
    const series = run.scenarios.series?.project;
    if (series) {
      out.push({
        name: `creation of a 200-occurrence series (${size}, ${db})`,
        ok: undefined,
        detail: `mean ${series.meanMs} ms, p50 ${series.p50} ms, p99 ${series.p99} ms (${series.requests} series), ${series.errors} errors`,
      });
    }
    // Issue 29: the per-user rate limit and an Idempotency-Key cost a request little.
    for (const [name, base, min, what] of [
      ['detail-limited', 'detail', 0.9, 'detail with the per-user rate limit on within 10% of off'],
      ['create-keyed', 'create', 0.85, 'create with an Idempotency-Key within 15% of without'],
    ]) {
      const a = run.scenarios[name]?.project;
      const b = run.scenarios[base]?.project;
      ratioTarget(
        `${what} (${size}, ${db})`,
        'req/s',
        a?.requestsPerSecond,
        b?.requestsPerSecond,
        min,
        a && b
          ? `, p99 ${a.p99} vs ${b.p99} ms, ${a.errors + b.errors} errors${medians(a, b)}`
          : '',
      );
    }
    // Paging: a deep cursor page costs what the first page does; the offset page beside it.
    const offsetDeep = projectRate(run, 'offset-deep');
    ratioTarget(
      `cursor page at 90% depth within 20% of the first page (${size})`,
      'req/s',
      projectRate(run, 'cursor-deep'),
      projectRate(run, 'list'),
      0.8,
      offsetDeep === undefined
        ? ''
        : `; offset page at the same depth ${int(offsetDeep)} req/s (${pct(share(offsetDeep, projectRate(run, 'list')))})`,
    );
    if (run.events === 100_000) {
      for (const name of ['search', 'search-rare']) {
        ratioTarget(
          `${name} ≥ 50% of the list at 100k events (${db})`,
          'req/s',
          projectRate(run, name),
          projectRate(run, 'list'),
          0.5,
        );
      }
    }
    // Cluster mode (PostgreSQL): what N workers answer beside one process.
    for (const name of ['list', 'detail']) {
      const cluster = run.scenarios[name]?.cluster?.requestsPerSecond;
      const single = projectRate(run, name);
      if (cluster === undefined || !single) continue;
      out.push({
        name: `${name}: ${results.config.workers} workers vs 1 (${size})`,
        ok: undefined,
        detail: `${int(cluster)} vs ${int(single)} req/s (${pct(cluster / single)})`,
      });
    }
  }
  // Issue 27: the list at 100k events with a share in series, against the same size without
  // (`--series-share=0,0.2`: both databases seeded in this run).
  const plain = results.runs.find((r) => r.events === 100_000 && !r.seriesShare);
  for (const withSeries of results.runs.filter((r) => r.events === 100_000 && r.seriesShare)) {
    ratioTarget(
      `list at 100k events, ${pct(withSeries.seriesShare)} in series, within 10% of none`,
      'req/s',
      projectRate(withSeries, 'list'),
      projectRate(plain, 'list'),
      0.9,
    );
  }
  const small = results.runs.find((r) => r.events === 1000);
  const large = results.runs.find((r) => r.events === 100_000);
  if (small && large) {
    for (const name of Object.keys(SCENARIOS)) {
      // Search and the offset page grow with the data by nature; see their own targets.
      if (name.startsWith('search') || name === 'offset-deep') continue;
      ratioTarget(
        `${name}: 100k within 20% of 1k`,
        unit(name),
        projectRate(large, name),
        projectRate(small, name),
        0.8,
      );
    }
  }
  const million = results.runs.find((r) => r.events === 1_000_000);
  if (small && million && db === 'postgres') {
    for (const name of ['list', 'detail', 'search', 'pairs']) {
      ratioTarget(
        `${name}: 1M within 25% of 1k (postgres)`,
        unit(name),
        projectRate(million, name),
        projectRate(small, name),
        0.75,
      );
    }
  }
  return out;
}
