import { describe, expect, it } from 'vitest';
import { describeRule } from './describe';

describe('a series’ rule in words', () => {
  it('says how often, on which days and until when', () => {
    expect(describeRule('FREQ=WEEKLY;BYDAY=TU,TH;COUNT=4', 'UTC')).toBe(
      'Every week on Tuesday and Thursday, 4 times',
    );
    expect(describeRule('FREQ=DAILY;INTERVAL=3;COUNT=1', 'UTC')).toBe('Every 3 days, once');
    expect(describeRule('FREQ=MONTHLY;BYMONTHDAY=31;COUNT=6', 'UTC')).toBe(
      'Every month on day 31, 6 times',
    );
    expect(describeRule('FREQ=MONTHLY;INTERVAL=2;BYDAY=FR;BYSETPOS=-1;COUNT=3', 'UTC')).toBe(
      'Every 2 months on the last Friday, 3 times',
    );
    expect(describeRule('FREQ=MONTHLY;BYDAY=2TU;COUNT=3', 'UTC')).toBe(
      'Every month on the second Tuesday, 3 times',
    );
  });

  it('reads UNTIL on the event’s clock', () => {
    // 23:59:59 in Berlin on 1 June 2027 is 21:59:59Z; in Tokyo it is already 2 June.
    expect(describeRule('FREQ=WEEKLY;BYDAY=TU;UNTIL=20270601T215959Z', 'Europe/Berlin')).toMatch(
      /^Every week on Tuesday, until Tue, (1 Jun|Jun 1),? 2027$/,
    );
    expect(describeRule('FREQ=DAILY;UNTIL=20270601T215959Z', 'Asia/Tokyo')).toMatch(
      /until Wed, (2 Jun|Jun 2)/,
    );
  });

  it('leaves a rule it cannot read to the caller', () => {
    expect(describeRule('FREQ=YEARLY;COUNT=2', 'UTC')).toBeNull();
  });
});
