import { useMemo } from 'react';
import { formatDateTime, plural } from '../lib/format';
import { zoneLabel } from '../lib/time-zones';
import { expand, MAX_OCCURRENCES, MAX_SPAN_YEARS } from './expand';
import { buildRule, RULE_PROBLEMS, type Repeat } from './recurrence';

const SHOWN = 10;

/**
 * The first dates of the series before it is saved, on the event's clock, worked out in the
 * browser (`expand`); the server expands the same rule the same way when it saves.
 */
export function SeriesPreview({
  repeat,
  startsAt,
  timeZone,
}: {
  repeat: Repeat;
  startsAt: string;
  timeZone: string;
}) {
  const { rule, problem } = buildRule(repeat, startsAt, timeZone);
  const expansion = useMemo(
    () => (rule ? expand(rule, startsAt, timeZone, SHOWN) : null),
    [rule, startsAt, timeZone],
  );

  let summary: string;
  if (problem) summary = RULE_PROBLEMS[problem];
  else if (!expansion) summary = 'The start is not one of the dates this rule makes.';
  else if (expansion.beyond === 'count')
    summary = `This makes more than ${MAX_OCCURRENCES} events: a series has at most ${MAX_OCCURRENCES}.`;
  else if (expansion.beyond === 'span')
    summary = `A series may last ${MAX_SPAN_YEARS} years at most: end it sooner.`;
  else if (expansion.total === 0)
    summary = 'This rule makes no event: the last date is before the start.';
  else
    summary = `${plural(expansion.total, 'event')} in all, on ${zoneLabel(timeZone)}${
      expansion.total > SHOWN ? `; the first ${SHOWN}` : ''
    }:`;

  return (
    <section
      className="series-preview"
      aria-labelledby="series-preview-title"
      data-testid="series-preview"
    >
      <h2 id="series-preview-title">Dates</h2>
      <p className={expansion?.beyond ? 'alert alert-warning' : 'hint'} aria-live="polite">
        {summary}
      </p>
      {expansion && expansion.starts.length > 0 && !expansion.beyond && (
        <ol className="preview-dates">
          {expansion.starts.map((start) => (
            <li key={start}>
              <time dateTime={start}>{formatDateTime(start, timeZone)}</time>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
