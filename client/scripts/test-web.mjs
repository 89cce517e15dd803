// `npm run test:web`: the Playwright specs under client/e2e/ in Debian's headless Chromium (no
// browser download), against the built API on a free port with a throwaway database (the npm
// script builds both first). Screenshots land in client/screenshots/.
//
// Accepts Jest's `--json --outputFile=<file>` so that CI can total its results with Jest's: the
// Playwright JSON report is turned into Jest's counts.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './api-server.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const args = process.argv.slice(2);
const outputFile = args.find((arg) => arg.startsWith('--outputFile='))?.split('=')[1];
const passThrough = args.filter((arg) => arg !== '--json' && !arg.startsWith('--outputFile='));

/**
 * @param {{ passed: number, failed: number, skipped?: number, runtimeErrors?: number }} counts
 */
function writeReport({ passed, failed, skipped = 0, runtimeErrors = 0 }) {
  if (!outputFile) return;
  const report = {
    numPassedTests: passed,
    numFailedTests: failed,
    numPendingTests: skipped,
    numTotalTests: passed + failed + skipped,
    numRuntimeErrorTestSuites: runtimeErrors,
    success: failed === 0 && runtimeErrors === 0,
  };
  writeFileSync(outputFile, JSON.stringify(report));
}

/** @param {string} message @returns {never} */
function abort(message) {
  console.error(message);
  writeReport({ passed: 0, failed: 0, runtimeErrors: 1 });
  process.exit(1);
}

if (!existsSync(CHROMIUM)) abort(`${CHROMIUM} not found: apt-get install -y chromium`);
if (!existsSync(join(ROOT, 'client/dist/index.html'))) {
  abort('client/dist is missing: run `npm run build:client` first');
}
if (!existsSync(join(ROOT, 'dist/main.js'))) abort('dist/main.js is missing: run `npm run build`');

const dir = mkdtempSync(join(tmpdir(), 'web-test-'));
const reportPath = join(dir, 'report.json');
const run = spawnSync(
  process.execPath,
  [
    join(ROOT, 'node_modules/@playwright/test/cli.js'),
    'test',
    '--config',
    join(ROOT, 'client/e2e/playwright.config.ts'),
    ...passThrough,
  ],
  { cwd: ROOT, stdio: 'inherit', env: { ...process.env, WEB_TEST_REPORT: reportPath } },
);

/** @type {{ stats?: { expected: number, unexpected: number, flaky: number, skipped: number }, errors?: unknown[] }} */
let report = {};
try {
  report = JSON.parse(readFileSync(reportPath, 'utf8'));
} catch {
  // no report: the run died before it could write one
}
rmSync(dir, { recursive: true, force: true });
if (!report.stats) abort(`Playwright wrote no report (exit code ${run.status})`);
const { expected, unexpected, flaky, skipped } = report.stats;
writeReport({
  passed: expected + flaky,
  failed: unexpected,
  skipped,
  runtimeErrors: (report.errors?.length ?? 0) > 0 ? 1 : 0,
});
process.exit(run.status ?? 1);
