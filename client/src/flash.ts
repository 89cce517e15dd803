import { useSyncExternalStore } from 'react';

/** One message carried across a navigation ("Event created", "Your session has expired"). */
export type FlashTone = 'success' | 'info' | 'warning' | 'error';
export interface FlashMessage {
  text: string;
  tone: FlashTone;
  id: number;
}

let current: FlashMessage | null = null;
let counter = 0;
const listeners = new Set<() => void>();

export function flash(text: string, tone: FlashTone = 'success'): void {
  current = { text, tone, id: ++counter };
  for (const listener of listeners) listener();
}

export function clearFlash(): void {
  if (current === null) return;
  current = null;
  for (const listener of listeners) listener();
}

export function useFlash(): FlashMessage | null {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => current,
  );
}
