import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, MIN_SECRET_LENGTH } from './env-values';
import { RawEnv, validateEnv } from './env.schema';

const SECRETS = {
  JWT_ACCESS_SECRET: 'a'.repeat(MIN_SECRET_LENGTH),
  JWT_REFRESH_SECRET: 'r'.repeat(MIN_SECRET_LENGTH),
};

const valid = (raw: RawEnv = {}) => validateEnv({ NODE_ENV: 'test', ...SECRETS, ...raw });

function configError(raw: RawEnv): string {
  try {
    valid(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error(`accepted ${JSON.stringify(raw)}`);
}

describe('validateEnv', () => {
  it('applies the documented defaults', () => {
    expect(valid()).toMatchObject({
      nodeEnv: 'test',
      host: '127.0.0.1',
      port: 3000,
      dbType: 'sqlite',
      dbPath: join('data', 'events.sqlite'),
      databaseUrl: undefined,
      jwtAccessSecret: SECRETS.JWT_ACCESS_SECRET,
      jwtRefreshSecret: SECRETS.JWT_REFRESH_SECRET,
      jwtAccessTtl: 3600,
      jwtRefreshTtl: 86_400,
      authRateLimit: 20,
      redisUrl: undefined,
      corsOrigins: [],
      trustProxy: false,
      logLevel: 'silent',
      metricsToken: undefined,
      listTotalLimit: 10_000,
    });
  });

  it('defaults NODE_ENV to development, which logs at info', () => {
    const env = validateEnv({ ...SECRETS });
    expect(env).toMatchObject({ nodeEnv: 'development', logLevel: 'info' });
  });

  it('reads every variable it is given', () => {
    const env = valid({
      HOST: '0.0.0.0',
      PORT: '8080',
      DB_TYPE: 'postgres',
      DATABASE_URL: 'postgres://db/events',
      JWT_ACCESS_TTL: '60',
      JWT_REFRESH_TTL: '120',
      AUTH_RATE_LIMIT: '5',
      API_RATE_LIMIT: '50',
      REDIS_URL: 'redis://cache:6379',
      CORS_ORIGIN: ' https://a.example , https://b.example,',
      TRUST_PROXY: 'true',
      LOG_LEVEL: 'debug',
      LIST_TOTAL_LIMIT: '5',
    });
    expect(env).toMatchObject({
      host: '0.0.0.0',
      port: 8080,
      dbType: 'postgres',
      databaseUrl: 'postgres://db/events',
      jwtAccessTtl: 60,
      jwtRefreshTtl: 120,
      authRateLimit: 5,
      apiRateLimit: 50,
      redisUrl: 'redis://cache:6379',
      corsOrigins: ['https://a.example', 'https://b.example'],
      trustProxy: true,
      logLevel: 'debug',
      listTotalLimit: 5,
    });
  });

  it('treats empty values as unset', () => {
    expect(
      valid({ PORT: '', JWT_ACCESS_TTL: '', AUTH_RATE_LIMIT: '', API_RATE_LIMIT: '', DB_TYPE: '' }),
    ).toMatchObject({
      port: 3000,
      jwtAccessTtl: 3600,
      authRateLimit: 20,
      apiRateLimit: 600,
      dbType: 'sqlite',
    });
  });

  it('accepts AUTH_RATE_LIMIT=0 and API_RATE_LIMIT=0, which turn those limits off', () => {
    expect(valid({ AUTH_RATE_LIMIT: '0' }).authRateLimit).toBe(0);
    expect(valid({ API_RATE_LIMIT: '0' }).apiRateLimit).toBe(0);
  });

  it.each([
    ['JWT_ACCESS_TTL', '0'],
    ['JWT_ACCESS_TTL', '-5'],
    ['JWT_ACCESS_TTL', '1.5'],
    ['JWT_ACCESS_TTL', '1e3'],
    ['JWT_ACCESS_TTL', 'one hour'],
    ['JWT_ACCESS_TTL', '31536001'],
    ['JWT_REFRESH_TTL', '0'],
    ['JWT_REFRESH_TTL', ' 60'],
    ['AUTH_RATE_LIMIT', '-1'],
    ['AUTH_RATE_LIMIT', 'ten'],
    ['API_RATE_LIMIT', '-1'],
    ['API_RATE_LIMIT', '1.5'],
    ['API_RATE_LIMIT', '1000001'],
    ['LIST_TOTAL_LIMIT', '0'],
    ['LIST_TOTAL_LIMIT', '1e4'],
    ['LIST_TOTAL_LIMIT', '100000001'],
    ['PORT', '65536'],
    ['PORT', '80a'],
  ])('refuses %s=%j with a message naming the variable', (name, value) => {
    expect(configError({ [name]: value })).toContain(`${name} must be an integer`);
  });

  it('reads the webhook retry schedule and the private-network switch', () => {
    expect(valid()).toMatchObject({
      webhookRetrySchedule: [5, 300, 1800, 7200, 18000, 36000, 36000],
      webhookAllowPrivateNetworks: false,
    });
    expect(
      valid({ WEBHOOK_RETRY_SCHEDULE: '0, 1,86400', WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' }),
    ).toMatchObject({ webhookRetrySchedule: [0, 1, 86400], webhookAllowPrivateNetworks: true });
  });

  it.each(['5,,10', '-1', '1.5', '86401', 'soon', Array(21).fill('1').join(',')])(
    'refuses WEBHOOK_RETRY_SCHEDULE=%j with a message naming the variable',
    (value) => {
      expect(configError({ WEBHOOK_RETRY_SCHEDULE: value })).toContain('WEBHOOK_RETRY_SCHEDULE');
    },
  );

  it('reads the mail settings: no relay, the default sender and a day of reminder lead', () => {
    expect(valid()).toMatchObject({
      smtpUrl: undefined,
      mailFrom: 'Event manager <no-reply@localhost>',
      reminderLead: 86_400,
    });
    expect(
      valid({
        SMTP_URL: 'smtps://user:p%40ss@smtp.example.com:465',
        MAIL_FROM: 'Events <events@example.com>',
        REMINDER_LEAD: '0',
      }),
    ).toMatchObject({
      smtpUrl: 'smtps://user:p%40ss@smtp.example.com:465',
      mailFrom: 'Events <events@example.com>',
      reminderLead: 0,
    });
    expect(valid({ MAIL_FROM: 'events@example.com' }).mailFrom).toBe('events@example.com');
  });

  it.each(['http://smtp.example.com', 'smtp://:25', 'smtp.example.com:25', 'mailto:a@b.c'])(
    'refuses SMTP_URL=%j without repeating it (it may hold a password)',
    (value) => {
      const message = configError({ SMTP_URL: value });
      expect(message).toContain('SMTP_URL must be an smtp:// or smtps:// URL');
      expect(message).not.toContain(value);
    },
  );

  it.each(['Events <a@b.c>\r\nBcc: x@y.z', 'not an address', 'a@b.c, d@e.f', 'A <a@b.c'])(
    'refuses MAIL_FROM=%j',
    (value) => {
      expect(configError({ MAIL_FROM: value })).toContain('MAIL_FROM must be one address');
    },
  );

  it.each([
    ['NODE_ENV', 'staging'],
    ['DB_TYPE', 'mysql'],
    ['LOG_LEVEL', 'verbose'],
    ['TRUST_PROXY', 'yes'],
  ])('refuses %s=%j', (name, value) => {
    expect(configError({ [name]: value })).toContain(name);
  });

  it('defaults PUBLIC_URL to the listener and keeps a given one without its trailing slash', () => {
    expect(valid().publicUrl).toBe('http://127.0.0.1:3000');
    expect(valid({ HOST: '::1', PORT: '8080' }).publicUrl).toBe('http://[::1]:8080');
    expect(valid({ PUBLIC_URL: 'https://events.example.com/app/' }).publicUrl).toBe(
      'https://events.example.com/app',
    );
  });

  it.each([
    'events.example.com',
    'ftp://example.com',
    'https://u:p@example.com',
    'https://x.y/?a=1',
  ])('refuses PUBLIC_URL=%j', (value) => {
    expect(configError({ PUBLIC_URL: value })).toContain('PUBLIC_URL');
  });

  it('requires DATABASE_URL for PostgreSQL', () => {
    expect(configError({ DB_TYPE: 'postgres' })).toBe(
      'DATABASE_URL is required when DB_TYPE=postgres',
    );
  });

  it.each(['JWT_ACCESS_SECRET', 'JWT_REFRESH_SECRET'])(
    'refuses to start in production without %s',
    (name) => {
      const message = configError({ NODE_ENV: 'production', [name]: undefined });
      expect(message).toBe(`${name} is required in production (at least 32 characters)`);
    },
  );

  it.each(['production', 'development'])(
    'refuses a secret shorter than 32 characters in %s',
    (nodeEnv) => {
      const message = configError({ NODE_ENV: nodeEnv, JWT_REFRESH_SECRET: 'x'.repeat(31) });
      expect(message).toBe('JWT_REFRESH_SECRET must be at least 32 characters long');
    },
  );

  it('takes a METRICS_TOKEN of at least 32 characters, and refuses a shorter one', () => {
    const token = 'metrics-token-0123456789abcdefghij';
    expect(valid({ METRICS_TOKEN: token }).metricsToken).toBe(token);
    expect(valid({ METRICS_TOKEN: '' }).metricsToken).toBeUndefined();
    expect(configError({ METRICS_TOKEN: 'x'.repeat(31) })).toBe(
      'METRICS_TOKEN must be at least 32 characters long',
    );
  });

  it('refuses the same secret for access and refresh tokens', () => {
    const message = configError({ JWT_REFRESH_SECRET: SECRETS.JWT_ACCESS_SECRET });
    expect(message).toBe('JWT_ACCESS_SECRET and JWT_REFRESH_SECRET must differ');
  });

  describe('development secrets', () => {
    let dir: string;

    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'env-schema-spec-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    const withoutSecrets = () =>
      validateEnv({ NODE_ENV: 'development', DB_PATH: join(dir, 'events.sqlite') });

    it('generates missing secrets once, next to the database, readable by the owner only', () => {
      const first = withoutSecrets();
      const second = withoutSecrets();

      expect(first.jwtAccessSecret.length).toBeGreaterThanOrEqual(MIN_SECRET_LENGTH);
      expect(first.jwtRefreshSecret.length).toBeGreaterThanOrEqual(MIN_SECRET_LENGTH);
      expect(first.jwtAccessSecret).not.toBe(first.jwtRefreshSecret);
      expect(second.jwtAccessSecret).toBe(first.jwtAccessSecret);
      expect(second.jwtRefreshSecret).toBe(first.jwtRefreshSecret);

      const file = join(dir, 'dev-secrets.json');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
        access: first.jwtAccessSecret,
        refresh: first.jwtRefreshSecret,
      });
    });

    it('keeps a secret that is given and generates only the missing one', () => {
      const env = validateEnv({
        NODE_ENV: 'development',
        DB_PATH: join(dir, 'events.sqlite'),
        JWT_ACCESS_SECRET: SECRETS.JWT_ACCESS_SECRET,
      });
      expect(env.jwtAccessSecret).toBe(SECRETS.JWT_ACCESS_SECRET);
      expect(env.jwtRefreshSecret).not.toBe(SECRETS.JWT_ACCESS_SECRET);
      expect(env.jwtRefreshSecret.length).toBeGreaterThanOrEqual(MIN_SECRET_LENGTH);
    });
  });
});
