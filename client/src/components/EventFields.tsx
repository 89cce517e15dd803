import { useMemo } from 'react';
import type { EventDetail } from '../api/client';
import { CATEGORIES } from '../events/categories';
import { LABELS, type FieldName, type Values } from '../events/event-form-values';
import type { FormErrors } from '../lib/form-errors';
import { timeZoneOptions } from '../lib/time-zones';
import { Field } from './Field';

interface EventFieldsProps {
  /** the event being edited; none while creating one */
  event?: EventDetail;
  values: Values;
  errors: FormErrors;
  onChange(name: FieldName, value: string): void;
}

/** The inputs of the event form: what, where, when (on the event's clock) and how many. */
export function EventFields({ event, values, errors, onChange }: EventFieldsProps) {
  const zones = useMemo(() => timeZoneOptions(values.timeZone), [values.timeZone]);
  const started = event !== undefined && event.status !== 'upcoming';
  const set = (name: FieldName) => (e: { target: { value: string } }) =>
    onChange(name, e.target.value);
  const field = (name: FieldName) => ({ name, label: LABELS[name], error: errors.fields[name] });

  return (
    <>
      <Field {...field('name')} required>
        {(props) => (
          <input
            {...props}
            type="text"
            maxLength={200}
            value={values.name}
            onChange={set('name')}
          />
        )}
      </Field>
      <Field {...field('description')}>
        {(props) => (
          <textarea
            {...props}
            rows={5}
            maxLength={5000}
            value={values.description}
            onChange={set('description')}
          />
        )}
      </Field>
      <div className="field-row">
        <Field {...field('location')}>
          {(props) => (
            <input
              {...props}
              type="text"
              maxLength={200}
              value={values.location}
              onChange={set('location')}
            />
          )}
        </Field>
        <Field {...field('category')} required>
          {(props) => (
            <select {...props} value={values.category} onChange={set('category')}>
              {CATEGORIES.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <fieldset className="field-group" aria-describedby="time-zone-hint">
        <legend>Date and time</legend>
        <p className="hint" id="time-zone-hint">
          On the clock of the event’s time zone.
          {started && ' The event has started; its start can no longer move to the past.'}
        </p>
        <Field {...field('timeZone')} required>
          {(props) => (
            <select {...props} value={values.timeZone} onChange={set('timeZone')}>
              {zones.map((zone) => (
                <option key={zone} value={zone}>
                  {zone.replaceAll('_', ' ')}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div className="field-row">
          <Field {...field('startsAt')} required>
            {(props) => (
              <input
                {...props}
                type="datetime-local"
                value={values.startsAt}
                onChange={set('startsAt')}
              />
            )}
          </Field>
          <Field {...field('endsAt')} required>
            {(props) => (
              <input
                {...props}
                type="datetime-local"
                value={values.endsAt}
                onChange={set('endsAt')}
              />
            )}
          </Field>
        </div>
      </fieldset>
      <Field
        {...field('capacity')}
        hint={
          event && event.attendeeCount > 0
            ? `Leave empty for no limit. At least ${event.attendeeCount} (already registered).`
            : 'Leave empty for no limit.'
        }
      >
        {(props) => (
          <input
            {...props}
            type="text"
            inputMode="numeric"
            autoComplete="off"
            value={values.capacity}
            onChange={set('capacity')}
          />
        )}
      </Field>
    </>
  );
}
