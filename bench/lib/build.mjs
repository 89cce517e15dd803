// Others may rebuild dist/ while the bench runs: the bench builds its own copy (the same
// `nest build`, the same swagger plugin) under bench/results/, where Node still resolves the
// repository's node_modules.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

/**
 * Returns the entry point to run and a cleanup; `dist/main.js` as is when `build` is false, or
 * `<dist>/main.js` when `dist` is given (another commit's build, for a before/after in one session).
 */
export function buildProject({ root, build, dist, log }) {
  if (dist) return { main: resolve(root, dist, 'main.js'), remove: () => {} };
  if (!build) return { main: join(root, 'dist', 'main.js'), remove: () => {} };
  const dir = join(root, 'bench', 'results', `.build-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const tsconfig = join(dir, 'tsconfig.json');
  writeFileSync(
    tsconfig,
    JSON.stringify({
      extends: '../../../tsconfig.build.json',
      compilerOptions: { outDir: './dist' },
    }),
  );
  log('npx nest build');
  // The Nest CLI wants the tsconfig path relative to the project.
  const result = spawnSync('npx', ['nest', 'build', '--path', relative(root, tsconfig)], {
    cwd: root,
    stdio: ['ignore', 2, 2],
  });
  const remove = () => rmSync(dir, { recursive: true, force: true });
  if (result.status !== 0) {
    remove();
    throw new Error('nest build failed');
  }
  return { main: join(dir, 'dist', 'main.js'), remove };
}

/**
 * The production server's environment, as the issue specifies it, on `database` (see
 * databases.mjs); `workers` > 1 is the cluster mode (PostgreSQL only).
 */
export function projectEnv({
  database,
  secrets,
  logLevel = 'warn',
  workers = 0,
  apiRateLimit = 0,
}) {
  return {
    NODE_ENV: 'production',
    ...database.projectEnv,
    CLUSTER_WORKERS: String(workers),
    JWT_ACCESS_SECRET: secrets.access,
    JWT_REFRESH_SECRET: secrets.refresh,
    AUTH_RATE_LIMIT: '0',
    // Off: 50 connections over a few users would spend a budget of 600 a minute within seconds.
    // The scenarios named `…-limited` measure it on (a second server, see run.mjs).
    API_RATE_LIMIT: String(apiRateLimit),
    // The webhook pairs' receiver listens on loopback.
    WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
    LOG_LEVEL: logLevel,
  };
}
