// Starting and stopping the servers under test: a free loopback port, readiness by polling
// /api/health, SIGTERM to stop (so `--cpu-prof` profiles get written).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export const HOST = '127.0.0.1';

/** The servers started and not stopped yet: `killAll` ends them when the bench is interrupted. */
const running = new Set();
export function killAll() {
  for (const child of running) child.kill('SIGTERM');
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, HOST, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Spawns `node <args>` with `env` added to the environment and waits until GET /api/health
 * answers 200. stdout goes to /dev/null unless `stdout` is given (pino writes request logs
 * there at LOG_LEVEL=info: the cost of producing them is measured, not of a terminal).
 */
export async function startServer({ name, args, env, cwd, stdout = 'ignore', timeoutMs = 60_000 }) {
  const port = await freePort();
  const child = spawn(process.execPath, args, {
    cwd,
    env: { ...process.env, ...env, HOST, PORT: String(port) },
    stdio: ['ignore', stdout, 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk.toString()).slice(-20_000);
  });
  let exited = null;
  running.add(child);
  child.on('exit', (code, signal) => {
    exited = { code, signal };
    running.delete(child);
  });
  const url = `http://${HOST}:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) {
      throw new Error(`${name} exited during startup (${JSON.stringify(exited)}):\n${stderr}`);
    }
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} did not become healthy within ${timeoutMs} ms:\n${stderr}`);
    }
    await sleep(100);
  }
  return {
    name,
    url,
    pid: child.pid,
    stderr: () => stderr,
    /** CPU time the process has used so far (user + system, ms); undefined off Linux. */
    cpuMs: () => cpuMs(child.pid),
    /** Resolves to the exit status; `early` when the process died before being asked to. */
    async stop() {
      if (exited) return { ...exited, early: true };
      const done = new Promise((resolve) =>
        child.once('exit', (code, signal) => resolve({ code, signal })),
      );
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const result = await done;
      clearTimeout(timer);
      return { ...result, early: false };
    },
  };
}

/** Clock ticks per second of /proc's times (USER_HZ: 100 on every Linux this runs on). */
const TICKS_PER_SECOND = 100;

/** utime + stime of `pid` from /proc/<pid>/stat, in ms; undefined where there is no /proc. */
export function cpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // After the command's closing parenthesis: state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}
