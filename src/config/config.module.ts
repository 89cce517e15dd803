import { DynamicModule, Global, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { Env, RawEnv, validateEnv } from './env.schema';

/** Injection token for the validated {@link Env}. */
export const ENV = Symbol('ENV');

/**
 * @nestjs/config reads `.env` and the process environment, `validateEnv` checks them, and the
 * typed result is provided as {@link ENV}. `overrides` lets tests boot several differently
 * configured apps in one process without touching `process.env`.
 */
@Global()
@Module({})
export class AppConfigModule {
  static forRoot(overrides: RawEnv = {}): DynamicModule {
    return {
      module: AppConfigModule,
      imports: [
        ConfigModule.forRoot({
          ignoreEnvFile: overrides.NODE_ENV === 'test',
          // Nested under one key so @nestjs/config does not copy values back into process.env.
          validate: (raw: RawEnv) => ({ app: validateEnv({ ...raw, ...overrides }) }),
        }),
      ],
      providers: [
        {
          provide: ENV,
          useFactory: (config: ConfigService) => config.getOrThrow<Env>('app'),
          inject: [ConfigService],
        },
      ],
      exports: [ENV],
    };
  }
}
