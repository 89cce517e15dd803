import { useState } from 'react';
import { errorMessage, type User } from '../api/client';
import { useUpdateMe } from './update-me';

/** The user's mail preference (`emailNotifications`), saved as soon as it is changed. */
export function EmailNotifications({ user }: { user: User }) {
  const save = useUpdateMe();
  const [saved, setSaved] = useState<boolean | null>(null);
  // While the change is on its way the box shows what was asked for.
  const checked = save.isPending
    ? (save.variables.body?.emailNotifications ?? user.emailNotifications)
    : user.emailNotifications;

  const change = (emailNotifications: boolean) => {
    setSaved(null);
    save.mutate(
      { body: { emailNotifications } },
      { onSuccess: (updated) => setSaved(updated.emailNotifications) },
    );
  };

  return (
    <section className="card" aria-labelledby="notifications-title">
      <h2 id="notifications-title">Email</h2>
      <div className="field field-check field-check-wrap">
        <input
          id="email-notifications"
          type="checkbox"
          checked={checked}
          disabled={save.isPending}
          aria-describedby="email-notifications-hint"
          onChange={(e) => change(e.target.checked)}
        />
        <label htmlFor="email-notifications">Email me about my events</label>
        <p className="hint" id="email-notifications-hint">
          Registrations, requests, the waiting list, changes, cancellations and reminders, sent to{' '}
          {user.email}. The mail that tells you your password was changed is always sent.
        </p>
      </div>
      <p role="status" className="status-region">
        {saved !== null && (
          <span className="saved">
            {saved
              ? 'Saved: you will get mail about your events.'
              : 'Saved: no more mail about your events.'}
          </span>
        )}
      </p>
      {save.isError && (
        <p className="alert alert-error" role="alert">
          {errorMessage(save.error)}
        </p>
      )}
    </section>
  );
}
