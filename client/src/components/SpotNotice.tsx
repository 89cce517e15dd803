import { useEffect, useSyncExternalStore } from 'react';
import { useSession } from '../auth/session';
import {
  dismiss,
  observe,
  parseMemory,
  readMemory,
  showsSpot,
  subscribeMemory,
  updateMemory,
  type SeenEvent,
} from '../lib/waitlist-memory';

interface SpotNoticeProps {
  event: SeenEvent & { name: string };
  /** where focus goes once the notice is dismissed (its button disappears) */
  onDismissed?(): void;
  /** the event page's longer wording, or the list's short one */
  long?: boolean;
}

/**
 * Notes what this view shows of the caller's place on the event and, when they were promoted
 * from the waiting list meanwhile, says "You got a spot" until they dismiss it.
 */
export function SpotNotice({ event, onDismissed, long = false }: SpotNoticeProps) {
  const { user } = useSession();
  const userId = user?.id;
  const raw = useSyncExternalStore(subscribeMemory, () =>
    userId === undefined ? null : readMemory(userId),
  );
  const { id, registrationStatus } = event;
  useEffect(() => {
    if (userId !== undefined) updateMemory(userId, (m) => observe(m, { id, registrationStatus }));
  }, [userId, id, registrationStatus]);

  const shown = userId !== undefined && showsSpot(parseMemory(raw), event);
  return (
    <div role="status" className="status-region">
      {shown && (
        <div className="alert alert-success spot-notice" data-testid="promoted">
          <p>
            <strong>You got a spot!</strong>{' '}
            {long
              ? 'A place freed up and you moved up from the waiting list: you are registered.'
              : 'You moved up from the waiting list and are registered.'}
          </p>
          <button
            type="button"
            className="button button-small"
            aria-label={`Dismiss “You got a spot” for ${event.name}`}
            onClick={() => {
              updateMemory(userId, (m) => dismiss(m, id));
              onDismissed?.();
            }}
          >
            Dismiss
          </button>
        </div>
      )}
    </div>
  );
}
