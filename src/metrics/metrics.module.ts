import { Global, Module } from '@nestjs/common';
import { HttpMetricsHook } from './http-metrics.hook';
import { MetricsController } from './metrics.controller';
import { Metrics } from './metrics.service';

/** Global: any module may inject {@link Metrics} to count what it does. */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [Metrics, HttpMetricsHook],
  exports: [Metrics],
})
export class MetricsModule {}
