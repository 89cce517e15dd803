import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { toZonedInput } from '../lib/time-zones';
import { expand } from './expand';

const utc = (rule: string, start: string, zone: string, limit = 10) =>
  expand(rule, start, zone, limit)?.starts.map((iso) => iso.replace(':00.000Z', 'Z'));

describe('the preview’s dates keep their local time across DST', () => {
  it('weekly in Berlin through both 2027 changes (28 March, 31 October)', () => {
    expect(utc('FREQ=WEEKLY;BYDAY=TU;COUNT=3', '2027-03-23T18:00', 'Europe/Berlin')).toEqual([
      '2027-03-23T17:00Z',
      '2027-03-30T16:00Z',
      '2027-04-06T16:00Z',
    ]);
    expect(utc('FREQ=WEEKLY;BYDAY=TU;COUNT=2', '2027-10-26T18:00', 'Europe/Berlin')).toEqual([
      '2027-10-26T16:00Z',
      '2027-11-02T17:00Z',
    ]);
  });

  it('weekly in New York through both 2027 changes (14 March, 7 November)', () => {
    expect(utc('FREQ=WEEKLY;BYDAY=TH;COUNT=2', '2027-03-11T18:00', 'America/New_York')).toEqual([
      '2027-03-11T23:00Z',
      '2027-03-18T22:00Z',
    ]);
    expect(utc('FREQ=WEEKLY;BYDAY=TH;COUNT=2', '2027-11-04T18:00', 'America/New_York')).toEqual([
      '2027-11-04T22:00Z',
      '2027-11-11T23:00Z',
    ]);
  });

  it('a daily 02:30 in New York moves forward by the gap on 14 March', () => {
    const starts = expand('FREQ=DAILY;COUNT=4', '2027-03-12T02:30', 'America/New_York')!.starts;
    expect(starts.map((s) => s.slice(0, 16))).toEqual([
      '2027-03-12T07:30',
      '2027-03-13T07:30',
      '2027-03-14T07:30', // 03:30 EDT: 02:30 does not exist that day
      '2027-03-15T06:30',
    ]);
    expect(starts.map((s) => toZonedInput(s, 'America/New_York').slice(11))).toEqual([
      '02:30',
      '02:30',
      '03:30',
      '02:30',
    ]);
  });

  it('monthly on the 31st skips the months without one; the last Friday', () => {
    const days = (rule: string, start: string) =>
      expand(rule, start, 'Europe/Berlin')!.starts.map((s) => toZonedInput(s, 'Europe/Berlin'));
    expect(days('FREQ=MONTHLY;BYMONTHDAY=31;COUNT=4', '2027-01-31T19:00')).toEqual([
      '2027-01-31T19:00',
      '2027-03-31T19:00',
      '2027-05-31T19:00',
      '2027-07-31T19:00',
    ]);
    expect(days('FREQ=MONTHLY;BYDAY=FR;BYSETPOS=-1;COUNT=3', '2027-01-29T19:00')).toEqual([
      '2027-01-29T19:00',
      '2027-02-26T19:00',
      '2027-03-26T19:00',
    ]);
  });

  it('UNTIL is inclusive; totals and the caps', () => {
    const until = expand('FREQ=DAILY;UNTIL=20270110T225959Z', '2027-01-01T18:00', 'Europe/Berlin');
    expect(until).toEqual(expect.objectContaining({ total: 10 }));
    const most = expand('FREQ=DAILY;COUNT=200', '2027-01-01T18:00', 'UTC', 5);
    expect([most?.total, most?.starts.length, most?.beyond]).toEqual([200, 5, undefined]);
    expect(expand('FREQ=DAILY;COUNT=201', '2027-01-01T18:00', 'UTC')?.beyond).toBe('count');
    expect(expand('FREQ=MONTHLY;BYMONTHDAY=1;COUNT=30', '2027-01-01T18:00', 'UTC')?.beyond).toBe(
      'span',
    );
  });

  it('refuses a start the rule does not make', () => {
    expect(expand('FREQ=WEEKLY;BYDAY=MO;COUNT=3', '2027-03-16T18:00', 'UTC')).toBeNull();
  });
});

describe('the same dates as ical.js (an independent implementation)', () => {
  const templates = [
    'FREQ=DAILY;INTERVAL=3;COUNT=40',
    'FREQ=WEEKLY;BYDAY=MO,WE,FR;COUNT=60',
    'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,SU;COUNT=50',
    'FREQ=MONTHLY;BYMONTHDAY={d};COUNT=20',
    'FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY={d};COUNT=10',
    'FREQ=MONTHLY;BYDAY={w};BYSETPOS={n};COUNT=20',
    'FREQ=MONTHLY;BYDAY={w};BYSETPOS=-1;COUNT=20',
  ];
  const names = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

  it('over a few hundred rules and starts', () => {
    let compared = 0;
    for (let i = 0; i < 60; i += 1) {
      const day = new Date(Date.UTC(2027, 0, 1) + i * 6 * 86_400_000);
      const start = `${day.toISOString().slice(0, 10)}T18:00`;
      const weekday = names[(day.getUTCDay() + 6) % 7]!;
      const nth = Math.ceil(day.getUTCDate() / 7);
      const length = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth() + 1, 0));
      const last = day.getUTCDate() + 7 > length.getUTCDate();
      for (const template of templates) {
        if (template.includes('{n}') && nth > 4) continue;
        if (template.includes('BYSETPOS=-1') && !last) continue;
        if (template.includes('WEEKLY') && !template.split('BYDAY=')[1]!.includes(weekday))
          continue;
        const rule = template
          .replace('{d}', String(day.getUTCDate()))
          .replace('{w}', weekday)
          .replace('{n}', String(nth));
        const iterator = ICAL.Recur.fromString(rule).iterator(
          ICAL.Time.fromDateTimeString(`${start}:00`),
        );
        const theirs: string[] = [];
        for (let next = iterator.next(); next; next = iterator.next()) {
          theirs.push(next.toString().slice(0, 16));
        }
        const ours = expand(rule, start, 'UTC', 200)?.starts.map((s) => s.slice(0, 16));
        expect(ours, `${rule} from ${start}`).toEqual(theirs.slice(0, ours?.length));
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThan(200);
  }, 60_000);
});
