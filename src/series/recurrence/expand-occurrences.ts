import { RRuleTemporal } from 'rrule-temporal';
import { instantOf, wallTimeOf } from '../../common/time/wall-time';
import { MAX_OCCURRENCES, RecurrenceRule, recurrenceError } from './recurrence-rule';

/** How far after the first occurrence the last may start: two calendar years. */
export const MAX_SPAN_YEARS = 2;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `YYYYMMDDTHHMMSS` of a floating wall time (its milliseconds aside). */
function icsLocal(wall: number): string {
  const d = new Date(wall);
  return (
    `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`
  );
}

/** `first` plus two calendar years (29 February lands on 1 March). */
function spanEnd(first: number): number {
  const end = new Date(first);
  end.setUTCFullYear(end.getUTCFullYear() + MAX_SPAN_YEARS);
  return end.getTime();
}

/**
 * The start instants of a series, in order: the rule expanded from `startsAt` in `timeZone`.
 *
 * The library (rrule-temporal) expands the pattern in floating wall-clock time, with no time
 * zone inside it (it runs in UTC, which has no DST); each local wall time becomes an instant here
 * by RFC 5545's rule (`instantOf`: a time in a DST gap moves forward by the gap, a folded one is
 * the first). See docs/series.md for why the work is split so.
 *
 * `startsAt` is the rule's DTSTART and must itself be an occurrence (RFC 5545 leaves a DTSTART
 * that the rule does not produce undefined); the first instant is `startsAt` exactly. COUNT and
 * UNTIL are applied here, on instants (UNTIL is UTC). At most 200 occurrences, none starting more
 * than two years after the first: a rule that would go further is refused, as a whole, with a 400
 * on `recurrence`, before anything is written.
 */
export function expandOccurrences(
  rule: RecurrenceRule,
  startsAt: number,
  timeZone: string,
): number[] {
  if (rule.until !== undefined && rule.until < startsAt) {
    throw recurrenceError('UNTIL lies before startsAt, the first occurrence');
  }
  const wallStart = wallTimeOf(startsAt, timeZone);
  const millis = ((wallStart % 1000) + 1000) % 1000;
  const library = new RRuleTemporal({
    rruleString: `DTSTART;TZID=UTC:${icsLocal(wallStart)}\nRRULE:${rule.pattern}`,
  });
  const latest = spanEnd(startsAt);
  const starts: number[] = [];
  let beyond: 'count' | 'span' | undefined;
  library.all((occurrence) => {
    const wall = Number(occurrence.epochMilliseconds) + millis;
    const instant = starts.length === 0 ? startsAt : instantOf(wall, timeZone);
    if (starts.length === 0 && wall !== wallStart) return false; // DTSTART is not an occurrence
    if (rule.until !== undefined && instant > rule.until) return false;
    if (instant > latest) {
      beyond = 'span';
      return false;
    }
    if (starts.length === MAX_OCCURRENCES) {
      beyond = 'count';
      return false;
    }
    starts.push(instant);
    return rule.count === undefined || starts.length < rule.count;
  });
  if (starts.length === 0) {
    throw recurrenceError(
      'startsAt must be an occurrence of the rule (the first one): pick a start the rule produces',
    );
  }
  if (beyond === 'count') {
    throw recurrenceError(`the rule makes more than ${MAX_OCCURRENCES} occurrences`);
  }
  if (beyond === 'span') {
    throw recurrenceError('no occurrence may start more than two years after the first');
  }
  return starts;
}
