import { useMutation } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { ApiError, errorMessage } from '../api/client';
import { useSession } from '../auth/session';
import { ErrorSummary } from '../components/ErrorSummary';
import { Field } from '../components/Field';
import { NO_ERRORS, type FormErrors } from '../lib/form-errors';
import { useTitle } from '../lib/use-title';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { safeNext } from '../lib/safe-next';

/** What a refused login says: the credentials in one breath, never which of them was wrong. */
function loginMessage(failure: unknown): string {
  if (failure instanceof ApiError && failure.code === 'INVALID_CREDENTIALS')
    return 'Wrong username or password.';
  if (failure instanceof ApiError && failure.code === 'VALIDATION_FAILED')
    return 'Enter your username and password.';
  return errorMessage(failure);
}

export function LoginPage() {
  useTitle('Log in');
  const { login } = useSession();
  const [search] = useSearchParams();
  const navigate = useNavigate();
  const next = safeNext(search.get('next'));
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const attempt = useMutation({
    mutationFn: async (credentials: { username: string; password: string }) => {
      await login(credentials.username, credentials.password);
      await navigate(next, { replace: true });
    },
  });
  const errors = useMemo<FormErrors>(
    () => (attempt.error ? { ...NO_ERRORS, general: loginMessage(attempt.error) } : NO_ERRORS),
    [attempt.error],
  );

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    attempt.mutate({ username: username.trim(), password });
  };

  return (
    <section className="auth-card">
      <h1 tabIndex={-1}>Log in</h1>
      <form onSubmit={submit} noValidate>
        <ErrorSummary errors={errors} />
        <Field name="username" label="Username" required>
          {(props) => (
            <input
              {...props}
              type="text"
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              value={username}
              onChange={(e) => setUsername(e.target.value)}
            />
          )}
        </Field>
        <Field name="password" label="Password" required>
          {(props) => (
            <input
              {...props}
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          )}
        </Field>
        <div className="actions">
          <button type="submit" className="button button-primary" disabled={attempt.isPending}>
            {attempt.isPending ? 'Logging in…' : 'Log in'}
          </button>
        </div>
      </form>
      <p>
        New here?{' '}
        <Link to={next === '/' ? '/signup' : `/signup?next=${encodeURIComponent(next)}`}>
          Create an account
        </Link>
      </p>
    </section>
  );
}
