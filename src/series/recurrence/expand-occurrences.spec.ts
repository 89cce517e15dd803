import ICAL from 'ical.js';
import { Temporal } from 'temporal-polyfill';
import { expandOccurrences } from './expand-occurrences';
import { parseRecurrence } from './recurrence-rule';

/**
 * The expansion (rrule-temporal in floating time + `instantOf`) against an independent one:
 * ical.js' RecurIterator (Mozilla's, as in Thunderbird) for the dates, and the Temporal polyfill
 * (`disambiguation: 'compatible'`, which is RFC 5545's gap and fold rule) for the instants, over
 * seeded pseudo-random rules, zones and start times: deterministic, the same cases every run.
 *
 * Left out of the generator, where ical.js 2.2.1 itself is wrong (see docs/series.md): BYSETPOS
 * with FREQ=WEEKLY (ignored), and BYDAY together with BYMONTHDAY (throws or skips months). Those
 * are covered by the hand-written cases below instead.
 */

const ZONES = [
  'UTC',
  'Europe/Berlin',
  'Europe/London',
  'America/New_York',
  'America/Los_Angeles',
  'America/St_Johns',
  'America/Sao_Paulo',
  'Australia/Sydney',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Asia/Tokyo',
];
const DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

/** mulberry32: a small seeded generator, so every run draws the same cases. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function generate(next: () => number) {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const freq = pick(['DAILY', 'WEEKLY', 'MONTHLY'] as const);
  const parts = [`FREQ=${freq}`];
  if (next() < 0.4) parts.push(`INTERVAL=${1 + Math.floor(next() * 3)}`);
  const days = [
    ...new Set([pick(DAYS), pick(DAYS), pick(DAYS)].slice(0, 1 + Math.floor(next() * 3))),
  ];
  const kind = next();
  if (freq === 'MONTHLY') {
    if (kind < 0.3) parts.push(`BYMONTHDAY=${pick([1, 15, 29, 30, 31, -1, -2])}`);
    else if (kind < 0.55)
      parts.push(`BYDAY=${days.map((d) => pick(['', '1', '2', '-1', '4']) + d).join(',')}`);
    else if (kind < 0.8) parts.push(`BYDAY=${days.join(',')}`, `BYSETPOS=${pick([1, 2, -1, -2])}`);
  } else if (kind < 0.6) {
    parts.push(`BYDAY=${days.join(',')}`);
  }
  const count = 1 + Math.floor(next() * 40);
  const zone = pick(ZONES);
  const anchor = {
    year: 2027 + Math.floor(next() * 2),
    month: 1 + Math.floor(next() * 12),
    day: 1 + Math.floor(next() * 28),
    hour: Math.floor(next() * 24),
    minute: pick([0, 15, 30, 45]),
    second: 0,
  };
  return { pattern: parts.join(';'), count, zone, anchor };
}

/** ical.js' wall times (floating), the first `count` after DTSTART = the anchor's first match. */
type Anchor = ReturnType<typeof generate>['anchor'];

function referenceWallTimes(pattern: string, anchor: Anchor, count: number) {
  // ical.js always yields DTSTART first; the rule's own first match after it is a true occurrence.
  const probe = ICAL.Recur.fromString(pattern).iterator(ICAL.Time.fromData(anchor));
  probe.next();
  const first = probe.next();
  if (!first) return undefined;
  const iterator = ICAL.Recur.fromString(`${pattern};COUNT=${count}`).iterator(first.clone());
  const walls: Temporal.PlainDateTime[] = [];
  for (let time = iterator.next(); time; time = iterator.next()) {
    walls.push(new Temporal.PlainDateTime(time.year, time.month, time.day, time.hour, time.minute));
  }
  return walls;
}

describe('expandOccurrences against ical.js + Temporal (seeded, 400 generated rules)', () => {
  const next = random(27);
  const cases = Array.from({ length: 400 }, () => generate(next));
  let compared = 0;
  let refused = 0;

  it.each(cases.map((c, i) => [i, c.pattern, c.count, c.zone, c] as const))(
    '#%i %s;COUNT=%i in %s',
    (_, pattern, count, zone, { anchor }) => {
      const walls = referenceWallTimes(pattern, anchor, count);
      if (!walls || walls.length === 0) return;
      const instants = walls.map(
        (wall) => wall.toZonedDateTime(zone, { disambiguation: 'compatible' }).epochMilliseconds,
      );
      const first = walls[0]!.toZonedDateTime(zone, { disambiguation: 'compatible' });
      // A DTSTART inside a DST gap names no instant of its own; such a start is not an input.
      if (!first.toPlainDateTime().equals(walls[0]!)) return;
      const rule = parseRecurrence(`${pattern};COUNT=${count}`);
      const twoYears = Temporal.Instant.fromEpochMilliseconds(instants[0]!)
        .toZonedDateTimeISO('UTC')
        .add({ years: 2 }).epochMilliseconds;
      if (instants.at(-1)! > twoYears) {
        expect(() => expandOccurrences(rule, instants[0]!, zone)).toThrow();
        refused += 1;
        return;
      }
      expect(
        expandOccurrences(rule, instants[0]!, zone).map((ms) => new Date(ms).toISOString()),
      ).toEqual(instants.map((ms) => new Date(ms).toISOString()));
      compared += 1;
    },
  );

  it('compared most cases in full, some across the two-year cap (the check is not vacuous)', () => {
    expect(cases.filter((c) => c.zone !== 'UTC' && c.count > 10).length).toBeGreaterThan(200);
    expect(compared).toBeGreaterThan(300);
    expect(refused).toBeGreaterThan(0);
  });
});

describe('expandOccurrences: what ical.js cannot check', () => {
  const iso = (ms: number[]) => ms.map((m) => new Date(m).toISOString());
  const expand = (rule: string, start: string, zone: string) =>
    iso(expandOccurrences(parseRecurrence(rule), Date.parse(start), zone));

  it('applies BYSETPOS within each week (first of Mon/Wed each week)', () => {
    expect(
      expand('FREQ=WEEKLY;BYDAY=MO,WE;BYSETPOS=1;COUNT=3', '2027-03-22T16:00:00Z', 'UTC'),
    ).toEqual(['2027-03-22T16:00:00.000Z', '2027-03-29T16:00:00.000Z', '2027-04-05T16:00:00.000Z']);
  });

  it('refuses a start that the first week’s BYSETPOS does not pick (RFC 5545 sets per period)', () => {
    // Week of 18 October 2027: {Th 21, Su 24}, BYSETPOS=1 picks the Thursday, before DTSTART.
    expect(() =>
      expand(
        'FREQ=WEEKLY;INTERVAL=4;BYDAY=TH,SU;BYSETPOS=1;COUNT=3',
        '2027-10-24T00:00:00Z',
        'UTC',
      ),
    ).toThrow();
  });

  it('takes BYDAY with BYMONTHDAY as their intersection (a Friday the 13th)', () => {
    expect(
      expand(
        'FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13;COUNT=2',
        '2027-08-13T18:00:00Z',
        'Europe/Berlin',
      ),
    ).toEqual(['2027-08-13T18:00:00.000Z', '2028-10-13T18:00:00.000Z']);
  });

  it('keeps the first occurrence exactly at startsAt, milliseconds and a folded hour included', () => {
    // 01:30 EST on 7 November 2027 is the second 01:30 of the day: the start stays as given.
    expect(expand('FREQ=DAILY;COUNT=2', '2027-11-07T06:30:00.250Z', 'America/New_York')).toEqual([
      '2027-11-07T06:30:00.250Z',
      '2027-11-08T06:30:00.250Z',
    ]);
  });
});
