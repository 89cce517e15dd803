import { useState } from 'react';
import { errorMessage, type EventDetail } from '../api/client';
import { useEventMutations } from '../events/event-mutations';
import { can } from '../events/event-permissions';

/**
 * A draft says so, and who can see it; the owner and cohosts publish it from here. Publishing
 * invalidates the event and the lists, so the banner goes once the new version arrives.
 */
export function DraftBanner(props: { event: EventDetail; onPublished(): void }) {
  const { event, onPublished } = props;
  const { publish } = useEventMutations(event.id);
  const [failure, setFailure] = useState<string>();

  const run = async () => {
    setFailure(undefined);
    try {
      await publish.mutateAsync({ params: { path: { id: event.id } } });
      onPublished();
    } catch (error) {
      setFailure(errorMessage(error));
    }
  };

  return (
    <section className="alert alert-warning draft-banner" aria-labelledby="draft-banner-title">
      <h2 id="draft-banner-title" className="draft-banner-title">
        Draft — only you and your hosts can see it
      </h2>
      <p>Nobody else can find or register for this event until it is published.</p>
      {can(event, 'publish') && (
        <p className="actions">
          <button
            type="button"
            className="button button-primary"
            disabled={publish.isPending}
            onClick={() => void run()}
          >
            {publish.isPending ? 'Publishing…' : 'Publish'}
          </button>
          <span className="hint">Publishing cannot be undone.</span>
        </p>
      )}
      {failure && (
        <p className="alert alert-error" role="alert">
          {failure}
        </p>
      )}
    </section>
  );
}
