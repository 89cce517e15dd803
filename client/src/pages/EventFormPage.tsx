import { useEffect, useState, type FormEvent } from 'react';
import {
  api,
  call,
  errorMessage,
  isAbort,
  type CreateEventBody,
  type EventDetail,
  type UpdateEventBody,
} from '../api/client';
import { ErrorSummary } from '../components/ErrorSummary';
import { Field } from '../components/Field';
import { flash } from '../flash';
import { NO_ERRORS, toFormErrors, type FormErrors } from '../lib/form-errors';
import { fromLocalInput, timeZone, toLocalInput } from '../lib/format';
import { useTitle } from '../lib/use-title';
import { Link, navigate } from '../router';

const LABELS = {
  name: 'Name',
  description: 'Description',
  location: 'Location',
  startsAt: 'Start',
  endsAt: 'End',
  capacity: 'Capacity',
};
type Name = keyof typeof LABELS;
type Values = Record<Name, string>;

const EMPTY: Values = {
  name: '',
  description: '',
  location: '',
  startsAt: '',
  endsAt: '',
  capacity: '',
};

function toValues(event: EventDetail): Values {
  return {
    name: event.name,
    description: event.description ?? '',
    location: event.location ?? '',
    startsAt: toLocalInput(event.startsAt),
    endsAt: toLocalInput(event.endsAt),
    capacity: event.capacity === null ? '' : String(event.capacity),
  };
}

/**
 * Capacity text → API value: empty is unlimited (null), digits a number. Anything else goes as
 * typed, so that the API's own message says what is wrong with it.
 */
function toCapacity(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  return /^\d{1,9}$/.test(trimmed) ? Number(trimmed) : (trimmed as unknown as number);
}

/** Form text → API body, for every field or only the `only` ones. */
function toBody(values: Values, only?: Set<Name>): UpdateEventBody {
  const body: UpdateEventBody = {};
  const want = (name: Name) => only === undefined || only.has(name);
  if (want('name')) body.name = values.name;
  if (want('description')) body.description = values.description.trim() || null;
  if (want('location')) body.location = values.location.trim() || null;
  if (want('startsAt')) body.startsAt = fromLocalInput(values.startsAt);
  if (want('endsAt')) body.endsAt = fromLocalInput(values.endsAt);
  if (want('capacity')) body.capacity = toCapacity(values.capacity);
  return body;
}

type Load =
  | { state: 'loading' }
  | { state: 'ready'; event?: EventDetail }
  | { state: 'failed'; message: string };

/** Create (`id` undefined) or edit an event. Edits send only the fields that changed. */
export function EventFormPage({ id }: { id?: number }) {
  const editing = id !== undefined;
  const [load, setLoad] = useState<Load>(editing ? { state: 'loading' } : { state: 'ready' });
  const [values, setValues] = useState<Values>(EMPTY);
  const [initial, setInitial] = useState<Values>(EMPTY);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const event = load.state === 'ready' ? load.event : undefined;
  useTitle(editing ? `Edit ${event?.name ?? 'event'}` : 'New event');

  useEffect(() => {
    if (id === undefined) return;
    const controller = new AbortController();
    call(api.GET('/api/v1/events/{id}', { params: { path: { id } }, signal: controller.signal }))
      .then((loaded) => {
        setLoad({ state: 'ready', event: loaded });
        setValues(toValues(loaded));
        setInitial(toValues(loaded));
      })
      .catch((error: unknown) => {
        if (!isAbort(error)) setLoad({ state: 'failed', message: errorMessage(error) });
      });
    return () => controller.abort();
  }, [id]);

  const set = (name: Name) => (e: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [name]: e.target.value }));

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setBusy(true);
    try {
      if (id === undefined) {
        const created = await call(
          api.POST('/api/v1/events', { body: toBody(values) as CreateEventBody }),
        );
        navigate(`/events/${created.id}`);
        flash('Event created.');
      } else {
        const changed = new Set(
          (Object.keys(LABELS) as Name[]).filter((n) => values[n] !== initial[n]),
        );
        if (changed.size > 0) {
          await call(
            api.PATCH('/api/v1/events/{id}', {
              params: { path: { id } },
              body: toBody(values, changed),
            }),
          );
        }
        navigate(`/events/${id}`);
        flash(
          changed.size > 0 ? 'Changes saved.' : 'Nothing changed.',
          changed.size > 0 ? 'success' : 'info',
        );
      }
    } catch (error) {
      const found = toFormErrors(error, LABELS, { CAPACITY_BELOW_ATTENDEES: 'capacity' });
      // An empty date field is reported as "not a timestamp": say what to do instead.
      for (const name of ['startsAt', 'endsAt'] as const) {
        if (values[name] === '' && found.fields[name])
          found.fields[name] = 'Enter a date and time.';
      }
      found.summary = found.summary.map(([n, label, m]) => [n, label, found.fields[n] ?? m]);
      setErrors(found);
      setBusy(false);
    }
  };

  if (load.state === 'loading') {
    return (
      <section aria-busy="true">
        <h1 tabIndex={-1}>Edit event</h1>
        <p className="muted">Loading…</p>
      </section>
    );
  }
  if (load.state === 'failed') {
    return (
      <section>
        <h1 tabIndex={-1}>Edit event</h1>
        <p className="alert alert-error" role="alert">
          {load.message}
        </p>
        <Link to="/">Back to all events</Link>
      </section>
    );
  }
  if (editing && event && !event.isOwner) {
    return (
      <section>
        <h1 tabIndex={-1}>Edit event</h1>
        <p className="alert alert-warning">Only the organizer can change “{event.name}”.</p>
        <Link to={`/events/${event.id}`}>Back to the event</Link>
      </section>
    );
  }

  const started = event !== undefined && event.status !== 'upcoming';
  const field = (name: Name) => ({ name, label: LABELS[name], error: errors.fields[name] });

  return (
    <section className="form-page">
      <p className="breadcrumb">
        <Link to={editing ? `/events/${id}` : '/'}>
          ← {editing ? 'Back to the event' : 'All events'}
        </Link>
      </p>
      <h1 tabIndex={-1}>{editing ? `Edit “${event?.name ?? ''}”` : 'New event'}</h1>
      <form className="event-form" onSubmit={(e) => void submit(e)} noValidate>
        <ErrorSummary errors={errors} />
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
        <fieldset className="field-group" aria-describedby="time-zone-hint">
          <legend>Date and time</legend>
          <p className="hint" id="time-zone-hint">
            In your time zone ({timeZone}).
            {started && ' The event has started; its start can no longer move to the past.'}
          </p>
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
        <div className="actions">
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? 'Saving…' : editing ? 'Save changes' : 'Create event'}
          </button>
          <Link to={editing ? `/events/${id}` : '/'} className="button">
            Cancel
          </Link>
        </div>
      </form>
    </section>
  );
}
