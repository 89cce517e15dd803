/**
 * Local wall-clock time in an IANA zone, written as epoch milliseconds of the same fields read as
 * UTC ("floating" time: 2027-03-14 02:30 local is `Date.UTC(2027, 2, 14, 2, 30)`), and its
 * conversion to and from real instants with the runtime's time-zone data (`Intl`).
 */

const DAY = 86_400_000;
const formats = new Map<string, Intl.DateTimeFormat>();

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
      second: 'numeric',
    });
    formats.set(zone, format);
  }
  return format;
}

/** The wall time (floating ms) that `instant` shows in `zone`, milliseconds kept. */
export function wallTimeOf(instant: number, zone: string): number {
  const fields: Record<string, number> = {};
  for (const part of formatIn(zone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = fields;
  const wall = new Date(0);
  // Not `Date.UTC`: it maps years 0–99 to 1900–1999.
  wall.setUTCFullYear(year, month - 1, day);
  wall.setUTCHours(hour, minute, second, ((instant % 1000) + 1000) % 1000);
  return wall.getTime();
}

/** The zone's offset from UTC at `instant`, in ms (Berlin in July: +7,200,000). */
const offsetAt = (instant: number, zone: string): number => wallTimeOf(instant, zone) - instant;

/**
 * The instant at which `zone` shows the wall time `wall`, by RFC 5545's rule for a DATE-TIME
 * with a TZID (§3.3.5): a time that occurs twice (the autumn fold) is the first of the two; a
 * time that does not occur (the spring gap) is read with the offset before the gap, which moves
 * it forward by the gap's length (02:30 in New York on 2027-03-14 is 03:30 EDT, 07:30Z).
 */
export function instantOf(wall: number, zone: string): number {
  // Offsets a day either side bracket any one transition (zones change at most twice a year).
  const before = offsetAt(wall - DAY, zone);
  const after = offsetAt(wall + DAY, zone);
  const fitting = [before, after]
    .map((offset) => wall - offset)
    .filter((instant) => wallTimeOf(instant, zone) === wall);
  if (fitting.length > 0) return Math.min(...fitting);
  return wall - before;
}
