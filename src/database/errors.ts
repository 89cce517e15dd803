import { DomainError } from '../common/errors/domain-error';

/** A unique-constraint violation, as better-sqlite3 or pg report it (through the port). */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code } = error as { code?: unknown };
  return (
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    code === '23505'
  );
}

/** Why the database cannot serve a request, whatever the driver. */
export type Unavailability = 'unreachable' | 'full' | 'read-only';

/** How long a client should wait: a restart takes seconds; a full or read-only disk, an operator. */
const RETRY_AFTER_SECONDS: Record<Unavailability, number> = {
  unreachable: 5,
  full: 60,
  'read-only': 60,
};

const DETAILS: Record<Unavailability, string> = {
  unreachable: 'The database is unreachable; retry after the time in Retry-After.',
  full: 'The database is full and cannot take this change; retry after the time in Retry-After.',
  'read-only': 'The database is read-only for now; retry after the time in Retry-After.',
};

/**
 * The database cannot serve the request now: a 503 with Retry-After (never a 500), the driver's
 * error kept as `cause` for the log. The adapters throw it for every driver error
 * {@link unavailability} recognises.
 */
export class DatabaseUnavailableError extends DomainError {
  constructor(
    readonly reason: Unavailability,
    cause: unknown,
  ) {
    super('SERVICE_UNAVAILABLE', DETAILS[reason], undefined, {
      cause,
      retryAfter: RETRY_AFTER_SECONDS[reason],
    });
  }
}

/** Node's socket errors: the server is not there (refused, reset, timed out, not resolvable). */
const SOCKET_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * PostgreSQL SQLSTATEs: class 08 (connection exception), 57P01–57P03 (shutting down, crashed,
 * starting up), 53300 (too many connections), 53100 (disk full), 25006 (read-only transaction,
 * e.g. a standby).
 */
function postgresUnavailability(code: string): Unavailability | undefined {
  if (code.startsWith('08') || ['57P01', '57P02', '57P03', '53300'].includes(code)) {
    return 'unreachable';
  }
  if (code === '53100') return 'full';
  if (code === '25006') return 'read-only';
  return undefined;
}

/** SQLite result codes (better-sqlite3 names extended codes `SQLITE_READONLY_…` etc.). */
function sqliteUnavailability(code: string): Unavailability | undefined {
  if (code === 'SQLITE_FULL') return 'full';
  if (code.startsWith('SQLITE_READONLY')) return 'read-only';
  // Locked past busy_timeout by another process, a failing disk, a file that went away.
  if (/^SQLITE_(BUSY|IOERR|CANTOPEN|NOTADB)/.test(code)) return 'unreachable';
  return undefined;
}

/**
 * The drivers' own errors when the connection is lost, never made or closed have no code, only
 * these messages (pg 8: `lib/client.js`, pg-pool; better-sqlite3 on a closed connection).
 */
const CONNECTION_MESSAGES =
  /^(Connection terminated|Client has encountered a connection error|Client was closed|timeout exceeded when trying to connect|Query read timeout|Cannot use a pool after calling end|The database connection is not open)/;

/**
 * Whether a driver error means "the database cannot serve this now" rather than a fault of the
 * request or the code, and which kind. Undefined for everything else (constraint violations, SQL
 * errors), which stay what they are.
 */
export function unavailability(error: unknown): Unavailability | undefined {
  if (error instanceof DatabaseUnavailableError) return error.reason;
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string') {
    if (SOCKET_ERRORS.has(code)) return 'unreachable';
    const reason = code.startsWith('SQLITE_')
      ? sqliteUnavailability(code)
      : postgresUnavailability(code);
    if (reason) return reason;
  }
  if (typeof message === 'string' && CONNECTION_MESSAGES.test(message)) return 'unreachable';
  // A connect failure to several addresses (localhost as ::1 and 127.0.0.1) is an AggregateError.
  if (error instanceof AggregateError) return unavailability(error.errors[0]);
  return undefined;
}

/** `error` as a {@link DatabaseUnavailableError} if it is one of those, else unchanged. */
export function asUnavailable(error: unknown): unknown {
  const reason = unavailability(error);
  return reason === undefined || error instanceof DatabaseUnavailableError
    ? error
    : new DatabaseUnavailableError(reason, error);
}
