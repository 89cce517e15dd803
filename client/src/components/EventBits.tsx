import type { EventStatus, EventSummary } from '../api/client';

const STATUS_LABEL: Record<EventStatus, string> = {
  upcoming: 'Upcoming',
  ongoing: 'Ongoing',
  past: 'Past',
  cancelled: 'Cancelled',
  draft: 'Draft',
};

export function StatusBadge({ status }: { status: EventStatus }) {
  return <span className={`badge badge-${status}`}>{STATUS_LABEL[status]}</span>;
}

/** Spots taken out of capacity, as a bar (decorative) and as text (what is read out). */
export function CapacityBar({
  event,
  compact = false,
}: {
  event: EventSummary;
  compact?: boolean;
}) {
  const { capacity, attendeeCount, spotsLeft } = event;
  if (capacity === null) {
    return (
      <p className="capacity capacity-unlimited">{attendeeCount} attending · no attendance limit</p>
    );
  }
  const ratio = capacity > 0 ? attendeeCount / capacity : 1;
  const tone = spotsLeft === 0 ? 'full' : ratio >= 0.8 ? 'almost' : 'open';
  const open = event.status === 'upcoming';
  const waiting = event.waitlistCount > 0 ? ` · ${event.waitlistCount} waiting` : '';
  const left = !open
    ? `${attendeeCount} registered`
    : spotsLeft === 0
      ? 'Full'
      : `${spotsLeft} ${spotsLeft === 1 ? 'spot' : 'spots'} left`;
  return (
    <div className={`capacity capacity-${tone}${compact ? ' capacity-compact' : ''}`}>
      <div className="capacity-track" aria-hidden="true">
        <div className="capacity-fill" style={{ width: `${Math.min(100, ratio * 100)}%` }} />
      </div>
      <p className="capacity-text" data-testid="capacity-text">
        <strong>{left}</strong>
        <span className="muted">
          {' '}
          · {open ? `${attendeeCount} of ${capacity} taken${waiting}` : `capacity ${capacity}`}
        </span>
      </p>
    </div>
  );
}

/** Why the caller cannot register, unregister or wait, or null when they can. */
export function registrationBlocker(event: EventSummary): string | null {
  if (event.status === 'draft') return 'Registration opens once the event is published.';
  if (event.status === 'cancelled') return 'Registration is closed: the event was cancelled.';
  if (event.status === 'ongoing') return 'Registration is closed: the event has started.';
  if (event.status === 'past') return 'Registration is closed: the event is over.';
  return null;
}
