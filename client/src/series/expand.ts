import { fromZonedInput } from '../lib/time-zones';
import { calendarDate, daysInMonth, WEEKDAYS, type Weekday } from './recurrence';

/**
 * A small expander of the rules the form builds (FREQ DAILY/WEEKLY/MONTHLY, INTERVAL, BYDAY with
 * or without an ordinal, BYMONTHDAY, BYSETPOS, COUNT, UNTIL; weeks start on Monday), for the
 * preview before saving. It works on calendar dates, then puts the start's wall-clock time on
 * each and reads it on the event's clock with `fromZonedInput`: the same local time every time,
 * a time in a DST gap moved forward by the gap, a repeated one the first, as the API expands.
 * The server stays the authority: what it answers is what is saved.
 */

export const MAX_OCCURRENCES = 200;
export const MAX_SPAN_YEARS = 2;
const DAY = 86_400_000;

export interface Expansion {
  /** ISO instants of the first `limit` occurrences */
  starts: string[];
  /** how many the rule makes in all (up to the caps) */
  total: number;
  /** the rule goes past a cap the API refuses */
  beyond?: 'count' | 'span';
}

interface Parsed {
  freq: string;
  interval: number;
  byday: Array<{ ordinal: number; day: Weekday }>;
  bymonthday: number[];
  bysetpos: number[];
  count?: number;
  until?: number;
}

function parse(rule: string): Parsed {
  const parts = new Map(rule.split(';').map((p) => p.split('=') as [string, string]));
  const list = (name: string) => (parts.get(name)?.split(',') ?? []).map(Number);
  const until = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(parts.get('UNTIL') ?? '');
  return {
    freq: parts.get('FREQ') ?? '',
    interval: Number(parts.get('INTERVAL') ?? 1),
    byday: (parts.get('BYDAY')?.split(',') ?? []).map((item) => {
      const [, ordinal = '0', day] = /^([+-]?\d*)([A-Z]{2})$/.exec(item) ?? [];
      return { ordinal: Number(ordinal || 0), day: day as Weekday };
    }),
    bymonthday: list('BYMONTHDAY'),
    bysetpos: list('BYSETPOS'),
    count: parts.has('COUNT') ? Number(parts.get('COUNT')) : undefined,
    until: until
      ? Date.UTC(+until[1]!, +until[2]! - 1, +until[3]!, +until[4]!, +until[5]!, +until[6]!)
      : undefined,
  };
}

const dayIndex = (day: Weekday) => WEEKDAYS.indexOf(day);
const mondayBased = (date: Date) => (date.getUTCDay() + 6) % 7;

/** The dates of one month the rule picks, in order (BYSETPOS applied). */
function monthDates(rule: Parsed, year: number, month0: number, startDay: number): Date[] {
  const length = daysInMonth(year, month0);
  let days: number[];
  if (rule.bymonthday.length > 0) {
    days = rule.bymonthday
      .map((d) => (d > 0 ? d : length + d + 1))
      .filter((d) => d >= 1 && d <= length);
  } else if (rule.byday.length > 0) {
    days = [];
    for (const { ordinal, day } of rule.byday) {
      const first = new Date(Date.UTC(year, month0, 1));
      const firstDay = 1 + ((dayIndex(day) - mondayBased(first) + 7) % 7);
      const all: number[] = [];
      for (let d = firstDay; d <= length; d += 7) all.push(d);
      const pick = ordinal === 0 ? all : [all.at(ordinal > 0 ? ordinal - 1 : ordinal)];
      days.push(...pick.filter((d): d is number => d !== undefined));
    }
  } else {
    days = startDay <= length ? [startDay] : [];
  }
  days = [...new Set(days)].sort((a, b) => a - b);
  if (rule.bysetpos.length > 0) {
    const set = days;
    days = rule.bysetpos
      .map((pos) => set.at(pos > 0 ? pos - 1 : pos))
      .filter((d): d is number => d !== undefined)
      .sort((a, b) => a - b);
  }
  return days.map((d) => new Date(Date.UTC(year, month0, d)));
}

/** Candidate dates of the rule from the start's period on, period by period. */
function* dates(rule: Parsed, start: Date): Generator<Date> {
  for (let period = 0; period < 10_000; period += 1) {
    const step = period * rule.interval;
    if (rule.freq === 'DAILY') {
      yield new Date(start.getTime() + step * DAY);
    } else if (rule.freq === 'WEEKLY') {
      const monday = start.getTime() - mondayBased(start) * DAY + step * 7 * DAY;
      const days =
        rule.byday.length > 0 ? rule.byday.map((b) => dayIndex(b.day)) : [mondayBased(start)];
      for (const d of [...new Set(days)].sort((a, b) => a - b)) yield new Date(monday + d * DAY);
    } else if (rule.freq === 'MONTHLY') {
      const month = start.getUTCMonth() + step;
      const year = start.getUTCFullYear() + Math.floor(month / 12);
      yield* monthDates(rule, year, month % 12, start.getUTCDate());
    } else {
      return;
    }
  }
}

/**
 * The occurrences of `rule` for a series starting at `startsAt` (`datetime-local` text on the
 * event's clock) in `timeZone`: the first `limit`, and the total up to the API's caps. The start
 * itself must be the first date the rule makes (null otherwise, or when the input is not usable).
 */
export function expand(
  rule: string,
  startsAt: string,
  timeZone: string,
  limit = 10,
): Expansion | null {
  const start = calendarDate(startsAt);
  const time = /T(\d{2}:\d{2})$/.exec(startsAt)?.[1];
  if (!start || !time) return null;
  const parsed = parse(rule);
  if (!['DAILY', 'WEEKLY', 'MONTHLY'].includes(parsed.freq) || !(parsed.interval >= 1)) {
    return null;
  }
  const first = Date.parse(fromZonedInput(startsAt, timeZone));
  const latest = new Date(first);
  latest.setUTCFullYear(latest.getUTCFullYear() + MAX_SPAN_YEARS);
  const starts: string[] = [];
  let total = 0;
  for (const date of dates(parsed, start)) {
    if (date < start) continue;
    if (total === 0 && date.getTime() !== start.getTime()) return null;
    const instant = fromZonedInput(`${date.toISOString().slice(0, 10)}T${time}`, timeZone);
    const at = Date.parse(instant);
    if (parsed.until !== undefined && at > parsed.until) break;
    if (at > latest.getTime()) return { starts, total, beyond: 'span' };
    if (total === MAX_OCCURRENCES) return { starts, total, beyond: 'count' };
    total += 1;
    if (starts.length < limit) starts.push(instant);
    if (parsed.count !== undefined && total >= parsed.count) break;
  }
  return { starts, total };
}
