import { useMutation } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import type { RegisterBody } from '../api/client';
import { useSession } from '../auth/session';
import { ErrorSummary } from '../components/ErrorSummary';
import { TextField } from '../components/TextField';
import { NO_ERRORS, toFormErrors, type FormErrors } from '../lib/form-errors';
import { useTitle } from '../lib/use-title';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { safeNext } from '../lib/safe-next';

const LABELS = {
  username: 'Username',
  email: 'Email',
  password: 'Password',
  firstName: 'First name',
  lastName: 'Last name',
};
type Name = keyof typeof LABELS;

export function SignupPage() {
  useTitle('Sign up');
  const { signup } = useSession();
  const [search] = useSearchParams();
  const navigate = useNavigate();
  const next = safeNext(search.get('next'));
  const [values, setValues] = useState<Record<Name, string>>({
    username: '',
    email: '',
    password: '',
    firstName: '',
    lastName: '',
  });
  const attempt = useMutation({
    mutationFn: async (body: RegisterBody) => {
      await signup(body);
      await navigate(next, { replace: true });
    },
  });
  const errors = useMemo<FormErrors>(
    () =>
      attempt.error
        ? toFormErrors(attempt.error, LABELS, { USERNAME_TAKEN: 'username', EMAIL_TAKEN: 'email' })
        : NO_ERRORS,
    [attempt.error],
  );

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    attempt.mutate({
      username: values.username.trim(),
      email: values.email.trim(),
      password: values.password,
      ...(values.firstName.trim() && { firstName: values.firstName.trim() }),
      ...(values.lastName.trim() && { lastName: values.lastName.trim() }),
    });
  };

  const input = (
    name: Name,
    type: string,
    autoComplete: string,
    hint?: string,
    required = true,
  ) => (
    <TextField
      name={name}
      label={LABELS[name]}
      error={errors.fields[name]}
      hint={hint}
      required={required}
      type={type}
      autoComplete={autoComplete}
      value={values[name]}
      onValue={(value) => setValues((v) => ({ ...v, [name]: value }))}
      {...(name === 'username' && { autoCapitalize: 'none', spellCheck: false })}
    />
  );

  return (
    <section className="auth-card">
      <h1 tabIndex={-1}>Create an account</h1>
      <form onSubmit={submit} noValidate>
        <ErrorSummary errors={errors} />
        {input('username', 'text', 'username', '3–30 letters, digits, _ . or -')}
        {input('email', 'email', 'email')}
        {input('password', 'password', 'new-password', 'At least 8 characters')}
        <div className="field-row">
          {input('firstName', 'text', 'given-name', undefined, false)}
          {input('lastName', 'text', 'family-name', undefined, false)}
        </div>
        <div className="actions">
          <button type="submit" className="button button-primary" disabled={attempt.isPending}>
            {attempt.isPending ? 'Creating account…' : 'Sign up'}
          </button>
        </div>
      </form>
      <p>
        Already have an account? <Link to="/login">Log in</Link>
      </p>
    </section>
  );
}
