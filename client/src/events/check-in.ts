import { asApiError, errorMessage, type CheckInResult } from '../api/client';
import { viewerTimeZone } from '../lib/time-zones';

/** green: in now; amber: was already in (not an error); red: not let in. */
export type CheckInTone = 'in' | 'again' | 'refused';

export interface CheckInOutcome {
  tone: CheckInTone;
  title: string;
  detail: string;
}

const clock = (iso: string, zone: string) =>
  new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', timeZone: zone }).format(
    new Date(iso),
  );

/** What the door sees after a scan: the API's answer as one of three states. */
export function checkInOutcome(
  answer: { result: CheckInResult } | { error: unknown },
  zone = viewerTimeZone,
): CheckInOutcome {
  if ('result' in answer) {
    const { user, checkedInAt, alreadyCheckedIn } = answer.result;
    return alreadyCheckedIn
      ? {
          tone: 'again',
          title: `Already checked in: ${user.username}`,
          detail: `This ticket was checked in at ${clock(checkedInAt, zone)}.`,
        }
      : {
          tone: 'in',
          title: `Checked in: ${user.username}`,
          detail: `Welcome! Checked in at ${clock(checkedInAt, zone)}.`,
        };
  }
  const failure = asApiError(answer.error);
  switch (failure.code) {
    case 'TICKET_NOT_FOUND':
      return {
        tone: 'refused',
        title: 'Unknown ticket',
        detail: 'This code is no ticket for this event (or its registration ended).',
      };
    case 'CHECK_IN_CLOSED':
      return { tone: 'refused', title: 'Check-in is closed', detail: failure.problem.detail };
    case 'VALIDATION_FAILED':
      return { tone: 'refused', title: 'Unknown ticket', detail: 'That is not a ticket code.' };
    default:
      return { tone: 'refused', title: 'Not checked in', detail: errorMessage(failure) };
  }
}

/**
 * A typed, pasted or scanned code as the API takes it: white space dropped; a link that carries
 * the code as its last path segment or as `code=` gives that segment.
 */
export function normalizeCode(text: string): string {
  const code = text.replace(/\s+/g, '');
  const fromQuery = /[?&]code=([A-Za-z0-9_-]+)/.exec(code);
  if (fromQuery?.[1]) return fromQuery[1];
  if (/^https?:\/\//i.test(code)) return code.split(/[/?#]/).filter(Boolean).pop() ?? code;
  return code;
}
