import { fromZonedInput } from '../lib/time-zones';

/**
 * The "Repeats" part of the new-event form, and the RFC 5545 RRULE value (without `RRULE:`) it
 * stands for. Pure: no React, no API. The monthly choices are read off the start date (the 15th,
 * the third Tuesday, the last Friday), so the start is always the rule's first occurrence, as the
 * API requires of a series' DTSTART.
 */

export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const WEEKDAY_NAMES: Record<Weekday, string> = {
  MO: 'Monday',
  TU: 'Tuesday',
  WE: 'Wednesday',
  TH: 'Thursday',
  FR: 'Friday',
  SA: 'Saturday',
  SU: 'Sunday',
};

export type Frequency = 'none' | 'DAILY' | 'WEEKLY' | 'MONTHLY';
/** monthly on the start's day of the month, its nth weekday, or its weekday's last one */
export type MonthlyBy = 'monthday' | 'nth' | 'last';

export interface Repeat {
  frequency: Frequency;
  /** "every N" days, weeks or months, as typed */
  interval: string;
  /** weekly: the chosen days (the start's own day is always added) */
  weekdays: Weekday[];
  monthlyBy: MonthlyBy;
  ends: 'count' | 'until';
  /** as typed */
  count: string;
  /** `YYYY-MM-DD`, the last local day on the event's clock */
  until: string;
}

export const NO_REPEAT: Repeat = {
  frequency: 'none',
  interval: '1',
  weekdays: [],
  monthlyBy: 'monthday',
  ends: 'count',
  count: '10',
  until: '',
};

/** `YYYY-MM-DD…` → its calendar date (as a UTC midnight), or null. */
export function calendarDate(local: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(local);
  if (!match) return null;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCDate() === d ? date : null;
}

export const weekdayOf = (date: Date): Weekday => WEEKDAYS[(date.getUTCDay() + 6) % 7]!;

export const daysInMonth = (year: number, month0: number) =>
  new Date(Date.UTC(year, month0 + 1, 0)).getUTCDate();

/** Where the start falls in its month: its weekday, which one (1–5) and whether it is the last. */
export function monthPosition(date: Date) {
  const day = date.getUTCDate();
  return {
    weekday: weekdayOf(date),
    nth: Math.ceil(day / 7),
    last: day + 7 > daysInMonth(date.getUTCFullYear(), date.getUTCMonth()),
    monthday: day,
  };
}

/**
 * BYSETPOS of a monthly weekday rule: -1 for "the last", else the start's nth. A choice the start
 * no longer fits (the last, after the start moved off the month's last week) follows the start;
 * a fifth weekday is always the month's last.
 */
export function setPosition(by: MonthlyBy, at: ReturnType<typeof monthPosition>): number {
  return (by === 'last' && at.last) || at.nth === 5 ? -1 : at.nth;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** An instant as RFC 5545's UTC form: `20270601T215959Z`. */
export function icsUtc(iso: string): string {
  const d = new Date(iso);
  return (
    `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`
  );
}

/**
 * "Ends on <date>" → UNTIL. The person picks a day on the event's clock; the series may start an
 * occurrence at any time of that day, so UNTIL is that day's last second there (23:59:59 in the
 * event's zone), in UTC as the API requires. Not a date: null.
 */
export function untilOf(day: string, timeZone: string): string | null {
  if (!calendarDate(day)) return null;
  const lastMinute = fromZonedInput(`${day}T23:59`, timeZone);
  return icsUtc(new Date(Date.parse(lastMinute) + 59_000).toISOString());
}

/** Form text → whole number ≥ 1, or null. */
export const positiveInt = (text: string): number | null =>
  /^\s*\d{1,4}\s*$/.test(text) && Number(text) >= 1 ? Number(text) : null;

export type RuleProblem = 'interval' | 'count' | 'until' | 'start';

/** What to do about each problem, said next to the field. */
export const RULE_PROBLEMS: Record<RuleProblem, string> = {
  start: 'Choose the start to see the dates.',
  interval: 'Enter how often, as a whole number from 1.',
  count: 'Enter the number of events, from 1 to 200.',
  until: 'Choose the last date.',
};

/**
 * The RRULE of the form's choices for an event starting at `startsAt` (the form's
 * `datetime-local` text, on the event's clock), or what is missing. `none` is no rule.
 */
export function buildRule(
  repeat: Repeat,
  startsAt: string,
  timeZone: string,
): { rule: string | null; problem?: RuleProblem } {
  if (repeat.frequency === 'none') return { rule: null };
  const start = calendarDate(startsAt);
  if (!start) return { rule: null, problem: 'start' };
  const interval = positiveInt(repeat.interval);
  if (interval === null) return { rule: null, problem: 'interval' };
  const parts = [`FREQ=${repeat.frequency}`];
  if (interval > 1) parts.push(`INTERVAL=${interval}`);
  if (repeat.frequency === 'WEEKLY') {
    const days = new Set([...repeat.weekdays, weekdayOf(start)]);
    parts.push(`BYDAY=${WEEKDAYS.filter((d) => days.has(d)).join(',')}`);
  }
  if (repeat.frequency === 'MONTHLY') {
    const at = monthPosition(start);
    if (repeat.monthlyBy === 'monthday') parts.push(`BYMONTHDAY=${at.monthday}`);
    else parts.push(`BYDAY=${at.weekday};BYSETPOS=${setPosition(repeat.monthlyBy, at)}`);
  }
  if (repeat.ends === 'count') {
    const count = positiveInt(repeat.count);
    if (count === null) return { rule: null, problem: 'count' };
    parts.push(`COUNT=${count}`);
  } else {
    const until = untilOf(repeat.until, timeZone);
    if (until === null) return { rule: null, problem: 'until' };
    parts.push(`UNTIL=${until}`);
  }
  return { rule: parts.join(';') };
}
