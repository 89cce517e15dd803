import {
  calendarDate,
  monthPosition,
  WEEKDAY_NAMES,
  WEEKDAYS,
  weekdayOf,
  type Frequency,
  type Repeat,
} from './recurrence';
import { EndsChoice, MonthlyChoice } from './RepeatChoices';
import { SeriesPreview } from './SeriesPreview';

interface RepeatFieldsProps {
  repeat: Repeat;
  onChange(repeat: Repeat): void;
  /** the form's start (`datetime-local` text) and zone: the monthly choices follow the start */
  startsAt: string;
  timeZone: string;
  /** the API's (or the form's) message for `recurrence` */
  error?: string;
}

const UNITS: Record<Exclude<Frequency, 'none'>, string> = {
  DAILY: 'days',
  WEEKLY: 'weeks',
  MONTHLY: 'months',
};

/** "Repeats" on the new-event form: how often, on which days, until when, and a preview. */
export function RepeatFields({ repeat, onChange, startsAt, timeZone, error }: RepeatFieldsProps) {
  const set = (change: Partial<Repeat>) => onChange({ ...repeat, ...change });
  const start = calendarDate(startsAt);
  const at = start && monthPosition(start);
  const startDay = start && weekdayOf(start);
  const errorId = error ? 'field-recurrence-error' : undefined;

  return (
    <fieldset className="field-group repeat-fields">
      <legend>Repeats</legend>
      <div className={`field${error ? ' field-invalid' : ''}`}>
        <label htmlFor="field-recurrence">How often</label>
        <select
          id="field-recurrence"
          value={repeat.frequency}
          aria-invalid={error ? true : undefined}
          aria-describedby={errorId}
          onChange={(e) => set({ frequency: e.target.value as Frequency })}
        >
          <option value="none">Does not repeat</option>
          <option value="DAILY">Daily</option>
          <option value="WEEKLY">Weekly</option>
          <option value="MONTHLY">Monthly</option>
        </select>
        {error && (
          <p id="field-recurrence-error" className="field-error" data-field-error="recurrence">
            <span aria-hidden="true">⚠ </span>
            {error}
          </p>
        )}
      </div>
      {repeat.frequency !== 'none' && (
        <>
          <div className="field">
            <label htmlFor="repeat-interval">Every how many {UNITS[repeat.frequency]}</label>
            <input
              id="repeat-interval"
              type="text"
              inputMode="numeric"
              autoComplete="off"
              className="input-short"
              value={repeat.interval}
              onChange={(e) => set({ interval: e.target.value })}
            />
          </div>
          {repeat.frequency === 'WEEKLY' && (
            <fieldset className="field-group weekdays">
              <legend>On these days</legend>
              {startDay && (
                <p className="hint">
                  {WEEKDAY_NAMES[startDay]}, the start’s day, is always one of them.
                </p>
              )}
              {WEEKDAYS.map((day) => (
                <div className="field-check" key={day}>
                  <input
                    id={`repeat-day-${day}`}
                    type="checkbox"
                    checked={day === startDay || repeat.weekdays.includes(day)}
                    disabled={day === startDay}
                    onChange={(e) =>
                      set({
                        weekdays: e.target.checked
                          ? [...repeat.weekdays, day]
                          : repeat.weekdays.filter((d) => d !== day),
                      })
                    }
                  />
                  <label htmlFor={`repeat-day-${day}`}>{WEEKDAY_NAMES[day]}</label>
                </div>
              ))}
            </fieldset>
          )}
          {repeat.frequency === 'MONTHLY' && <MonthlyChoice repeat={repeat} set={set} at={at} />}
          <EndsChoice repeat={repeat} set={set} />
          <SeriesPreview repeat={repeat} startsAt={startsAt} timeZone={timeZone} />
        </>
      )}
    </fieldset>
  );
}
