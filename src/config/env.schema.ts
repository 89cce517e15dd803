import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  bool,
  delays,
  ConfigError,
  developmentSecrets,
  integer,
  mailFrom,
  oneOf,
  optionalToken,
  publicUrl,
  secret,
  smtpUrl,
} from './env-values';

/** The validated, typed configuration: the only view of the environment the app has. */
export interface Env {
  nodeEnv: 'development' | 'production' | 'test';
  host: string;
  port: number;
  dbType: 'sqlite' | 'postgres';
  dbPath: string;
  databaseUrl: string | undefined;
  jwtAccessSecret: string;
  jwtRefreshSecret: string;
  jwtAccessTtl: number;
  jwtRefreshTtl: number;
  authRateLimit: number;
  /** Requests per minute per user with a valid access token; 0 = no per-user limit. */
  apiRateLimit: number;
  redisUrl: string | undefined;
  corsOrigins: string[];
  trustProxy: boolean;
  logLevel: string;
  /** Apply pending migrations at boot (off for instances when migrations are a deploy step). */
  migrateOnBoot: boolean;
  /** Worker processes of the cluster mode; 0 = one process, no cluster. */
  clusterWorkers: number;
  /** SQLite `synchronous` in WAL mode: NORMAL survives process crashes, FULL also power loss. */
  sqliteSynchronous: 'NORMAL' | 'FULL';
  /** Bearer token of `GET /api/metrics`; unset, the endpoint is off (404). */
  metricsToken: string | undefined;
  /** The web app's address without a trailing slash: links and calendar UIDs, never a Host header. */
  publicUrl: string;
  /** `GET /events` counts `total` up to this many matches; past it `totalRelation` is "gte". */
  listTotalLimit: number;
  /** Seconds to wait before each retry of a webhook delivery; after the last, it failed. */
  webhookRetrySchedule: number[];
  /** Lets webhooks reach private and loopback addresses (development and tests only). */
  webhookAllowPrivateNetworks: boolean;
  /** The mail relay (`smtp://` or `smtps://`); unset, mails are written to the log. */
  smtpUrl: string | undefined;
  /** The `From` of every mail. */
  mailFrom: string;
  /** Seconds before `startsAt` that attendees are reminded. */
  reminderLead: number;
}

export type RawEnv = Record<string, string | undefined>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Validates every variable of the contract; a bad value stops the process with a clear message. */
export function validateEnv(raw: RawEnv): Env {
  const nodeEnv = oneOf(
    'NODE_ENV',
    raw.NODE_ENV,
    ['development', 'production', 'test'],
    'development',
  );
  const dbType = oneOf('DB_TYPE', raw.DB_TYPE, ['sqlite', 'postgres'], 'sqlite');
  const dbPath = raw.DB_PATH || join('data', 'events.sqlite');
  const databaseUrl = raw.DATABASE_URL || undefined;
  if (dbType === 'postgres' && !databaseUrl) {
    throw new ConfigError('DATABASE_URL is required when DB_TYPE=postgres');
  }
  const jwtAccessTtl = integer('JWT_ACCESS_TTL', raw.JWT_ACCESS_TTL, 3600, 1, 31_536_000);
  const jwtRefreshTtl = integer('JWT_REFRESH_TTL', raw.JWT_REFRESH_TTL, 86_400, 1, 31_536_000);

  let access = secret('JWT_ACCESS_SECRET', raw.JWT_ACCESS_SECRET, nodeEnv);
  let refresh = secret('JWT_REFRESH_SECRET', raw.JWT_REFRESH_SECRET, nodeEnv);
  if (access === undefined || refresh === undefined) {
    const dataDir = dbPath === ':memory:' ? 'data' : dirname(dbPath);
    const generated = developmentSecrets(dataDir);
    access ??= generated.access;
    refresh ??= generated.refresh;
  }
  if (access === refresh) {
    throw new ConfigError('JWT_ACCESS_SECRET and JWT_REFRESH_SECRET must differ');
  }

  const host = raw.HOST || '127.0.0.1';
  const port = integer('PORT', raw.PORT, 3000, 0, 65_535);
  return {
    nodeEnv,
    host,
    port,
    dbType,
    dbPath,
    databaseUrl,
    jwtAccessSecret: access,
    jwtRefreshSecret: refresh,
    jwtAccessTtl,
    jwtRefreshTtl,
    authRateLimit: integer('AUTH_RATE_LIMIT', raw.AUTH_RATE_LIMIT, 20, 0, 1_000_000),
    apiRateLimit: integer('API_RATE_LIMIT', raw.API_RATE_LIMIT, 600, 0, 1_000_000),
    redisUrl: raw.REDIS_URL || undefined,
    corsOrigins: (raw.CORS_ORIGIN ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    trustProxy: bool('TRUST_PROXY', raw.TRUST_PROXY),
    logLevel: oneOf('LOG_LEVEL', raw.LOG_LEVEL, LOG_LEVELS, nodeEnv === 'test' ? 'silent' : 'info'),
    migrateOnBoot:
      raw.DB_MIGRATE === undefined || raw.DB_MIGRATE === '' || bool('DB_MIGRATE', raw.DB_MIGRATE),
    clusterWorkers: integer('CLUSTER_WORKERS', raw.CLUSTER_WORKERS, 0, 0, 64),
    sqliteSynchronous: oneOf('DB_SYNCHRONOUS', raw.DB_SYNCHRONOUS, ['NORMAL', 'FULL'], 'NORMAL'),
    metricsToken: optionalToken('METRICS_TOKEN', raw.METRICS_TOKEN),
    publicUrl: publicUrl(raw.PUBLIC_URL, host, port),
    listTotalLimit: integer('LIST_TOTAL_LIMIT', raw.LIST_TOTAL_LIMIT, 10_000, 1, 100_000_000),
    webhookRetrySchedule: delays(
      'WEBHOOK_RETRY_SCHEDULE',
      raw.WEBHOOK_RETRY_SCHEDULE,
      [5, 300, 1800, 7200, 18000, 36000, 36000],
    ),
    webhookAllowPrivateNetworks: bool(
      'WEBHOOK_ALLOW_PRIVATE_NETWORKS',
      raw.WEBHOOK_ALLOW_PRIVATE_NETWORKS,
    ),
    smtpUrl: smtpUrl(raw.SMTP_URL),
    mailFrom: mailFrom(raw.MAIL_FROM),
    reminderLead: integer('REMINDER_LEAD', raw.REMINDER_LEAD, 86_400, 0, 31_536_000),
  };
}

/** The process environment (plus `.env` when present), validated; for scripts outside Nest. */
export function readProcessEnv(): Env {
  if (existsSync('.env')) process.loadEnvFile('.env');
  return validateEnv(process.env);
}
