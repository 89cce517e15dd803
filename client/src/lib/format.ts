/** Dates are shown and entered in the browser's time zone; the API speaks UTC ISO 8601. */

export const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

const dateTime = new Intl.DateTimeFormat(undefined, {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

const dateTimeWithZone = new Intl.DateTimeFormat(undefined, {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZoneName: 'short',
});

export function formatDateTime(iso: string): string {
  return dateTime.format(new Date(iso));
}

/** "Mon, 1 Mar 2027, 19:00 – 22:00" (the date once when both ends share it). */
export function formatRange(startIso: string, endIso: string, long = false): string {
  return (long ? dateTimeWithZone : dateTime).formatRange(new Date(startIso), new Date(endIso));
}

const pad = (n: number) => String(n).padStart(2, '0');

/** ISO instant → `<input type="datetime-local">` value in the local zone. */
export function toLocalInput(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** `datetime-local` value → ISO instant; the raw text when it is not a date, for the API to refuse. */
export function fromLocalInput(value: string): string {
  const d = new Date(value);
  return value !== '' && !Number.isNaN(d.getTime()) ? d.toISOString() : value;
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
