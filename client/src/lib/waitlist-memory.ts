/**
 * Promotion from the waiting list happens on the server while the person is away (someone else
 * unregisters). To say "You got a spot" on their next view, the app remembers, per user and in
 * this browser, the events on whose waiting list it last saw them.
 */
const key = (userId: number) => `event-manager.waitlisted.${userId}`;

function read(userId: number): number[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(key(userId)) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((id): id is number => typeof id === 'number') : [];
  } catch {
    return [];
  }
}

function write(userId: number, ids: number[]): void {
  if (ids.length === 0) localStorage.removeItem(key(userId));
  else localStorage.setItem(key(userId), JSON.stringify(ids));
}

interface Seen {
  id: number;
  isWaitlisted: boolean;
  isAttending: boolean;
}

/**
 * Records what this view of the event shows; true when it shows the person attending an event
 * they were last seen waiting for: they were promoted meanwhile.
 */
export function notePromotion(userId: number, event: Seen): boolean {
  const ids = read(userId);
  const was = ids.includes(event.id);
  if (event.isWaitlisted) {
    if (!was) write(userId, [...ids, event.id]);
    return false;
  }
  if (was)
    write(
      userId,
      ids.filter((id) => id !== event.id),
    );
  return was && event.isAttending;
}
