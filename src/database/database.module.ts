import { Global, Module } from '@nestjs/common';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ENV } from '../config/config.module';
import { Env } from '../config/env.schema';
import { Metrics } from '../metrics/metrics.service';
import { Database } from './database';
import { dataSourceOptions, openDatabase } from './data-source';

/**
 * TypeORM owns the connection, the entities and the migrations (run at boot, `synchronize`
 * never); every query of the services goes through the `Database` port on that connection.
 */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [ENV],
      useFactory: (env: Env) => dataSourceOptions(env),
    }),
  ],
  providers: [
    {
      provide: Database,
      inject: [getDataSourceToken(), Metrics],
      useFactory: (dataSource: DataSource, metrics: Metrics) =>
        openDatabase(
          dataSource,
          metrics.enabled ? (seconds) => metrics.observeQuery(seconds) : () => undefined,
        ),
    },
  ],
  exports: [Database],
})
export class DatabaseModule {}
