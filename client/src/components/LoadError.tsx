import { errorMessage } from '../api/client';

/** A page's data could not be loaded: why, and a way to ask again. */
export function LoadError({ error, onRetry }: { error: unknown; onRetry(): void }) {
  return (
    <div className="alert alert-error" role="alert">
      <p>{errorMessage(error)}</p>
      <button type="button" className="button" onClick={onRetry}>
        Try again
      </button>
    </div>
  );
}
