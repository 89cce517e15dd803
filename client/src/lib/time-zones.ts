/**
 * An event happens in its own time zone (an IANA name); the API speaks UTC instants. These turn
 * one into the other without a date library: Intl knows every zone's offsets.
 */

export const viewerTimeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** The zones this browser knows, for the picker; `include` (the event's own) is never missing. */
export function timeZoneOptions(include: string): string[] {
  const known = Intl.supportedValuesOf('timeZone');
  return [...new Set(['UTC', ...known, include])].sort((a, b) =>
    a === 'UTC' ? -1 : b === 'UTC' ? 1 : a.localeCompare(b),
  );
}

/** "Europe/Berlin" → "Berlin", "America/Argentina/Buenos_Aires" → "Buenos Aires". */
export function zoneCity(zone: string): string {
  return (zone.split('/').pop() ?? zone).replaceAll('_', ' ');
}

/** "Berlin time", and plain "UTC" for UTC. */
export function zoneLabel(zone: string): string {
  return zone === 'UTC' || zone === 'Etc/UTC' ? 'UTC' : `${zoneCity(zone)} time`;
}

const DAY = 86_400_000;
const pad = (n: number) => String(n).padStart(2, '0');

interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** One formatter per zone: making one costs far more than using it (series previews use many). */
function formatIn(zone: string): Intl.DateTimeFormat {
  let format = formats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formats.set(zone, format);
  }
  return format;
}

function wallTime(instant: number, zone: string): WallTime {
  const parts = formatIn(zone).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
  };
}

/** How far the zone's clock is ahead of UTC at that instant, in ms (to the minute). */
function offsetAt(instant: number, zone: string): number {
  const w = wallTime(instant, zone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
  return asUtc - Math.floor(instant / 60_000) * 60_000;
}

/** ISO instant → the `<input type="datetime-local">` value of the wall clock in `zone`. */
export function toZonedInput(iso: string, zone: string): string {
  const w = wallTime(new Date(iso).getTime(), zone);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}

/**
 * `datetime-local` value read as a wall clock in `zone` → ISO instant. In a gap (the hour skipped
 * in spring) it lands after the gap; in the repeated autumn hour, on the first one. Not a date:
 * the raw text, for the API to refuse with its own message.
 */
export function fromZonedInput(value: string, zone: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!match) return value;
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  const asUtc = Date.UTC(y, mo - 1, d, h, mi);
  // A zone changes its offset at most once within a day: the offsets a day before and after.
  const offsets = [offsetAt(asUtc - DAY, zone), offsetAt(asUtc + DAY, zone)];
  const instants = offsets.map((offset) => asUtc - offset);
  const valid = instants.filter((instant, i) => offsetAt(instant, zone) === offsets[i]);
  const chosen = valid.length > 0 ? Math.min(...valid) : Math.max(...instants);
  return new Date(chosen).toISOString();
}
