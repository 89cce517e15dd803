import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './server-process';

const run = promisify(execFile);

const BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

/** The uid/gid of the `postgres` user, when this process is root (initdb refuses root). */
async function postgresOwner(): Promise<{ uid: number; gid: number } | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const [uid, gid] = await Promise.all([
    run('id', ['-u', 'postgres']),
    run('id', ['-g', 'postgres']),
  ]);
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

export interface PrivatePostgres {
  url: string;
  port: number;
  start: () => Promise<void>;
  /** `fast`: connections are terminated (57P01); `immediate`: the server dies as in a crash. */
  stop: (mode?: 'fast' | 'immediate') => Promise<void>;
  /** Stops the server if it runs and deletes its directory; safe to call more than once. */
  destroy: () => Promise<void>;
}

/**
 * A PostgreSQL server of the test's own, in a temporary directory on a free port, so a test may
 * stop and restart it (the machine's shared server on 5432 is never touched). As root, the
 * server's binaries run as the `postgres` user (`runuser`), which owns the directory.
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'event-manager-pg-'));
  const data = join(dir, 'data');
  const owner = await postgresOwner();
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const pg = (tool: string, args: string[]) =>
    owner
      ? run('runuser', ['-u', 'postgres', '--', join(BIN, tool), ...args])
      : run(join(BIN, tool), args);
  const port = await freePort();
  let running = false;
  const server: PrivatePostgres = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    start: async () => {
      const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
      await pg('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', 'start']);
      running = true;
    },
    stop: async (mode = 'fast') => {
      await pg('pg_ctl', ['-D', data, '-m', mode, '-w', 'stop']);
      running = false;
    },
    destroy: async () => {
      if (running || existsSync(join(data, 'postmaster.pid'))) {
        await server.stop('immediate').catch(() => undefined);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await pg('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
    await server.start();
  } catch (error) {
    await server.destroy();
    throw error;
  }
  return server;
}
