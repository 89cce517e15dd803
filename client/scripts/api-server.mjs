// Boots the built API (`dist/main.js`) on a free loopback port with a throwaway SQLite file,
// for the scripts that need a live server: type generation and the browser test.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');

/** @returns {Promise<number>} a port nobody listens on right now */
function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * @param {Record<string, string>} [env] extra environment for the server
 * @returns {Promise<{ url: string, stop: () => Promise<void>, log: () => string }>}
 */
export async function startApi(env = {}) {
  const main = join(ROOT, 'dist/main.js');
  if (!existsSync(main)) throw new Error('dist/main.js is missing: run `npm run build` first');
  const dir = mkdtempSync(join(tmpdir(), 'event-manager-web-'));
  const port = await freePort();
  const child = spawn(process.execPath, [main], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      PORT: String(port),
      DB_TYPE: 'sqlite',
      DB_PATH: join(dir, 'web.sqlite'),
      AUTH_RATE_LIMIT: '0',
      API_RATE_LIMIT: '0',
      JWT_ACCESS_SECRET: 'web-test-access-secret-0123456789abcdefghij',
      JWT_REFRESH_SECRET: 'web-test-refresh-secret-0123456789abcdefghij',
      ...env,
    },
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += String(chunk)));
  child.stderr.on('data', (chunk) => (output += String(chunk)));
  const exited = new Promise((resolveExit) => child.once('exit', resolveExit));

  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`the API exited with code ${child.exitCode}:\n${output}`);
    }
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the API did not become healthy within 30 s:\n${output}`);
    }
    await new Promise((wait) => setTimeout(wait, 100));
  }
  return { url, stop, log: () => output };
}
