import {
  asUnavailable,
  DatabaseUnavailableError,
  isUniqueViolation,
  POSTGRES_REFUSALS,
  SQLITE_REFUSALS,
  unavailability,
} from './errors';

const coded = (code: string, message = 'x') => Object.assign(new Error(message), { code });
/** As pg reports a server's refusal: a DatabaseError with the SQLSTATE and its severity. */
const fatal = (code: string) => Object.assign(coded(code), { severity: 'FATAL' });

describe('unavailability (driver errors that are a 503)', () => {
  it.each([
    [coded('ECONNREFUSED'), 'unreachable'],
    [coded('ECONNRESET'), 'unreachable'],
    [coded('57P01'), 'unreachable'], // admin shutdown
    [coded('57P03'), 'unreachable'], // starting up
    [coded('08006'), 'unreachable'],
    [coded('53100'), 'full'],
    [coded('25006'), 'read-only'],
    [coded('SQLITE_FULL'), 'full'],
    [coded('SQLITE_READONLY'), 'read-only'],
    [coded('SQLITE_READONLY_DBMOVED'), 'read-only'],
    [coded('SQLITE_BUSY'), 'unreachable'],
    [coded('SQLITE_IOERR_WRITE'), 'unreachable'],
    [new Error('Connection terminated unexpectedly'), 'unreachable'],
    [new Error('timeout exceeded when trying to connect'), 'unreachable'],
    [new AggregateError([coded('ECONNREFUSED')]), 'unreachable'],
  ])('classifies %s as %s', (error, reason) => {
    expect(unavailability(error)).toBe(reason);
    const mapped = asUnavailable(error) as DatabaseUnavailableError;
    expect(mapped).toBeInstanceOf(DatabaseUnavailableError);
    expect(mapped).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE', cause: error });
    expect(mapped.retryAfter).toBe(reason === 'unreachable' ? 5 : 60);
  });

  it.each([
    [fatal('55000'), 'unreachable'], // ALLOW_CONNECTIONS false: not accepting connections
    [fatal('57P03'), 'unreachable'], // cannot_connect_now
    [fatal('53300'), 'unreachable'], // too many clients
    [fatal('57P02'), 'unreachable'], // crash shutdown
    [fatal('3D000'), 'unreachable'], // the database is gone
    [fatal('28P01'), 'unreachable'], // the credentials changed under the app
    [coded('53200'), 'unreachable'], // out of memory
    [coded('SQLITE_READONLY_DIRECTORY'), 'read-only'],
    [coded('SQLITE_BUSY_SNAPSHOT'), 'unreachable'],
    [coded('SQLITE_CANTOPEN'), 'unreachable'],
    [coded('SQLITE_CANTOPEN_ISDIR'), 'unreachable'],
    [coded('SQLITE_PROTOCOL'), 'unreachable'],
  ])('classifies the refusal %s as %s', (error, reason) => {
    expect(unavailability(error)).toBe(reason);
    expect(asUnavailable(error)).toBeInstanceOf(DatabaseUnavailableError);
  });

  it.each([
    ...Object.entries(POSTGRES_REFUSALS).map(([code, reason]) => [fatal(code), reason] as const),
    ...Object.entries(SQLITE_REFUSALS).map(([code, reason]) => [coded(code), reason] as const),
  ])('answers every code of the tables as a 503: %s', (error, reason) => {
    const mapped = asUnavailable(error) as DatabaseUnavailableError;
    expect(mapped).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE', reason });
    expect(mapped.retryAfter).toBe(reason === 'unreachable' ? 5 : 60);
  });

  it.each([
    coded('55000'), // the same SQLSTATE from a statement (currval before nextval): our bug
    coded('SQLITE_CORRUPT'),
    coded('SQLITE_LOCKED'),
    coded('SQLITE_MISUSE'),
    coded('23505'),
    coded('SQLITE_CONSTRAINT_UNIQUE'),
    coded('42601'), // syntax error: our bug, a 500
    coded('SQLITE_ERROR'),
    new TypeError('undefined is not a function'),
    'a string',
    null,
  ])('leaves %s alone', (error) => {
    expect(unavailability(error)).toBeUndefined();
    expect(asUnavailable(error)).toBe(error);
  });

  it('still tells unique violations apart', () => {
    expect(isUniqueViolation(coded('23505'))).toBe(true);
    expect(isUniqueViolation(coded('SQLITE_FULL'))).toBe(false);
  });
});
