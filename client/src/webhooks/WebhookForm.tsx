import { useState, type FormEvent } from 'react';
import { ErrorSummary } from '../components/ErrorSummary';
import { fieldId } from '../components/Field';
import { TextField } from '../components/TextField';
import { NO_ERRORS, toFormErrors, type FormErrors } from '../lib/form-errors';
import { EVENT_TYPES, WEBHOOK_LABELS, type WebhookFormValues } from './webhook-form';

interface WebhookFormProps {
  initial: WebhookFormValues;
  /** distinguishes the ids of several forms on one page */
  idPrefix: string;
  submitLabel: string;
  busyLabel: string;
  busy: boolean;
  /** sends the values; a rejection's field errors show next to their fields */
  onSubmit(values: WebhookFormValues): Promise<void>;
  onCancel?(): void;
}

/** URL, events (all, or chosen types) and description, for a new webhook and for an edit. */
export function WebhookForm(props: WebhookFormProps) {
  const { idPrefix, busy } = props;
  const [values, setValues] = useState(props.initial);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const set = (changes: Partial<WebhookFormValues>) => setValues((v) => ({ ...v, ...changes }));

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    try {
      await props.onSubmit(values);
      setErrors(NO_ERRORS);
    } catch (error) {
      setErrors(toFormErrors(error, WEBHOOK_LABELS));
    }
  };

  return (
    <form className="webhook-form" onSubmit={(e) => void submit(e)} noValidate>
      <ErrorSummary errors={errors} idPrefix={idPrefix} />
      <TextField
        name="url"
        label={WEBHOOK_LABELS.url}
        hint="Where each delivery is POSTed: an http or https address your system answers."
        error={errors.fields.url}
        required
        idPrefix={idPrefix}
        type="url"
        inputMode="url"
        autoComplete="url"
        spellCheck={false}
        value={values.url}
        onValue={(url) => set({ url })}
      />
      <EventsChoice
        idPrefix={idPrefix}
        values={values}
        error={errors.fields.events}
        onChange={set}
      />
      <TextField
        name="description"
        label={WEBHOOK_LABELS.description}
        hint="For you: what this webhook feeds (“CRM sync”)."
        error={errors.fields.description}
        idPrefix={idPrefix}
        maxLength={500}
        value={values.description}
        onValue={(description) => set({ description })}
      />
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? props.busyLabel : props.submitLabel}
        </button>
        {props.onCancel && (
          <button type="button" className="button" onClick={props.onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

interface EventsChoiceProps {
  idPrefix: string;
  values: WebhookFormValues;
  error?: string;
  onChange(changes: Partial<WebhookFormValues>): void;
}

/** All events, or the chosen types as checkboxes; the API's message on `events` below. */
function EventsChoice({ idPrefix, values, error, onChange }: EventsChoiceProps) {
  const id = fieldId('events', idPrefix);
  const toggle = (type: (typeof values.events)[number], on: boolean) =>
    onChange({ events: on ? [...values.events, type] : values.events.filter((t) => t !== type) });
  return (
    <fieldset
      className={`field-group webhook-events${error ? ' field-invalid' : ''}`}
      aria-describedby={error ? `${id}-error` : undefined}
    >
      <legend>{WEBHOOK_LABELS.events}</legend>
      <div className="field-check">
        <input
          id={id}
          type="radio"
          name={`${idPrefix}-events`}
          checked={values.all}
          onChange={() => onChange({ all: true })}
        />
        <label htmlFor={id}>All events, including kinds added later</label>
      </div>
      <div className="field-check">
        <input
          id={`${id}-chosen`}
          type="radio"
          name={`${idPrefix}-events`}
          checked={!values.all}
          onChange={() => onChange({ all: false })}
        />
        <label htmlFor={`${id}-chosen`}>Only these:</label>
      </div>
      {!values.all && (
        <ul className="event-types">
          {EVENT_TYPES.map(([type, meaning]) => (
            <li className="field-check" key={type}>
              <input
                id={`${id}-${type}`}
                type="checkbox"
                checked={values.events.includes(type)}
                onChange={(e) => toggle(type, e.target.checked)}
              />
              <label htmlFor={`${id}-${type}`}>
                {meaning} <code>{type}</code>
              </label>
            </li>
          ))}
        </ul>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error" data-field-error="events">
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      )}
    </fieldset>
  );
}
