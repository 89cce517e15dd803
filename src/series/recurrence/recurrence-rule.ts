import { ValidationFailedError } from '../../common/errors/domain-error';

/** The RRULE subset a series takes (the contract's "Recurring series"). */
export const FREQUENCIES = ['DAILY', 'WEEKLY', 'MONTHLY'] as const;
export type Frequency = (typeof FREQUENCIES)[number];
const PART_ORDER = ['FREQ', 'INTERVAL', 'BYDAY', 'BYMONTHDAY', 'BYSETPOS', 'COUNT', 'UNTIL'];
type PartName = (typeof PART_ORDER)[number];

export const MAX_OCCURRENCES = 200;
export const RECURRENCE_MAX_LENGTH = 500;
/** Larger intervals leave one occurrence in the two years a series may span. */
export const MAX_INTERVAL = 1000;

/** A validated rule: its parts in canonical spelling, and what the expansion needs of them. */
export interface RecurrenceRule {
  /** `FREQ=…;INTERVAL=…;BYDAY=…;BYMONTHDAY=…;BYSETPOS=…;COUNT=…|UNTIL=…`, upper case. */
  canonical: string;
  /** The pattern alone (no COUNT, no UNTIL), for the expansion library. */
  pattern: string;
  count?: number;
  /** epoch ms */
  until?: number;
}

/** A 400 on field `recurrence`, as every refused rule answers. */
export const recurrenceError = (message: string) =>
  new ValidationFailedError([{ field: 'recurrence', message }]);

const WEEKDAY = /^([+-]?)(\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$/;
const INTEGER = /^[+-]?\d{1,4}$/;
const UNTIL = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

function integerList(name: string, value: string, limit: number): string {
  return value
    .split(',')
    .map((item) => {
      const n = INTEGER.test(item) ? Number(item) : NaN;
      if (!Number.isInteger(n) || n === 0 || Math.abs(n) > limit) {
        throw recurrenceError(`${name} takes integers from -${limit} to ${limit}, not 0`);
      }
      return String(n);
    })
    .join(',');
}

function positive(name: string, value: string, max: number): number {
  const n = /^\d{1,6}$/.test(value) ? Number(value) : NaN;
  if (!(n >= 1 && n <= max)) throw recurrenceError(`${name} must be an integer from 1 to ${max}`);
  return n;
}

function weekdays(value: string, freq: Frequency): string {
  return value
    .split(',')
    .map((item) => {
      const match = WEEKDAY.exec(item);
      if (!match) throw recurrenceError('BYDAY takes weekdays such as MO,TU or, monthly, 1MO,-1FR');
      const [, sign, ordinal, day] = match;
      if (ordinal === undefined) return day!;
      if (freq !== 'MONTHLY') {
        throw recurrenceError('BYDAY takes a numbered weekday (2TU) only with FREQ=MONTHLY');
      }
      const n = Number(ordinal);
      if (n < 1 || n > 5)
        throw recurrenceError('a numbered weekday counts from 1 to 5 or -1 to -5');
      return `${sign === '-' ? '-' : ''}${n}${day}`;
    })
    .join(',');
}

function untilInstant(value: string): number {
  const match = UNTIL.exec(value);
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = (match ?? [])
    .slice(1)
    .map(Number);
  const instant = Date.UTC(year, month - 1, day, hour, minute, second);
  // Date.UTC rolls over (13th month, 30 February, 24:00): the fields must come back unchanged.
  const spelled = Number.isNaN(instant)
    ? ''
    : new Date(instant).toISOString().replace(/[-:]/g, '').slice(0, 15) + 'Z';
  if (!match || spelled !== value) {
    throw recurrenceError('UNTIL must be a UTC date-time such as 20270601T000000Z');
  }
  return instant;
}

/**
 * Parses and validates an RRULE value (RFC 5545 §3.3.10) against the subset a series takes:
 * FREQ DAILY, WEEKLY or MONTHLY; COUNT (1–200) or UNTIL in UTC form, exactly one; INTERVAL,
 * BYDAY, BYMONTHDAY and BYSETPOS besides; RFC 5545's combinations (no BYMONTHDAY with WEEKLY,
 * BYSETPOS only with another BYxxx part). Names and values are case-insensitive. Anything else
 * is a 400 on `recurrence`.
 */
export function parseRecurrence(value: string): RecurrenceRule {
  const text = value.trim().toUpperCase();
  if (text.startsWith('RRULE:')) {
    throw recurrenceError('recurrence is the RRULE value without the "RRULE:" prefix');
  }
  const parts = new Map<PartName, string>();
  for (const part of text.split(';')) {
    const [name, partValue, ...rest] = part.split('=');
    if (!name || !partValue || rest.length > 0) {
      throw recurrenceError('recurrence must be NAME=VALUE parts separated by ";"');
    }
    if (!PART_ORDER.includes(name)) {
      throw recurrenceError(
        `${name} is not supported; a series takes FREQ, COUNT or UNTIL, INTERVAL, BYDAY, BYMONTHDAY and BYSETPOS`,
      );
    }
    if (parts.has(name)) throw recurrenceError(`${name} is given twice`);
    parts.set(name, partValue);
  }
  const freq = parts.get('FREQ') as Frequency | undefined;
  if (!freq || !FREQUENCIES.includes(freq)) {
    throw recurrenceError('FREQ must be DAILY, WEEKLY or MONTHLY');
  }
  const canonical = new Map<PartName, string>([['FREQ', freq]]);
  const count = parts.has('COUNT')
    ? positive('COUNT', parts.get('COUNT')!, MAX_OCCURRENCES)
    : undefined;
  const until = parts.has('UNTIL') ? untilInstant(parts.get('UNTIL')!) : undefined;
  if ((count === undefined) === (until === undefined)) {
    throw recurrenceError('recurrence needs COUNT or UNTIL (one of them): a series must end');
  }
  if (parts.has('INTERVAL')) {
    canonical.set('INTERVAL', String(positive('INTERVAL', parts.get('INTERVAL')!, MAX_INTERVAL)));
  }
  if (parts.has('BYDAY')) canonical.set('BYDAY', weekdays(parts.get('BYDAY')!, freq));
  if (parts.has('BYMONTHDAY')) {
    if (freq === 'WEEKLY') throw recurrenceError('BYMONTHDAY cannot be used with FREQ=WEEKLY');
    canonical.set('BYMONTHDAY', integerList('BYMONTHDAY', parts.get('BYMONTHDAY')!, 31));
  }
  if (parts.has('BYSETPOS')) {
    if (!parts.has('BYDAY') && !parts.has('BYMONTHDAY')) {
      throw recurrenceError('BYSETPOS needs BYDAY or BYMONTHDAY to pick from');
    }
    canonical.set('BYSETPOS', integerList('BYSETPOS', parts.get('BYSETPOS')!, 366));
  }
  const pattern = [...canonical].map(([name, v]) => `${name}=${v}`).join(';');
  const end = count === undefined ? `UNTIL=${parts.get('UNTIL')}` : `COUNT=${count}`;
  return { canonical: `${pattern};${end}`, pattern, count, until };
}
