import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ENV } from '../config/config.module';
import { Env } from '../config/env.schema';
import { dataSourceOptions } from './data-source';

/** TypeORM over the configured database; migrations run at boot, `synchronize` never. */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [ENV],
      useFactory: (env: Env) => dataSourceOptions(env),
    }),
  ],
})
export class DatabaseModule {}
