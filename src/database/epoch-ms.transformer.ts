import { ValueTransformer } from 'typeorm';

/**
 * Timestamps are stored as UTC epoch milliseconds (`bigint`): the same comparisons, ordering and
 * precision on SQLite and PostgreSQL, and no driver time-zone conversion anywhere.
 * PostgreSQL returns int8 as a string, SQLite as a number; both become a Date.
 */
export const epochMs: ValueTransformer = {
  to: (value: Date | null | undefined) => (value instanceof Date ? value.getTime() : value),
  from: (value: string | number | null) => (value === null ? null : new Date(Number(value))),
};
