import { registerDecorator, ValidationOptions } from 'class-validator';
import { ValidationFailedError } from '../errors/domain-error';

// ISO 8601 date-time that must carry a zone: `Z` or `±hh:mm`.
const ZONED =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-](\d{2}):(\d{2}))$/;

const MIN_TIME = Date.parse('0000-01-01T00:00:00.000Z');
const MAX_TIME = Date.parse('9999-12-31T23:59:59.999Z');

/** Parses an ISO timestamp with a zone; `undefined` for no zone or an impossible date/time. */
export function parseZonedTimestamp(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const match = ZONED.exec(value);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second, , , zoneHours, zoneMinutes] = match
    .slice(1)
    .map((part) => Number(part ?? 0));
  if (month === undefined || day === undefined || year === undefined) return undefined;
  // Day 0 of the next month is the last of this one. Not `Date.UTC`: it maps years 0–99 to
  // 1900–1999, and 0000 is a leap year where 1900 is not.
  const daysInMonth = new Date(new Date(0).setUTCFullYear(year, month, 0)).getUTCDate();
  const valid =
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth &&
    (hour ?? 0) <= 23 &&
    (minute ?? 0) <= 59 &&
    (second ?? 0) <= 59 &&
    (zoneHours ?? 0) <= 23 &&
    (zoneMinutes ?? 0) <= 59;
  if (!valid) return undefined;
  const date = new Date(value);
  const time = date.getTime();
  // An offset can push the instant out of years 0000–9999, which the output form cannot show
  // ("9999-12-31T23:00:00-05:00" would come back as "+010000-01-01T04:00:00.000Z").
  return Number.isNaN(time) || time < MIN_TIME || time > MAX_TIME ? undefined : date;
}

/** Validates an ISO 8601 timestamp with a time zone (a timestamp without one is ambiguous). */
export function IsZonedTimestamp(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isZonedTimestamp',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message:
          '$property must be an ISO 8601 timestamp with a time zone, e.g. 2027-03-01T18:00:00Z',
        ...options,
      },
      validator: { validate: (value: unknown) => parseZonedTimestamp(value) !== undefined },
    });
}

/** Timestamps were validated by the DTO; this only turns them into epoch milliseconds. */
export function toEpoch(value: string): number {
  const date = parseZonedTimestamp(value);
  if (!date) {
    throw new ValidationFailedError([{ field: 'timestamp', message: 'invalid timestamp' }]);
  }
  return date.getTime();
}
