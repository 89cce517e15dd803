import { describe, expect, it } from 'vitest';
import { nextStep, takesAnswers } from './attendance';

const open = { registrationStatus: null, requiresApproval: false, capacity: 10, spotsLeft: 3 };

describe('nextStep', () => {
  it('follows the caller’s registration status', () => {
    expect(nextStep(open)).toBe('register');
    expect(nextStep({ ...open, registrationStatus: 'attending' })).toBe('unregister');
    expect(nextStep({ ...open, registrationStatus: 'waitlisted' })).toBe('leaveWaitlist');
    expect(nextStep({ ...open, registrationStatus: 'pending' })).toBe('withdraw');
    expect(nextStep({ ...open, registrationStatus: 'declined' })).toBe('none');
  });

  it('a full event offers the waiting list, unless it requires approval (a request then)', () => {
    expect(nextStep({ ...open, spotsLeft: 0 })).toBe('joinWaitlist');
    expect(nextStep({ ...open, capacity: null, spotsLeft: null })).toBe('register');
    expect(nextStep({ ...open, spotsLeft: 0, requiresApproval: true })).toBe('request');
    expect(nextStep({ ...open, requiresApproval: true })).toBe('request');
  });

  it('asks the questions when registering, requesting or joining the list only', () => {
    expect(['register', 'request', 'joinWaitlist'].every((s) => takesAnswers(s as never))).toBe(
      true,
    );
    expect(
      ['unregister', 'withdraw', 'leaveWaitlist', 'none'].some((s) => takesAnswers(s as never)),
    ).toBe(false);
  });
});
