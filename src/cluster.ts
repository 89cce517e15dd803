import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import { Env, readProcessEnv } from './config/env.schema';
import { createDataSource } from './database/data-source';

/**
 * One machine, several cores: a primary applies the migrations once, then forks workers that
 * each run the whole API (they share the listening socket). Everything they share lives in
 * PostgreSQL (and Redis for rate limits), so any worker can answer any request.
 *
 * PostgreSQL only. SQLite stays one process: it has a single writer, so workers would queue on
 * its write lock (or fail with SQLITE_BUSY), and the database adapter's transaction mutex is per
 * process (see docs/architecture.md).
 */
export async function runClusterPrimary(env: Env, workers: number): Promise<void> {
  if (env.dbType !== 'postgres') {
    throw new Error(
      'Cluster mode needs DB_TYPE=postgres: SQLite is one process with a single writer (see README, Deploying).',
    );
  }
  if (env.migrateOnBoot) {
    const dataSource = createDataSource(env);
    await dataSource.initialize(); // applies pending migrations, once, before any worker starts
    await dataSource.destroy();
  }
  let stopping = false;
  const fork = () => cluster.fork({ DB_MIGRATE: 'false', CLUSTER_WORKERS: '0' });
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    console.error(`worker ${worker.process.pid} exited (${signal ?? code}); starting another`);
    fork();
  });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      stopping = true;
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    });
  }
  for (let i = 0; i < workers; i += 1) fork();
  console.log(`cluster primary ${process.pid}: ${workers} workers`);
}

/** `npm run start:cluster`: CLUSTER_WORKERS workers, or one per core. */
if (require.main === module) {
  const env = readProcessEnv();
  runClusterPrimary(env, env.clusterWorkers || availableParallelism()).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
