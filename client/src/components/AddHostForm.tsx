import { useState, type FormEvent } from 'react';
import { api, asApiError } from '../api/client';
import type { HostRole } from '../events/event-permissions';
import { useHostMutations } from '../events/host-queries';
import { NO_ERRORS, toFormErrors, type FormErrors } from '../lib/form-errors';
import { ErrorSummary } from './ErrorSummary';
import { Field } from './Field';
import { TextField } from './TextField';

const LABELS = { username: 'Username', role: 'Role' };
const PREFIX = 'add-host';

const fieldError = (field: keyof typeof LABELS, message: string): FormErrors => ({
  fields: { [field]: message },
  summary: [[field, LABELS[field], message]],
});

/**
 * The API's refusals in the form's words: nobody by that name (404 USER_NOT_FOUND, whose detail
 * speaks of ids), the owner named as a host (400 on `userId`, a field this form does not have).
 */
function hostFormErrors(error: unknown, username: string): FormErrors {
  const failure = asApiError(error);
  if (failure.code === 'USER_NOT_FOUND') {
    return fieldError('username', `Nobody is called “${username}”. Check the spelling.`);
  }
  if (failure.problem.errors?.some((e) => e.field === 'userId')) {
    return fieldError('username', `${username} owns this event, so is not added as a host.`);
  }
  return toFormErrors(error, LABELS);
}

/** The owner adds a host by username: looked up first (the API's PUT takes an id), then added. */
export function AddHostForm({ eventId }: { eventId: number }) {
  const { put } = useHostMutations(eventId);
  const [username, setUsername] = useState('');
  const [role, setRole] = useState<HostRole>('cohost');
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const [added, setAdded] = useState<string>();

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setAdded(undefined);
    const name = username.trim();
    if (!name) {
      setErrors(fieldError('username', 'Enter the username of the person to add.'));
      return;
    }
    setBusy(true);
    try {
      const { data: found } = await api.GET('/api/v1/users/lookup', {
        params: { query: { username: name } },
      });
      if (!found) return;
      await put.mutateAsync({
        params: { path: { id: eventId, userId: found.id } },
        body: { role },
      });
      setErrors(NO_ERRORS);
      setUsername('');
      setAdded(`${found.username} was added as ${role === 'cohost' ? 'a co-host' : 'a checker'}.`);
    } catch (error) {
      setErrors(hostFormErrors(error, name));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="add-host" onSubmit={(e) => void submit(e)} noValidate>
      <h3>Add a host</h3>
      <p className="hint">
        A co-host may do everything you may but delete the event and manage hosts; a checker sees
        the attendee list.
      </p>
      <ErrorSummary errors={errors} idPrefix={PREFIX} />
      <div className="field-row">
        <TextField
          name="username"
          label={LABELS.username}
          required
          idPrefix={PREFIX}
          autoComplete="off"
          spellCheck={false}
          maxLength={30}
          value={username}
          error={errors.fields.username}
          onValue={setUsername}
        />
        <Field
          name="role"
          label={LABELS.role}
          required
          idPrefix={PREFIX}
          error={errors.fields.role}
        >
          {(control) => (
            <select
              {...control}
              value={role}
              onChange={(e) => setRole(e.target.value === 'checker' ? 'checker' : 'cohost')}
            >
              <option value="cohost">Co-host</option>
              <option value="checker">Checker</option>
            </select>
          )}
        </Field>
      </div>
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Adding…' : 'Add host'}
        </button>
        <span role="status">{added && <span className="saved">{added}</span>}</span>
      </div>
    </form>
  );
}
