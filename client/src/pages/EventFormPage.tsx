import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import {
  asApiError,
  errorMessage,
  etag,
  type CreateEventBody,
  type EventDetail,
} from '../api/client';
import { ErrorSummary } from '../components/ErrorSummary';
import { Field } from '../components/Field';
import { CATEGORIES } from '../events/categories';
import {
  changedFields,
  EMPTY,
  LABELS,
  rebase,
  toBody,
  toValues,
  type FieldName,
  type Rebased,
  type Values,
} from '../events/event-form-values';
import { useCreateEvent, useEventMutations } from '../events/event-mutations';
import { eventQuery } from '../events/event-queries';
import { flashState } from '../lib/flash';
import { NO_ERRORS, toFormErrors, type FormErrors } from '../lib/form-errors';
import { timeZoneOptions } from '../lib/time-zones';
import { useEventId } from '../lib/use-event-id';
import { useTitle } from '../lib/use-title';
import { NotFound } from './NotFound';

export function NewEventPage() {
  useTitle('New event');
  const create = useCreateEvent();
  const navigate = useNavigate();
  return (
    <EventForm
      initial={EMPTY}
      onSave={async (values) => {
        const created = await create.mutateAsync({ body: toBody(values) as CreateEventBody });
        if (created)
          await navigate(`/events/${created.id}`, { state: flashState('Event created.') });
      }}
    />
  );
}

export function EditEventPage() {
  const id = useEventId();
  return id === null ? <NotFound /> : <EditEvent key={id} id={id} />;
}

function EditEvent({ id }: { id: number }) {
  const query = useQuery(eventQuery(id));
  const event = query.data;
  useTitle(`Edit ${event?.name ?? 'event'}`);

  if (query.isPending) {
    return (
      <section aria-busy="true">
        <h1 tabIndex={-1}>Edit event</h1>
        <p className="muted">Loading…</p>
      </section>
    );
  }
  if (!event) {
    return (
      <section>
        <h1 tabIndex={-1}>Edit event</h1>
        <p className="alert alert-error" role="alert">
          {errorMessage(query.error)}
        </p>
        <Link to="/">Back to all events</Link>
      </section>
    );
  }
  if (!event.isOwner || event.status === 'cancelled') {
    return (
      <section>
        <h1 tabIndex={-1}>Edit event</h1>
        <p className="alert alert-warning">
          {event.isOwner
            ? `“${event.name}” was cancelled and can no longer be changed.`
            : `Only the organizer can change “${event.name}”.`}
        </p>
        <Link to={`/events/${event.id}`}>Back to the event</Link>
      </section>
    );
  }
  return <EditForm event={event} />;
}

function EditForm({ event }: { event: EventDetail }) {
  const { update } = useEventMutations(event.id);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  // The version this form edits: the loaded one, or the latest after a conflict's reload.
  const [base, setBase] = useState(event);
  const [rebased, setRebased] = useState<Rebased>();

  const reload = async (values: Values, initial: Values) => {
    const latest = await queryClient.fetchQuery({ ...eventQuery(event.id), staleTime: 0 });
    const next = rebase(values, initial, toValues(latest));
    setBase(latest);
    setRebased(next);
    return { initial: toValues(latest), values: next.values };
  };

  return (
    <EventForm
      key={base.version}
      event={base}
      initial={toValues(base)}
      startValues={rebased?.values}
      conflicts={rebased?.conflicts}
      onReload={reload}
      onSave={async (values, initial) => {
        const changed = changedFields(values, initial);
        if (changed.size > 0) {
          await update.mutateAsync({
            params: { path: { id: base.id }, header: { 'If-Match': etag(base) } },
            body: toBody(values, changed),
          });
        }
        await navigate(`/events/${base.id}`, {
          state: flashState(
            changed.size > 0 ? 'Changes saved.' : 'Nothing changed.',
            changed.size > 0 ? 'success' : 'info',
          ),
        });
      }}
    />
  );
}

interface EventFormProps {
  event?: EventDetail;
  initial: Values;
  startValues?: Values;
  conflicts?: Rebased['conflicts'];
  onSave(values: Values, initial: Values): Promise<void>;
  onReload?(values: Values, initial: Values): Promise<unknown>;
}

/** Create or edit an event. Edits send only the fields that changed, with `If-Match`. */
function EventForm({
  event,
  initial,
  startValues,
  conflicts = [],
  onSave,
  onReload,
}: EventFormProps) {
  const editing = event !== undefined;
  const [values, setValues] = useState<Values>(startValues ?? initial);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [stale, setStale] = useState(false);
  const [busy, setBusy] = useState(false);
  const zones = useMemo(() => timeZoneOptions(values.timeZone), [values.timeZone]);

  const set = (name: FieldName) => (e: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [name]: e.target.value }));

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setBusy(true);
    try {
      await onSave(values, initial);
    } catch (error) {
      setBusy(false);
      if (asApiError(error).code === 'PRECONDITION_FAILED') {
        setStale(true);
        setErrors(NO_ERRORS);
        return;
      }
      const found = toFormErrors(error, LABELS, { CAPACITY_BELOW_ATTENDEES: 'capacity' });
      // An empty date field is reported as "not a timestamp": say what to do instead.
      for (const name of ['startsAt', 'endsAt'] as const) {
        if (values[name] === '' && found.fields[name])
          found.fields[name] = 'Enter a date and time.';
      }
      found.summary = found.summary.map(([n, label, m]) => [n, label, found.fields[n] ?? m]);
      setErrors(found);
    }
  };

  const reload = async () => {
    setBusy(true);
    try {
      await onReload?.(values, initial);
    } catch (error) {
      setErrors({ ...NO_ERRORS, general: errorMessage(error) });
      setBusy(false);
    }
  };

  const started = event !== undefined && event.status !== 'upcoming';
  const field = (name: FieldName) => ({ name, label: LABELS[name], error: errors.fields[name] });

  return (
    <section className="form-page">
      <p className="breadcrumb">
        <Link to={editing ? `/events/${event.id}` : '/'}>
          ← {editing ? 'Back to the event' : 'All events'}
        </Link>
      </p>
      <h1 tabIndex={-1}>{editing ? `Edit “${event.name}”` : 'New event'}</h1>
      {stale && (
        <div className="alert alert-warning" role="alert" data-testid="conflict">
          <p>
            <strong>Someone else changed this event</strong> while you were editing it. Your changes
            were not saved.
          </p>
          <p>Reload it to see their version; what you typed stays in the form.</p>
          <button type="button" className="button" onClick={() => void reload()} disabled={busy}>
            Reload the event
          </button>
        </div>
      )}
      {conflicts.length > 0 && (
        <div className="alert alert-info" role="status" data-testid="rebased">
          <p>Reloaded. These fields were also changed by someone else; your text is kept:</p>
          <ul>
            {conflicts.map(({ name, theirs }) => (
              <li key={name}>
                {LABELS[name]}: theirs is “{theirs || 'empty'}”
              </li>
            ))}
          </ul>
        </div>
      )}
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
        <div className="actions">
          <button type="submit" className="button button-primary" disabled={busy || stale}>
            {busy ? 'Saving…' : editing ? 'Save changes' : 'Create event'}
          </button>
          <Link to={editing ? `/events/${event.id}` : '/'} className="button">
            Cancel
          </Link>
        </div>
      </form>
    </section>
  );
}
