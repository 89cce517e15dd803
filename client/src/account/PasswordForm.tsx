import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { $api } from '../api/client';
import { ErrorSummary } from '../components/ErrorSummary';
import { TextField } from '../components/TextField';
import { NO_ERRORS, toFormErrors, type FormErrors } from '../lib/form-errors';
import { sessionsQuery } from './SessionsList';

const LABELS = { currentPassword: 'Current password', newPassword: 'New password' };
type Name = keyof typeof LABELS;

export function PasswordForm() {
  const queryClient = useQueryClient();
  // The server signs out every other session: the list of devices changes.
  const change = $api.useMutation('post', '/api/v1/users/me/password', {
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sessionsQuery.queryKey }),
  });
  const [values, setValues] = useState<Record<Name, string>>({
    currentPassword: '',
    newPassword: '',
  });
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [done, setDone] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setDone(false);
    try {
      await change.mutateAsync({ body: values });
      setErrors(NO_ERRORS);
      setValues({ currentPassword: '', newPassword: '' });
      setDone(true);
    } catch (error) {
      setErrors(toFormErrors(error, LABELS, { INVALID_CREDENTIALS: 'currentPassword' }));
    }
  };

  const input = (name: Name, autoComplete: string, hint?: string) => (
    <TextField
      name={name}
      label={LABELS[name]}
      error={errors.fields[name]}
      hint={hint}
      required
      idPrefix="password"
      type="password"
      autoComplete={autoComplete}
      value={values[name]}
      onValue={(value) => setValues((v) => ({ ...v, [name]: value }))}
    />
  );

  return (
    <section className="card" aria-labelledby="password-title">
      <h2 id="password-title">Password</h2>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <ErrorSummary errors={errors} idPrefix="password" />
        {input('currentPassword', 'current-password')}
        {input('newPassword', 'new-password', 'At least 8 characters')}
        <div className="actions">
          <button type="submit" className="button button-primary" disabled={change.isPending}>
            {change.isPending ? 'Changing…' : 'Change password'}
          </button>
          <span role="status">
            {done && (
              <span className="saved">Password changed. Your other devices were signed out.</span>
            )}
          </span>
        </div>
      </form>
    </section>
  );
}
