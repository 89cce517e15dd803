import type { EventSummary } from '../api/client';

/** What the person viewing an event can do about coming to it. */
export type Step =
  'register' | 'request' | 'joinWaitlist' | 'unregister' | 'withdraw' | 'leaveWaitlist' | 'none';

/** The one step the attendance panel offers, from the caller's registration status. */
export function nextStep(
  event: Pick<EventSummary, 'registrationStatus' | 'requiresApproval' | 'capacity' | 'spotsLeft'>,
): Step {
  switch (event.registrationStatus) {
    case 'attending':
      return 'unregister';
    case 'waitlisted':
      return 'leaveWaitlist';
    case 'pending':
      return 'withdraw';
    case 'declined':
      return 'none';
    default:
      if (event.requiresApproval) return 'request';
      return event.capacity !== null && event.spotsLeft === 0 ? 'joinWaitlist' : 'register';
  }
}

/** Steps that take the answers to the event's questions. */
export const takesAnswers = (step: Step): step is 'register' | 'request' | 'joinWaitlist' =>
  step === 'register' || step === 'request' || step === 'joinWaitlist';

export const STEP_TEXT: Record<Step, { label: string; primary: boolean; done: string }> = {
  register: { label: 'Register', primary: true, done: 'You are registered. See you there!' },
  request: {
    label: 'Request to join',
    primary: true,
    done: 'Request sent. The hosts will approve or decline it; until then it holds no spot.',
  },
  joinWaitlist: {
    label: 'Join the waiting list',
    primary: true,
    done: 'You are on the waiting list. You get a spot as soon as one frees up.',
  },
  unregister: {
    label: 'Unregister',
    primary: false,
    done: 'You are no longer registered for this event.',
  },
  withdraw: { label: 'Withdraw request', primary: false, done: 'Your request was withdrawn.' },
  leaveWaitlist: {
    label: 'Leave the waiting list',
    primary: false,
    done: 'You left the waiting list.',
  },
  none: { label: 'Register', primary: false, done: '' },
};
