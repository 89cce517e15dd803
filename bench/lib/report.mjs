// The report: a Markdown table per database size on stdout, the targets, and the raw numbers as
// JSON under bench/results/.
import { execSync } from 'node:child_process';
import { cpus, loadavg, release, totalmem } from 'node:os';
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

export function markdown(results) {
  const lines = [];
  const m = results.machine;
  lines.push(
    `Machine: ${m.cpus} × ${m.cpuModel}, Node ${m.node}, ${m.platform}. ` +
      `${results.config.connections} connections, ${results.config.duration} s per scenario ` +
      `(+${results.config.warmup} s warm-up` +
      (results.config.rounds > 1 ? `, best of ${results.config.rounds} rounds` : '') +
      `), loopback, LOG_LEVEL=warn. Load average at start: ${m.loadAverage.join(', ')}.`,
    '',
  );
  for (const run of results.runs) {
    const c = run.seed;
    lines.push(
      `### ${int(run.events)} events (${int(c.registrations)} registrations, ${int(c.users)} users)`,
      '',
      '| scenario | project req/s | p50 ms | p99 ms | errors | floor req/s | p50 ms | p99 ms | errors | project / floor |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    );
    for (const [name, scenario] of Object.entries(SCENARIOS)) {
      const { project, floor } = run.scenarios[name] ?? {};
      if (!project && !floor) continue;
      const unit = scenario.pairs ? ' (pairs/s)' : '';
      lines.push(
        `| ${name}: ${scenario.title}${unit} | ${int(rate(project, scenario))} | ${ms(project?.p50)} | ` +
          `${ms(project?.p99)} | ${int(project?.errors)} | ${int(rate(floor, scenario))} | ` +
          `${ms(floor?.p50)} | ${ms(floor?.p99)} | ${int(floor?.errors)} | ${pct(ratio(run, name))} |`,
      );
    }
    lines.push(
      '',
      `Integrity after the runs: ${run.integrity.badEvents} events with attendee_count or ` +
        `waitlist_count ≠ their rows, over capacity, or with a line beside a free spot; ${run.integrity.pairLeftovers} leftover bench registrations. ` +
        `Responses identical between project and floor: ${run.parity.ok ? 'yes' : 'NO'}.`,
      '',
    );
  }
  lines.push('### Targets', '');
  for (const target of results.targets) {
    lines.push(`- ${target.ok ? 'PASS' : 'FAIL'} ${target.name}: ${target.detail}`);
  }
  return lines.join('\n');
}

/** The goals, checked against the numbers (informational: they do not fail the run). */
export function targets(results) {
  const out = [];
  for (const run of results.runs) {
    for (const name of ['list', 'detail']) {
      const r = ratio(run, name);
      const errors =
        (run.scenarios[name]?.project?.errors ?? 0) + (run.scenarios[name]?.floor?.errors ?? 0);
      if (r === undefined) continue;
      out.push({
        name: `${name} ≥ 50% of floor, zero errors (${int(run.events)} events)`,
        ok: r >= 0.5 && errors === 0,
        detail: `${pct(r)}, ${errors} errors`,
      });
    }
    const pairs = run.scenarios.pairs?.project;
    if (pairs) {
      out.push({
        name: `register+unregister ≥ 1,000 pairs/s, zero overbooking (${int(run.events)} events)`,
        ok: pairs.pairsPerSecond >= 1000 && run.integrity.badEvents === 0,
        detail: `${int(pairs.pairsPerSecond)} pairs/s, ${run.integrity.badEvents} inconsistent events, ${pairs.errors} errors`,
      });
    }
    const promotion = run.scenarios.promotion?.project;
    if (pairs && promotion) {
      const r = promotion.pairsPerSecond / pairs.pairsPerSecond;
      out.push({
        name: `unregister with promotion within 50% of register+unregister pairs (${int(run.events)} events)`,
        ok: r >= 0.5 && promotion.errors === 0,
        detail: `${int(promotion.pairsPerSecond)} vs ${int(pairs.pairsPerSecond)} pairs/s (${pct(r)}), ${promotion.errors} errors`,
      });
    }
  }
  const small = results.runs.find((r) => r.events === 1000);
  const large = results.runs.find((r) => r.events === 100_000);
  if (small && large) {
    for (const name of Object.keys(SCENARIOS)) {
      if (name === 'search') continue;
      const a = small.scenarios[name]?.project?.requestsPerSecond;
      const b = large.scenarios[name]?.project?.requestsPerSecond;
      if (!a || !b) continue;
      out.push({
        name: `${name}: 100k within 20% of 1k`,
        ok: b >= a * 0.8,
        detail: `${int(b)} vs ${int(a)} req/s (${pct(b / a)})`,
      });
    }
  }
  return out;
}
