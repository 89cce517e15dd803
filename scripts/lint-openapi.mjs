// `npm run lint:openapi`: lints the OpenAPI document that the built API serves at /api/docs-json
// with Spectral and the repository's ruleset (.spectral.yaml: spectral:oas plus the OWASP API
// Security rules). Any error or warning fails. `node scripts/lint-openapi.mjs FILE` lints a saved
// document instead of booting the server.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, startApi } from '../client/scripts/api-server.mjs';

// Spectral's numeric severities, most severe first.
const SEVERITIES = ['error', 'warning', 'info', 'hint'];
const FAILING = 2; // errors and warnings fail

/** @returns {Promise<string>} the document the built server serves */
async function servedDocument() {
  const api = await startApi();
  try {
    const response = await fetch(`${api.url}/api/docs-json`);
    if (!response.ok) throw new Error(`GET /api/docs-json answered ${response.status}`);
    return await response.text();
  } finally {
    await api.stop();
  }
}

/**
 * @param {string} file
 * @returns {{ code: string, message: string, path: string[], severity: number }[]}
 */
function lint(file) {
  const spectral = spawnSync(
    join(ROOT, 'node_modules/.bin/spectral'),
    ['lint', '--quiet', '--format', 'json', '--ruleset', join(ROOT, '.spectral.yaml'), file],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  try {
    return JSON.parse(spectral.stdout);
  } catch {
    // Not a report: Spectral itself failed (a broken ruleset or document).
    throw new Error(
      `spectral failed (exit ${spectral.status}):\n${spectral.stdout}${spectral.stderr}`,
    );
  }
}

// Inside the repository: the ruleset's overrides name parts of documents by globs relative to it.
mkdirSync(join(ROOT, 'tmp'), { recursive: true });
const dir = mkdtempSync(join(ROOT, 'tmp', 'openapi-lint-'));
try {
  const file = join(dir, 'openapi.json');
  const source = process.argv[2];
  if (source === undefined) writeFileSync(file, await servedDocument());
  else copyFileSync(source, file);
  const results = lint(file);
  const counts = SEVERITIES.map((_, severity) => results.filter((r) => r.severity === severity));
  for (const result of results) {
    console.log(
      `${SEVERITIES[result.severity]}  ${result.code}  ${result.path.join('.')}  ${result.message}`,
    );
  }
  const summary = SEVERITIES.map((name, i) => `${counts[i]?.length ?? 0} ${name}s`).join(', ');
  console.log(`spectral (.spectral.yaml): ${results.length} problems (${summary})`);
  const failing = counts.slice(0, FAILING).flat().length;
  process.exitCode = failing === 0 ? 0 : 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
