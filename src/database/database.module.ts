import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ENV } from '../config/config.module';
import { Env } from '../config/env.schema';
import { dataSourceOptions } from './data-source';
import { Sql } from './sql';

/** TypeORM over the configured database; migrations run at boot, `synchronize` never. */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [ENV],
      useFactory: (env: Env) => dataSourceOptions(env),
    }),
  ],
  providers: [Sql],
  exports: [Sql],
})
export class DatabaseModule {}
