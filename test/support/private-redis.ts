import { ChildProcess, spawn } from 'node:child_process';
import { connect } from 'node:net';
import { freePort } from './server-process';

export interface PrivateRedis {
  url: string;
  /** Starts (again) on the same port; resolves once it accepts connections. */
  start: () => Promise<void>;
  /** SIGKILL: gone at once, as a crashed or unreachable Redis is. */
  kill: () => Promise<void>;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** A Redis of the test's own on a free port, in memory only (no RDB, no AOF). */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const redis: PrivateRedis = {
    url: `redis://127.0.0.1:${port}`,
    start: async () => {
      child = spawn(
        'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
        { stdio: 'ignore' },
      );
      const deadline = Date.now() + 5_000;
      while (!(await accepts(port))) {
        if (Date.now() > deadline || child.exitCode !== null) {
          throw new Error(`redis-server did not start on port ${port}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    kill: () =>
      new Promise((resolve) => {
        if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
  await redis.start();
  return redis;
}
