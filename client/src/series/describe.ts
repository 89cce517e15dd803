import { WEEKDAY_NAMES, type Weekday } from './recurrence';

const ORDINALS: Record<string, string> = {
  '1': 'first',
  '2': 'second',
  '3': 'third',
  '4': 'fourth',
  '5': 'fifth',
  '-1': 'last',
  '-2': 'second to last',
};
const UNITS: Record<string, [string, string]> = {
  DAILY: ['day', 'days'],
  WEEKLY: ['week', 'weeks'],
  MONTHLY: ['month', 'months'],
};

const list = (items: string[]) =>
  items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;

/**
 * A series' rule in words, for its page: "Every week on Tuesday and Thursday, 4 times", "Every 2
 * months on the last Friday, until Tue, 1 Jun 2027" (UNTIL's day on the event's clock). A rule
 * it cannot read (not one the form makes) is left to the caller to show as it is: null.
 */
export function describeRule(rule: string, timeZone: string): string | null {
  const parts = new Map(rule.split(';').map((p) => p.split('=') as [string, string]));
  const unit = UNITS[parts.get('FREQ') ?? ''];
  if (!unit) return null;
  const interval = Number(parts.get('INTERVAL') ?? 1);
  let text = interval === 1 ? `Every ${unit[0]}` : `Every ${interval} ${unit[1]}`;
  const days = parts.get('BYDAY')?.split(',') ?? [];
  const setpos = parts.get('BYSETPOS');
  const name = (day: string) => WEEKDAY_NAMES[day.slice(-2) as Weekday] ?? day;
  if (parts.has('BYMONTHDAY')) text += ` on day ${list(parts.get('BYMONTHDAY')!.split(','))}`;
  else if (setpos && days.length === 1 && ORDINALS[setpos])
    text += ` on the ${ORDINALS[setpos]} ${name(days[0]!)}`;
  else if (days.length > 0 && !setpos) {
    const named = days.map((day) => {
      const ordinal = ORDINALS[day.slice(0, -2).replace('+', '')];
      return ordinal ? `the ${ordinal} ${name(day)}` : name(day);
    });
    text += ` on ${list(named)}`;
  } else if (setpos) return null;
  const count = parts.get('COUNT');
  const until = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(parts.get('UNTIL') ?? '');
  if (count) text += count === '1' ? ', once' : `, ${count} times`;
  if (until) {
    const [y = 0, mo = 1, d = 1, h = 0, mi = 0, s = 0] = until.slice(1).map(Number);
    const day = new Intl.DateTimeFormat(undefined, {
      timeZone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
    }).format(new Date(Date.UTC(y, mo - 1, d, h, mi, s)));
    text += `, until ${day}`;
  }
  return text;
}
