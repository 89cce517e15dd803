import cluster from 'node:cluster';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { configureApp } from './app.setup';
import { createFastifyAdapter } from './common/http/fastify-adapter';
import { registerSecurityHeaders } from './common/http/security-headers';
import { runClusterPrimary } from './cluster';
import { Env, readProcessEnv } from './config/env.schema';

async function bootstrap(env: Env): Promise<void> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(),
    createFastifyAdapter({ trustProxy: env.trustProxy }),
    { bufferLogs: true, bodyParser: false },
  );
  registerSecurityHeaders(app);
  configureApp(app);
  await app.listen(env.port, env.host);
  console.log(`Event manager API on http://${env.host}:${env.port}/api (docs: /api/docs)`);
}

function main(): Promise<void> {
  const env = readProcessEnv();
  if (env.clusterWorkers > 1 && cluster.isPrimary) {
    return runClusterPrimary(env, env.clusterWorkers);
  }
  return bootstrap(env);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
