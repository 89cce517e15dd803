import { useState } from 'react';
import { $api, errorMessage } from '../api/client';

/**
 * The secret address of the user's calendar feed. The server keeps only its hash, so the address
 * is shown when it is made (or rotated) and not afterwards: rotating makes a new one and ends the
 * old one at once.
 */
export function CalendarFeed() {
  const create = $api.useMutation('post', '/api/v1/users/me/calendar-feed');
  const disable = $api.useMutation('delete', '/api/v1/users/me/calendar-feed', {
    onSuccess: () => create.reset(),
  });
  const [copied, setCopied] = useState(false);
  const [failure, setFailure] = useState<string>();
  const url = create.data?.url;

  const run = async (task: () => Promise<unknown>) => {
    setCopied(false);
    setFailure(undefined);
    try {
      await task();
    } catch (error) {
      setFailure(errorMessage(error));
    }
  };

  const copy = () =>
    run(async () => {
      if (url) await navigator.clipboard.writeText(url);
      setCopied(true);
    });

  return (
    <section className="card" aria-labelledby="feed-title">
      <h2 id="feed-title">Calendar feed</h2>
      <p>
        Subscribe to this address in your calendar app to see the events you attend, wait for or
        organize. Keep it secret: anyone with it can read that calendar.
      </p>
      {url ? (
        <div className="field">
          <label htmlFor="feed-url">Feed address</label>
          <div className="input-with-button">
            <input
              id="feed-url"
              type="text"
              readOnly
              value={url}
              onFocus={(e) => e.target.select()}
            />
            <button type="button" className="button" onClick={() => void copy()}>
              Copy
            </button>
          </div>
          <p className="hint">Shown only now. Rotate it to get a new one.</p>
        </div>
      ) : (
        <p className="muted">
          For your safety the address is only shown when it is made. Making one ends any earlier
          address.
        </p>
      )}
      <div className="actions">
        <button
          type="button"
          className={url ? 'button' : 'button button-primary'}
          disabled={create.isPending}
          onClick={() => void run(() => create.mutateAsync({}))}
        >
          {url ? 'Rotate address' : 'Show a new feed address'}
        </button>
        <button
          type="button"
          className="button button-danger-outline"
          disabled={disable.isPending}
          onClick={() => void run(() => disable.mutateAsync({}))}
        >
          Turn the feed off
        </button>
        <span role="status">
          {copied && <span className="saved">Copied.</span>}
          {disable.isSuccess && !url && <span className="saved">The feed is off.</span>}
        </span>
      </div>
      {failure && (
        <p className="alert alert-error" role="alert">
          {failure}
        </p>
      )}
    </section>
  );
}
