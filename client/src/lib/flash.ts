import { NavigationType, useLocation, useNavigationType } from 'react-router';

/**
 * One message carried by a navigation ("Event created", "Your session has expired"): it travels
 * in the history entry's state, so it belongs to the page it was sent to and nothing has to
 * clear it. Coming back to that entry (back, forward, reload) does not show it again.
 */
export type FlashTone = 'success' | 'info' | 'warning' | 'error';
export interface FlashMessage {
  text: string;
  tone: FlashTone;
}

export function flashState(text: string, tone: FlashTone = 'success'): { flash: FlashMessage } {
  return { flash: { text, tone } };
}

function isFlash(value: unknown): value is FlashMessage {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as FlashMessage).text === 'string' &&
    typeof (value as FlashMessage).tone === 'string'
  );
}

export function useFlash(): (FlashMessage & { key: string }) | null {
  const location = useLocation();
  const type = useNavigationType();
  const flash: unknown = (location.state as { flash?: unknown } | null)?.flash;
  return type !== NavigationType.Pop && isFlash(flash) ? { ...flash, key: location.key } : null;
}
