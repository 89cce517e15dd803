import { useState, type FormEvent } from 'react';
import { ApiError, errorMessage } from '../api/client';
import { useSession } from '../auth/session';
import { ErrorSummary } from '../components/ErrorSummary';
import { Field } from '../components/Field';
import { NO_ERRORS, type FormErrors } from '../lib/form-errors';
import { useTitle } from '../lib/use-title';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { safeNext } from '../lib/safe-next';

export function LoginPage() {
  useTitle('Log in');
  const { login } = useSession();
  const [search] = useSearchParams();
  const navigate = useNavigate();
  const next = safeNext(search.get('next'));
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setBusy(true);
    try {
      await login(username.trim(), password);
      await navigate(next, { replace: true });
    } catch (failure) {
      const general =
        failure instanceof ApiError && failure.code === 'INVALID_CREDENTIALS'
          ? 'Wrong username or password.'
          : failure instanceof ApiError && failure.code === 'VALIDATION_FAILED'
            ? 'Enter your username and password.'
            : errorMessage(failure);
      setErrors({ ...NO_ERRORS, general });
      setBusy(false);
    }
  };

  return (
    <section className="auth-card">
      <h1 tabIndex={-1}>Log in</h1>
      <form onSubmit={(event) => void submit(event)} noValidate>
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
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? 'Logging in…' : 'Log in'}
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
