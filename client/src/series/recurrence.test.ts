import { describe, expect, it } from 'vitest';
import {
  buildRule,
  monthPosition,
  calendarDate,
  NO_REPEAT,
  untilOf,
  type Repeat,
} from './recurrence';

const repeat = (change: Partial<Repeat>): Repeat => ({ ...NO_REPEAT, ...change });

describe('the RRULE of the form’s choices', () => {
  it('does not repeat: no rule', () => {
    expect(buildRule(NO_REPEAT, '2027-03-16T18:00', 'Europe/Berlin')).toEqual({ rule: null });
  });

  it('daily and every N days', () => {
    expect(buildRule(repeat({ frequency: 'DAILY' }), '2027-03-16T18:00', 'UTC').rule).toBe(
      'FREQ=DAILY;COUNT=10',
    );
    expect(
      buildRule(
        repeat({ frequency: 'DAILY', interval: '3', count: '5' }),
        '2027-03-16T18:00',
        'UTC',
      ).rule,
    ).toBe('FREQ=DAILY;INTERVAL=3;COUNT=5');
  });

  it('weekly on the chosen days, the start’s day always among them, in week order', () => {
    // 16 March 2027 is a Tuesday.
    const weekly = repeat({ frequency: 'WEEKLY', weekdays: ['TH', 'MO'], interval: '2' });
    expect(buildRule(weekly, '2027-03-16T18:00', 'UTC').rule).toBe(
      'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TU,TH;COUNT=10',
    );
    expect(buildRule(repeat({ frequency: 'WEEKLY' }), '2027-03-16T18:00', 'UTC').rule).toBe(
      'FREQ=WEEKLY;BYDAY=TU;COUNT=10',
    );
  });

  it('monthly on the start’s day, its nth weekday or the last one', () => {
    const monthly = (monthlyBy: Repeat['monthlyBy'], start: string) =>
      buildRule(repeat({ frequency: 'MONTHLY', monthlyBy, count: '6' }), start, 'UTC').rule;
    expect(monthly('monthday', '2027-01-31T18:00')).toBe('FREQ=MONTHLY;BYMONTHDAY=31;COUNT=6');
    expect(monthly('nth', '2027-03-16T18:00')).toBe('FREQ=MONTHLY;BYDAY=TU;BYSETPOS=3;COUNT=6');
    expect(monthly('last', '2027-01-29T18:00')).toBe('FREQ=MONTHLY;BYDAY=FR;BYSETPOS=-1;COUNT=6');
    // "The last" once the start moved off the month's last week: the start's nth; a fifth is last.
    expect(monthly('last', '2027-03-16T18:00')).toBe('FREQ=MONTHLY;BYDAY=TU;BYSETPOS=3;COUNT=6');
    expect(monthly('nth', '2027-03-30T18:00')).toBe('FREQ=MONTHLY;BYDAY=TU;BYSETPOS=-1;COUNT=6');
    expect(monthPosition(calendarDate('2027-01-29')!)).toEqual({
      weekday: 'FR',
      nth: 5,
      last: true,
      monthday: 29,
    });
    expect(monthPosition(calendarDate('2027-03-16')!).last).toBe(false);
  });

  it('says what is missing instead of building a broken rule', () => {
    const at = '2027-03-16T18:00';
    expect(buildRule(repeat({ frequency: 'DAILY', interval: '0' }), at, 'UTC').problem).toBe(
      'interval',
    );
    expect(buildRule(repeat({ frequency: 'DAILY', count: 'ten' }), at, 'UTC').problem).toBe(
      'count',
    );
    expect(buildRule(repeat({ frequency: 'DAILY', ends: 'until' }), at, 'UTC').problem).toBe(
      'until',
    );
    expect(buildRule(repeat({ frequency: 'DAILY' }), '', 'UTC').problem).toBe('start');
  });
});

describe('UNTIL: the chosen last day on the event’s clock, in UTC', () => {
  it('is that day’s last second in the event’s zone', () => {
    expect(untilOf('2027-06-01', 'UTC')).toBe('20270601T235959Z');
    // Berlin in summer is UTC+2, New York UTC-4, Tokyo UTC+9.
    expect(untilOf('2027-06-01', 'Europe/Berlin')).toBe('20270601T215959Z');
    expect(untilOf('2027-06-01', 'America/New_York')).toBe('20270602T035959Z');
    expect(untilOf('2027-06-01', 'Asia/Tokyo')).toBe('20270601T145959Z');
    // In winter Berlin is UTC+1.
    expect(untilOf('2027-12-01', 'Europe/Berlin')).toBe('20271201T225959Z');
  });

  it('goes into the rule, and a missing date is no rule', () => {
    const until = repeat({ frequency: 'WEEKLY', ends: 'until', until: '2027-06-01' });
    expect(buildRule(until, '2027-03-16T18:00', 'Europe/Berlin').rule).toBe(
      'FREQ=WEEKLY;BYDAY=TU;UNTIL=20270601T215959Z',
    );
    expect(untilOf('2027-02-30', 'UTC')).toBeNull();
  });
});
