import type { ReactNode } from 'react';
import { setPosition, WEEKDAY_NAMES, type monthPosition, type Repeat } from './recurrence';

const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth'];

interface ChoiceProps {
  repeat: Repeat;
  set(change: Partial<Repeat>): void;
}

function Radio(props: {
  name: string;
  value: string;
  checked: boolean;
  onPick(): void;
  children: ReactNode;
}) {
  const id = `${props.name}-${props.value}`;
  return (
    <div className="field-check">
      <input
        id={id}
        type="radio"
        name={props.name}
        checked={props.checked}
        onChange={props.onPick}
      />
      <label htmlFor={id}>{props.children}</label>
    </div>
  );
}

/** Monthly: on the start's day of the month, its nth weekday, or the last such weekday. */
export function MonthlyChoice({
  repeat,
  set,
  at,
}: ChoiceProps & { at: ReturnType<typeof monthPosition> | null }) {
  const weekly = at && repeat.monthlyBy !== 'monthday' ? setPosition(repeat.monthlyBy, at) : 0;
  return (
    <fieldset className="field-group">
      <legend>On</legend>
      {!at ? (
        <p className="hint">Choose the start first: the day of the month follows from it.</p>
      ) : (
        <>
          <Radio
            name="repeat-monthly"
            value="monthday"
            checked={repeat.monthlyBy === 'monthday'}
            onPick={() => set({ monthlyBy: 'monthday' })}
          >
            Day {at.monthday} of the month
            {at.monthday > 28 && ' (months without it are skipped)'}
          </Radio>
          {at.nth <= 4 && (
            <Radio
              name="repeat-monthly"
              value="nth"
              checked={weekly > 0}
              onPick={() => set({ monthlyBy: 'nth' })}
            >
              The {ORDINALS[at.nth - 1]} {WEEKDAY_NAMES[at.weekday]}
            </Radio>
          )}
          {at.last && (
            <Radio
              name="repeat-monthly"
              value="last"
              checked={weekly === -1}
              onPick={() => set({ monthlyBy: 'last' })}
            >
              The last {WEEKDAY_NAMES[at.weekday]}
            </Radio>
          )}
        </>
      )}
    </fieldset>
  );
}

/** Ends after a number of events or on a date (the last day, on the event's clock). */
export function EndsChoice({ repeat, set }: ChoiceProps) {
  return (
    <fieldset className="field-group">
      <legend>Ends</legend>
      <Radio
        name="repeat-ends"
        value="count"
        checked={repeat.ends === 'count'}
        onPick={() => set({ ends: 'count' })}
      >
        After a number of events
      </Radio>
      <Radio
        name="repeat-ends"
        value="until"
        checked={repeat.ends === 'until'}
        onPick={() => set({ ends: 'until' })}
      >
        On a date
      </Radio>
      {repeat.ends === 'count' ? (
        <div className="field">
          <label htmlFor="repeat-count">Number of events (at most 200)</label>
          <input
            id="repeat-count"
            type="text"
            inputMode="numeric"
            autoComplete="off"
            className="input-short"
            value={repeat.count}
            onChange={(e) => set({ count: e.target.value })}
          />
        </div>
      ) : (
        <div className="field">
          <label htmlFor="repeat-until">Last date (on the event’s clock)</label>
          <input
            id="repeat-until"
            type="date"
            value={repeat.until}
            onChange={(e) => set({ until: e.target.value })}
          />
        </div>
      )}
    </fieldset>
  );
}
