import { registerDecorator, ValidationOptions } from 'class-validator';

// ISO 8601 date-time that must carry a zone: `Z` or `±hh:mm`.
const ZONED =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-](\d{2}):(\d{2}))$/;

/** Parses an ISO timestamp with a zone; `undefined` for no zone or an impossible date/time. */
export function parseZonedTimestamp(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const match = ZONED.exec(value);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second, , , zoneHours, zoneMinutes] = match
    .slice(1)
    .map((part) => Number(part ?? 0));
  if (month === undefined || day === undefined || year === undefined) return undefined;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
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
  return Number.isNaN(date.getTime()) ? undefined : date;
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
