import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { $api, asApiError } from '../api/client';
import { endSession } from '../auth/tokens';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ErrorSummary } from '../components/ErrorSummary';
import { TextField } from '../components/TextField';
import { NO_ERRORS, toFormErrors, type FormErrors } from '../lib/form-errors';

const LABELS = { password: 'Your password' };

const passwordError = (message: string): FormErrors => ({
  fields: { password: message },
  summary: [['password', LABELS.password, message]],
});

/**
 * "Delete my account": the password again, a warning of what goes, a confirmation. The server
 * has ended every session already, so this one ends here without a logout call.
 */
export function DeleteAccount() {
  const navigate = useNavigate();
  const remove = $api.useMutation('delete', '/api/v1/users/me');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [confirming, setConfirming] = useState(false);

  const ask = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (password === '') {
      setErrors(passwordError('Enter your password.'));
      return;
    }
    setErrors(NO_ERRORS);
    setConfirming(true);
  };

  const confirm = async () => {
    try {
      await remove.mutateAsync({ body: { password } });
      endSession('deleted');
      // The home page is for signed-in people: it sends on to the login page, saying why.
      await navigate('/', { replace: true });
    } catch (error) {
      setConfirming(false);
      // The server's detail speaks of logins ("Unknown username or wrong password").
      setErrors(
        asApiError(error).code === 'INVALID_CREDENTIALS'
          ? passwordError('That is not your password. Nothing was deleted.')
          : toFormErrors(error, LABELS),
      );
    }
  };

  return (
    <section className="card" aria-labelledby="delete-title">
      <h2 id="delete-title">Delete my account</h2>
      <p>Deleting your account cannot be undone. It deletes at once:</p>
      <ul>
        <li>
          the events you organize: upcoming ones are cancelled first, so their attendees and those
          waiting get the cancellation mail, and their hosts lose them;
        </li>
        <li>
          your registrations, waiting-list places and requests (a freed spot goes to the next in
          line);
        </li>
        <li>your webhooks, your calendar feed and every signed-in device.</li>
      </ul>
      <p>Download your data first if you want to keep it. Your username and email become free.</p>
      <form onSubmit={ask} noValidate>
        <ErrorSummary errors={errors} idPrefix="delete" />
        <TextField
          name="password"
          label={LABELS.password}
          error={errors.fields.password}
          required
          idPrefix="delete"
          type="password"
          autoComplete="current-password"
          value={password}
          onValue={setPassword}
        />
        <div className="actions">
          <button type="submit" className="button button-danger-outline">
            Delete my account…
          </button>
        </div>
      </form>
      <ConfirmDialog
        open={confirming}
        title="Delete your account for good?"
        confirmLabel="Delete my account"
        busyLabel="Deleting…"
        dismissLabel="Keep my account"
        busy={remove.isPending}
        onConfirm={() => void confirm()}
        onCancel={() => setConfirming(false)}
      >
        <p>Your events, registrations, webhooks and sessions go now. This cannot be undone.</p>
      </ConfirmDialog>
    </section>
  );
}
