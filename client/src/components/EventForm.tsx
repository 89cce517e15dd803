import { useMutation } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { Link } from 'react-router';
import { asApiError, errorMessage, type EventDetail } from '../api/client';
import { isStaleSave, saveErrors } from '../events/event-form-errors';
import { LABELS, type Rebased, type Values } from '../events/event-form-values';
import { questionErrors, questionsLocked } from '../events/question-editor';
import { NO_SETTINGS, type Settings } from '../events/registration-settings';
import { NO_ERRORS, type FormErrors } from '../lib/form-errors';
import { ErrorSummary } from './ErrorSummary';
import { EventFields } from './EventFields';
import { QuestionsEditor } from './QuestionsEditor';

export interface EventFormProps {
  event?: EventDetail;
  initial: Values;
  startValues?: Values;
  conflicts?: Rebased['conflicts'];
  /** approval and questions as the form starts with them */
  startSettings?: Settings;
  /** `draft`: a new event kept unpublished (create only) */
  onSave(values: Values, initial: Values, draft: boolean, settings: Settings): Promise<void>;
  onReload?(values: Values, initial: Values, settings: Settings): Promise<unknown>;
  /** more of the form after the event's fields (a new event's "Repeats", an occurrence's scope) */
  extra?(values: Values, errors: FormErrors): ReactNode;
  /** labels of the fields `extra` adds, for the API's field errors */
  extraLabels?: Record<string, string>;
  /** a new series cannot be a draft */
  allowDraft?: boolean;
  submitLabel?: string;
}

/** Create or edit an event. Edits send only the fields that changed, with `If-Match`. */
export function EventForm({
  event,
  initial,
  startValues,
  conflicts = [],
  startSettings = NO_SETTINGS,
  onSave,
  onReload,
  extra,
  extraLabels,
  allowDraft = true,
  submitLabel,
}: EventFormProps) {
  const editing = event !== undefined;
  const [values, setValues] = useState<Values>(startValues ?? initial);
  const [draft, setDraft] = useState(false);
  const [settings, setSettings] = useState<Settings>(startSettings);
  const save = useMutation({
    mutationFn: (submitted: Values) => onSave(submitted, initial, draft && allowDraft, settings),
  });
  const reload = useMutation({
    mutationFn: async (current: Values) => {
      await onReload?.(current, initial, settings);
    },
  });
  const locked = event !== undefined && questionsLocked(event);
  const questionProblems = useMemo(() => {
    if (!save.error) return {};
    const failure = asApiError(save.error);
    if (failure.code === 'QUESTIONS_LOCKED') return { all: failure.problem.detail };
    return questionErrors(failure.problem.errors ?? [], settings.questions);
  }, [save.error, settings.questions]);
  const stale = isStaleSave(save.error);
  const busy = save.isPending || reload.isPending;
  const errors = useMemo<FormErrors>(() => {
    if (reload.error) return { ...NO_ERRORS, general: errorMessage(reload.error) };
    if (save.error && save.variables && !stale) {
      return saveErrors(save.error, save.variables, extraLabels);
    }
    return NO_ERRORS;
  }, [reload.error, save.error, save.variables, stale, extraLabels]);

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    save.mutate(values);
  };

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
          <button
            type="button"
            className="button"
            onClick={() => reload.mutate(values)}
            disabled={busy}
          >
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
      <form className="event-form" onSubmit={submit} noValidate>
        <ErrorSummary errors={errors} />
        <EventFields
          event={event}
          values={values}
          errors={errors}
          onChange={(name, value) => setValues((v) => ({ ...v, [name]: value }))}
        />
        {extra?.(values, errors)}
        <div className="field field-check field-check-wrap">
          <input
            id="event-requires-approval"
            type="checkbox"
            checked={settings.requiresApproval}
            aria-describedby="event-requires-approval-hint"
            onChange={(e) => setSettings((s) => ({ ...s, requiresApproval: e.target.checked }))}
          />
          <label htmlFor="event-requires-approval">Requires approval</label>
          <p className="hint" id="event-requires-approval-hint">
            Registering sends a request that you or a co-host approve or decline; a request holds no
            spot, and there is no waiting list.
          </p>
        </div>
        <QuestionsEditor
          drafts={settings.questions}
          locked={locked}
          errors={questionProblems}
          onChange={(questions) => setSettings((s) => ({ ...s, questions }))}
        />
        {!editing && allowDraft && (
          <div className="field field-check">
            <input
              id="event-draft"
              type="checkbox"
              checked={draft}
              onChange={(e) => setDraft(e.target.checked)}
            />
            <label htmlFor="event-draft">
              Save as a draft: only you and your hosts see it until you publish it
            </label>
          </div>
        )}
        <div className="actions">
          <button type="submit" className="button button-primary" disabled={busy || stale}>
            {busy
              ? 'Saving…'
              : (submitLabel ??
                (editing ? 'Save changes' : draft && allowDraft ? 'Save draft' : 'Create event'))}
          </button>
          <Link to={editing ? `/events/${event.id}` : '/'} className="button">
            Cancel
          </Link>
        </div>
      </form>
    </section>
  );
}
