import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { configureApp, createFastifyAdapter, registerSecurityHeaders } from './app.setup';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(),
    createFastifyAdapter(),
    {
      bufferLogs: true,
      bodyParser: false,
    },
  );
  await registerSecurityHeaders(app);
  const env = configureApp(app);
  await app.listen(env.port, env.host);
  app.getHttpAdapter().getInstance().log.info?.(`listening on http://${env.host}:${env.port}`);
  console.log(`Event manager API on http://${env.host}:${env.port}/api (docs: /api/docs)`);
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
