import {
  asUnavailable,
  DatabaseUnavailableError,
  isUniqueViolation,
  unavailability,
} from './errors';

const coded = (code: string, message = 'x') => Object.assign(new Error(message), { code });

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
