// `npm run lint:openapi`: lints the OpenAPI document that the built API serves at /api/docs-json
// with Spectral and the repository's ruleset (.spectral.yaml: spectral:oas plus the OWASP API
// Security rules, stock, nothing switched off). A finding passes only when the document itself
// justifies it: a `description` on the flagged part or on one that contains it names the rule in
// backticks (`owasp:api1:2023-no-numeric-ids`) and says why. Any other finding fails, whatever
// its severity (docs/openapi.md). `node scripts/lint-openapi.mjs FILE` lints a saved document
// instead of booting the server.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, startApi } from '../client/scripts/api-server.mjs';

// Spectral's numeric severities, most severe first.
const SEVERITIES = ['error', 'warning', 'info', 'hint'];

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

/**
 * Whether a description on the flagged node, or on a node that contains it, names the rule: the
 * document's own justification of the finding. `$ref`s on the way are followed.
 * @param {unknown} document
 * @param {{ code: string, path: (string | number)[] }} result
 */
function justified(document, result) {
  const mark = `\`${result.code}\``;
  let node = document;
  const nodes = [node];
  for (const key of result.path) {
    if (node === null || typeof node !== 'object') break;
    const ref = /** @type {{ $ref?: unknown }} */ (node).$ref;
    if (typeof ref === 'string' && ref.startsWith('#/')) node = resolve(document, ref);
    node = /** @type {Record<string, unknown>} */ (node)?.[key];
    nodes.push(node);
  }
  return nodes.some((n) => {
    const description = n !== null && typeof n === 'object' ? n.description : undefined;
    return typeof description === 'string' && description.includes(mark);
  });
}

/** @param {unknown} document @param {string} ref a local reference, `#/a/b` */
function resolve(document, ref) {
  return ref
    .slice(2)
    .split('/')
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce((node, key) => /** @type {Record<string, unknown>} */ (node)?.[key], document);
}

// Inside the repository: the ruleset's overrides name parts of documents by globs relative to it.
mkdirSync(join(ROOT, 'tmp'), { recursive: true });
const dir = mkdtempSync(join(ROOT, 'tmp', 'openapi-lint-'));
try {
  const file = join(dir, 'openapi.json');
  const source = process.argv[2];
  if (source === undefined) writeFileSync(file, await servedDocument());
  else copyFileSync(source, file);
  const document = JSON.parse(readFileSync(file, 'utf8'));
  const results = lint(file);
  const open = results.filter((result) => !justified(document, result));
  const counts = SEVERITIES.map((_, severity) => open.filter((r) => r.severity === severity));
  for (const result of open) {
    console.log(
      `${SEVERITIES[result.severity]}  ${result.code}  ${result.path.join('.')}  ${result.message}`,
    );
  }
  /** @type {Map<string, number>} */
  const byRule = new Map();
  for (const { code } of results.filter((result) => !open.includes(result))) {
    byRule.set(code, (byRule.get(code) ?? 0) + 1);
  }
  for (const [code, count] of [...byRule].sort()) console.log(`justified  ${code}  ${count}`);
  const summary = SEVERITIES.map((name, i) => `${counts[i]?.length ?? 0} ${name}s`).join(', ');
  console.log(
    `spectral (.spectral.yaml): ${results.length} findings, ${results.length - open.length} ` +
      `justified in the document; ${open.length} problems (${summary})`,
  );
  process.exitCode = open.length === 0 ? 0 : 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
