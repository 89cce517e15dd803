import { asUnavailable } from './errors';

/** Sees every statement: before it runs (TypeORM's logger: logging, counting) and how long it took. */
export interface QueryLog {
  query(text: string, values: readonly unknown[]): void;
  duration(seconds: number): void;
}

/**
 * Runs a statement, reporting its duration (also when it throws); a full, read-only or locked
 * database is a `DatabaseUnavailableError` (see `unavailability`).
 */
export function timed<T>(log: QueryLog, call: () => T): T {
  const start = performance.now();
  try {
    return call();
  } catch (error) {
    throw asUnavailable(error);
  } finally {
    log.duration((performance.now() - start) / 1000);
  }
}
