import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Env } from './env.schema';

/** How each kind of variable is read and checked; a bad value is a {@link ConfigError}. */

export const MIN_SECRET_LENGTH = 32;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function oneOf<T extends string>(
  name: string,
  value: string | undefined,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined || value === '') return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new ConfigError(`${name} must be one of ${allowed.join(', ')} (got "${value}")`);
}

export function integer(
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

/** A comma-separated list of delays in seconds, each 0 to one day, at most 20 of them. */
export function delays(name: string, value: string | undefined, fallback: number[]): number[] {
  if (value === undefined || value === '') return fallback;
  const items = value.split(',').map((item) => item.trim());
  if (
    items.length > 20 ||
    !items.every((item) => /^\d{1,5}$/.test(item) && Number(item) <= 86_400)
  ) {
    throw new ConfigError(
      `${name} must be up to 20 comma-separated delays in seconds, each 0 to 86400 (got "${value}")`,
    );
  }
  return items.map(Number);
}

export function bool(name: string, value: string | undefined): boolean {
  if (value === undefined || value === '' || value === 'false' || value === '0') return false;
  if (value === 'true' || value === '1') return true;
  throw new ConfigError(`${name} must be true or false (got "${value}")`);
}

/**
 * Development convenience: secrets missing from the environment are generated once and kept
 * next to the database (mode 0600), so tokens survive restarts without any setup.
 */
export function developmentSecrets(dataDir: string): { access: string; refresh: string } {
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

export function secret(
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
export function optionalToken(name: string, value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (value.length < MIN_SECRET_LENGTH) {
    throw new ConfigError(`${name} must be at least ${MIN_SECRET_LENGTH} characters long`);
  }
  return value;
}

/** `PUBLIC_URL`: an http(s) address without credentials, query or fragment; default the listener. */
export function publicUrl(value: string | undefined, host: string, port: number): string {
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

/**
 * `SMTP_URL`: `smtp://` or `smtps://`, optionally with credentials; unset, mails are logged. The
 * message never repeats the value (it may hold a password).
 */
export function smtpUrl(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || !['smtp:', 'smtps:'].includes(url.protocol) || !url.hostname) {
    throw new ConfigError('SMTP_URL must be an smtp:// or smtps:// URL with a host');
  }
  return value;
}

/** `MAIL_FROM`: one address (`Name <a@b>` or `a@b`) on one line. */
export function mailFrom(value: string | undefined): string {
  if (value === undefined || value === '') return 'Event manager <no-reply@localhost>';
  if (/[\r\n]/.test(value) || !/^([^<>]*<[^<>\s@]+@[^<>\s@]+>|[^<>\s@]+@[^<>\s@]+)$/.test(value)) {
    throw new ConfigError(`MAIL_FROM must be one address, "Name <a@b>" or "a@b" (got "${value}")`);
  }
  return value;
}
