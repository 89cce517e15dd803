import type { RegistrationStatus } from '../api/client';

/**
 * Promotion from the waiting list happens on the server while the person is away (someone else
 * unregisters), and the server keeps no inbox of notices. To say "You got a spot", the app
 * remembers, per user and in this browser, the events on whose waiting list it last saw them
 * (on the event page or in any list), and the promotions it has noticed but the person has not
 * dismissed yet. A notice stays, on the event and in the lists, until it is dismissed or the
 * person no longer attends.
 */
export interface SpotMemory {
  /** events last seen with the person on the waiting list */
  waiting: number[];
  /** events seen attending after waiting, whose notice is not dismissed */
  promoted: number[];
}

export interface SeenEvent {
  id: number;
  registrationStatus: RegistrationStatus | null;
}

export const EMPTY_MEMORY: SpotMemory = { waiting: [], promoted: [] };

const without = (ids: number[], id: number) => ids.filter((other) => other !== id);
const withId = (ids: number[], id: number) => (ids.includes(id) ? ids : [...ids, id]);

/**
 * The memory after a view of the event: waiting is remembered; attending after waiting is a
 * promotion; anything else (left the list, unregistered, a request) forgets the event.
 */
export function observe(memory: SpotMemory, event: SeenEvent): SpotMemory {
  const { id, registrationStatus: status } = event;
  if (status === 'waitlisted') {
    if (memory.waiting.includes(id) && !memory.promoted.includes(id)) return memory;
    return { waiting: withId(memory.waiting, id), promoted: without(memory.promoted, id) };
  }
  if (status === 'attending') {
    if (!memory.waiting.includes(id)) return memory;
    return { waiting: without(memory.waiting, id), promoted: withId(memory.promoted, id) };
  }
  if (!memory.waiting.includes(id) && !memory.promoted.includes(id)) return memory;
  return { waiting: without(memory.waiting, id), promoted: without(memory.promoted, id) };
}

/** Whether the event shows "You got a spot": promoted, not dismissed, and still attending. */
export const showsSpot = (memory: SpotMemory, event: SeenEvent): boolean =>
  event.registrationStatus === 'attending' && memory.promoted.includes(event.id);

export const dismiss = (memory: SpotMemory, id: number): SpotMemory =>
  memory.promoted.includes(id) ? { ...memory, promoted: without(memory.promoted, id) } : memory;

// Storage: one JSON record per user; an older app version kept only the waiting ids (an array).
const key = (userId: number) => `event-manager.waitlisted.${userId}`;
const ids = (value: unknown): number[] =>
  Array.isArray(value) ? value.filter((id): id is number => typeof id === 'number') : [];

export function parseMemory(raw: string | null): SpotMemory {
  try {
    const parsed: unknown = JSON.parse(raw ?? 'null');
    if (Array.isArray(parsed)) return { waiting: ids(parsed), promoted: [] };
    if (typeof parsed !== 'object' || parsed === null) return EMPTY_MEMORY;
    const record = parsed as Record<string, unknown>;
    return { waiting: ids(record.waiting), promoted: ids(record.promoted) };
  } catch {
    return EMPTY_MEMORY;
  }
}

const listeners = new Set<() => void>();

/** For `useSyncExternalStore`: this tab's writes and other tabs' (the `storage` event). */
export function subscribeMemory(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('storage', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', listener);
  };
}

/** The stored record as a string: a stable snapshot for `useSyncExternalStore`. */
export const readMemory = (userId: number): string | null => localStorage.getItem(key(userId));

/** Applies `change` to the user's memory; writes and notifies only when something changed. */
export function updateMemory(userId: number, change: (memory: SpotMemory) => SpotMemory): void {
  const memory = parseMemory(readMemory(userId));
  const next = change(memory);
  if (next === memory) return;
  if (next.waiting.length === 0 && next.promoted.length === 0) localStorage.removeItem(key(userId));
  else localStorage.setItem(key(userId), JSON.stringify(next));
  for (const listener of listeners) listener();
}
