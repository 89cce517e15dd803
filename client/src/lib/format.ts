import { viewerTimeZone, zoneCity, zoneLabel } from './time-zones';

const SHORT: Intl.DateTimeFormatOptions = {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
};

const LONG: Intl.DateTimeFormatOptions = { ...SHORT, weekday: 'long', month: 'long' };

/** "Mon, 1 Mar 2027, 18:00 – 21:00" on the wall clock of `zone` (the date once when shared). */
export function formatRange(startIso: string, endIso: string, zone: string, long = false): string {
  return new Intl.DateTimeFormat(undefined, {
    ...(long ? LONG : SHORT),
    timeZone: zone,
  }).formatRange(new Date(startIso), new Date(endIso));
}

export function formatDateTime(iso: string, zone = viewerTimeZone): string {
  return new Intl.DateTimeFormat(undefined, { ...SHORT, timeZone: zone }).format(new Date(iso));
}

export interface EventTimes {
  /** in the event's own zone: "…, 18:00 – 21:00 Berlin time" */
  own: string;
  /** in the viewer's zone, only when its clock reads differently: "…, 17:00 – 20:00 London time" */
  viewer: string | null;
}

export function eventTimes(
  event: { startsAt: string; endsAt: string; timeZone: string },
  long = false,
  viewerZone = viewerTimeZone,
): EventTimes {
  const own = formatRange(event.startsAt, event.endsAt, event.timeZone, long);
  const theirs = formatRange(event.startsAt, event.endsAt, viewerZone, long);
  return {
    own: `${own} ${zoneLabel(event.timeZone)}`,
    viewer: theirs === own ? null : `${theirs} your time (${zoneCity(viewerZone)})`,
  };
}

/** `YYYY-MM-DD` → the first or last millisecond of that local day, as an ISO instant. */
export function localDayBound(day: string, end: boolean): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return undefined;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = end ? new Date(y, m - 1, d, 23, 59, 59, 999) : new Date(y, m - 1, d);
  return date.toISOString();
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}

/**
 * A list's total as the API counts it: exact ("42 events") or, past the server's counting limit
 * (`totalRelation: "gte"`), at least that many ("10,000+ events").
 */
export function countOf(
  total: number,
  relation: 'eq' | 'gte',
  one: string,
  many = `${one}s`,
): string {
  return relation === 'gte' ? `${total.toLocaleString()}+ ${many}` : plural(total, one, many);
}
