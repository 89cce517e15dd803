import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

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
}

export type RawEnv = Record<string, string | undefined>;

export const MIN_SECRET_LENGTH = 32;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

function oneOf<T extends string>(
  name: string,
  value: string | undefined,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined || value === '') return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new ConfigError(`${name} must be one of ${allowed.join(', ')} (got "${value}")`);
}

function integer(
  name: string,
  value: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined || value === '') return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max} (got "${value}")`);
  }
  return Number(value);
}

function bool(name: string, value: string | undefined): boolean {
  if (value === undefined || value === '' || value === 'false' || value === '0') return false;
  if (value === 'true' || value === '1') return true;
  throw new ConfigError(`${name} must be true or false (got "${value}")`);
}

/**
 * Development convenience: secrets missing from the environment are generated once and kept
 * next to the database (mode 0600), so tokens survive restarts without any setup.
 */
function developmentSecrets(dataDir: string): { access: string; refresh: string } {
  const file = join(dataDir, 'dev-secrets.json');
  if (existsSync(file)) {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as {
      access?: unknown;
      refresh?: unknown;
    };
    if (typeof parsed.access === 'string' && typeof parsed.refresh === 'string') {
      return { access: parsed.access, refresh: parsed.refresh };
    }
  }
  const secrets = {
    access: randomBytes(48).toString('base64url'),
    refresh: randomBytes(48).toString('base64url'),
  };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2) + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
  return secrets;
}

function secret(
  name: string,
  value: string | undefined,
  nodeEnv: Env['nodeEnv'],
): string | undefined {
  if (value === undefined || value === '') {
    if (nodeEnv === 'production') {
      throw new ConfigError(
        `${name} is required in production (at least ${MIN_SECRET_LENGTH} characters)`,
      );
    }
    return undefined;
  }
  if (value.length < MIN_SECRET_LENGTH) {
    throw new ConfigError(`${name} must be at least ${MIN_SECRET_LENGTH} characters long`);
  }
  return value;
}

/** An optional credential: unset is fine, a short one is refused like a short JWT secret. */
function optionalToken(name: string, value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (value.length < MIN_SECRET_LENGTH) {
    throw new ConfigError(`${name} must be at least ${MIN_SECRET_LENGTH} characters long`);
  }
  return value;
}

/** `PUBLIC_URL`: an http(s) address without credentials, query or fragment; default the listener. */
function publicUrl(value: string | undefined, host: string, port: number): string {
  const fallback = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let url: URL;
  try {
    url = new URL(value || fallback);
  } catch {
    throw new ConfigError(`PUBLIC_URL must be an absolute http(s) URL (got "${value}")`);
  }
  if (!['http:', 'https:'].includes(url.protocol) || url.username || url.password) {
    throw new ConfigError(`PUBLIC_URL must be an http(s) URL without credentials (got "${value}")`);
  }
  if (url.search || url.hash) {
    throw new ConfigError(`PUBLIC_URL must not have a query or a fragment (got "${value}")`);
  }
  return url.href.replace(/\/+$/, '');
}

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
  };
}

/** The process environment (plus `.env` when present), validated; for scripts outside Nest. */
export function readProcessEnv(): Env {
  if (existsSync('.env')) process.loadEnvFile('.env');
  return validateEnv(process.env);
}
