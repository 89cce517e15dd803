import { Global, Module } from '@nestjs/common';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ENV } from '../config/config.module';
import { Env } from '../config/env.schema';
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
      inject: [getDataSourceToken()],
      useFactory: (dataSource: DataSource) => openDatabase(dataSource),
    },
  ],
  exports: [Database],
})
export class DatabaseModule {}
