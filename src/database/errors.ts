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
 * PostgreSQL SQLSTATEs (Appendix A of its manual) by which a server refuses to serve: at connect
 * time, or by ending the session. Every one is the operator's or the server's state, never the
 * request's, so a 503 and not a 500. Class 08 (connection exception) counts whole.
 */
export const POSTGRES_REFUSALS: Readonly<Record<string, Unavailability>> = {
  '55000': 'unreachable', // FATAL only: database not accepting connections (ALLOW_CONNECTIONS false)
  '57P01': 'unreachable', // admin_shutdown: server stopping, or the session terminated
  '57P02': 'unreachable', // crash_shutdown: another backend crashed
  '57P03': 'unreachable', // cannot_connect_now: starting up, shutting down, in recovery
  '57P04': 'unreachable', // database_dropped
  '57P05': 'unreachable', // idle_session_timeout
  '3D000': 'unreachable', // invalid_catalog_name: the database does not exist (at connect)
  '28000': 'unreachable', // invalid_authorization_specification: pg_hba.conf refuses
  '28P01': 'unreachable', // invalid_password: the credentials were changed under the app
  '53000': 'unreachable', // insufficient_resources
  '53200': 'unreachable', // out_of_memory
  '53300': 'unreachable', // too_many_connections (also "remaining slots are reserved")
  '53100': 'full', // disk_full
  '25006': 'read-only', // read_only_sql_transaction: a standby, or default_transaction_read_only
};

/**
 * Codes that also name faults of a statement (55000 is "object not in prerequisite state", e.g.
 * `currval` before `nextval`: our bug, a 500): a refusal only when the server ends the session.
 */
const FATAL_ONLY = new Set(['55000']);

function postgresUnavailability(code: string, severity: unknown): Unavailability | undefined {
  if (code.startsWith('08')) return 'unreachable';
  if (FATAL_ONLY.has(code) && severity !== 'FATAL') return undefined;
  return POSTGRES_REFUSALS[code];
}

/**
 * SQLite primary result codes (better-sqlite3 names extended ones `SQLITE_READONLY_DBMOVED`,
 * `SQLITE_IOERR_WRITE`, `SQLITE_BUSY_SNAPSHOT`…: they count as their primary code). Corruption
 * and misuse are not here: they are bugs or damage an operator must see as a 500.
 */
export const SQLITE_REFUSALS: Readonly<Record<string, Unavailability>> = {
  SQLITE_FULL: 'full', // disk full, or max_page_count reached
  SQLITE_READONLY: 'read-only', // read-only file or mount, query_only
  SQLITE_BUSY: 'unreachable', // locked by another process past busy_timeout
  SQLITE_PROTOCOL: 'unreachable', // a WAL lock race lost repeatedly
  SQLITE_IOERR: 'unreachable', // a failing disk
  SQLITE_CANTOPEN: 'unreachable', // the file or its directory went away
  SQLITE_NOTADB: 'unreachable', // the file was replaced
  SQLITE_PERM: 'unreachable', // the file's permissions changed
  SQLITE_NOMEM: 'unreachable',
};

function sqliteUnavailability(code: string): Unavailability | undefined {
  const primary = /^SQLITE_[A-Z]+/.exec(code)?.[0];
  return primary === undefined ? undefined : SQLITE_REFUSALS[primary];
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
  const { code, message, severity } = error as {
    code?: unknown;
    message?: unknown;
    severity?: unknown;
  };
  if (typeof code === 'string') {
    if (SOCKET_ERRORS.has(code)) return 'unreachable';
    const reason = code.startsWith('SQLITE_')
      ? sqliteUnavailability(code)
      : postgresUnavailability(code, severity);
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
