import { useState, type FormEvent } from 'react';
import type { User } from '../api/client';
import { ErrorSummary } from '../components/ErrorSummary';
import { TextField } from '../components/TextField';
import { NO_ERRORS, toFormErrors, type FormErrors } from '../lib/form-errors';
import { useUpdateMe } from './update-me';

const LABELS = { email: 'Email', firstName: 'First name', lastName: 'Last name' };
type Name = keyof typeof LABELS;

export function ProfileForm({ user }: { user: User }) {
  const save = useUpdateMe();
  const [values, setValues] = useState<Record<Name, string>>({
    email: user.email,
    firstName: user.firstName ?? '',
    lastName: user.lastName ?? '',
  });
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [saved, setSaved] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSaved(false);
    try {
      await save.mutateAsync({
        body: {
          email: values.email.trim(),
          firstName: values.firstName.trim() || null,
          lastName: values.lastName.trim() || null,
        },
      });
      setErrors(NO_ERRORS);
      setSaved(true);
    } catch (error) {
      setErrors(toFormErrors(error, LABELS, { EMAIL_TAKEN: 'email' }));
    }
  };

  const input = (name: Name, type: string, autoComplete: string, required = false) => (
    <TextField
      name={name}
      label={LABELS[name]}
      error={errors.fields[name]}
      required={required}
      idPrefix="profile"
      type={type}
      autoComplete={autoComplete}
      value={values[name]}
      onValue={(value) => setValues((v) => ({ ...v, [name]: value }))}
    />
  );

  return (
    <section className="card" aria-labelledby="profile-title">
      <h2 id="profile-title">Profile</h2>
      <p className="muted">
        Username: <strong>{user.username}</strong> (cannot be changed)
      </p>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <ErrorSummary errors={errors} idPrefix="profile" />
        {input('email', 'email', 'email', true)}
        <div className="field-row">
          {input('firstName', 'text', 'given-name')}
          {input('lastName', 'text', 'family-name')}
        </div>
        <div className="actions">
          <button type="submit" className="button button-primary" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : 'Save profile'}
          </button>
          <span role="status">{saved && <span className="saved">Profile saved.</span>}</span>
        </div>
      </form>
    </section>
  );
}
