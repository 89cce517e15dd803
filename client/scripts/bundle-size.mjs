// Run by `npm run build:client` after Vite: prints the gzipped size of the app's JavaScript and
// fails the build when it is over the budget the README names.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT } from './api-server.mjs';

/**
 * kB (1000 bytes) of gzipped JavaScript: 128.7 at the React Router + TanStack Query move, +20%
 * (154), plus 16 for the check-in page's QR scanner (two chunks loaded only when the camera starts).
 */
export const BUDGET_KB = 170;

const assets = join(ROOT, 'client/dist/assets');
const scripts = readdirSync(assets).filter((name) => name.endsWith('.js'));
let raw = 0;
let gzipped = 0;
for (const name of scripts) {
  const bytes = readFileSync(join(assets, name));
  raw += bytes.length;
  gzipped += gzipSync(bytes, { level: 9 }).length;
}
const kb = (/** @type {number} */ n) => (n / 1000).toFixed(1);
console.log(
  `JavaScript: ${kb(gzipped)} kB gzipped (${kb(raw)} kB raw, ${scripts.length} file(s)); budget ${BUDGET_KB} kB`,
);
if (gzipped / 1000 > BUDGET_KB) {
  console.error(`over the budget of ${BUDGET_KB} kB gzipped: see the README before raising it`);
  process.exit(1);
}
