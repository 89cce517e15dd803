import { describe, expect, it } from 'vitest';
import { ApiError, OFFLINE, type ErrorCode } from '../api/client';
import { checkInOutcome, normalizeCode } from './check-in';

const user = { id: 5, username: 'ada' };
const at = '2027-03-01T18:05:00.000Z';
const problem = (status: number, code: ErrorCode, detail: string = code) =>
  new ApiError({ type: 'about:blank', title: code, status, code, detail });

describe('check-in outcome', () => {
  it('201: green, with the name and the time', () => {
    const outcome = checkInOutcome(
      { result: { user, checkedInAt: at, alreadyCheckedIn: false } },
      'UTC',
    );
    expect(outcome).toMatchObject({ tone: 'in', title: 'Checked in: ada' });
    expect(outcome.detail).toMatch(/^Welcome! Checked in at (18|06):05/);
  });

  it('200 alreadyCheckedIn: amber, not an error, with the first time', () => {
    const outcome = checkInOutcome(
      { result: { user, checkedInAt: at, alreadyCheckedIn: true } },
      'Europe/Berlin',
    );
    expect(outcome.tone).toBe('again');
    expect(outcome.title).toBe('Already checked in: ada');
    expect(outcome.detail).toMatch(/at (19|07):05/);
  });

  it('404 TICKET_NOT_FOUND and a malformed code: red, unknown ticket', () => {
    expect(checkInOutcome({ error: problem(404, 'TICKET_NOT_FOUND') })).toMatchObject({
      tone: 'refused',
      title: 'Unknown ticket',
    });
    expect(checkInOutcome({ error: problem(400, 'VALIDATION_FAILED') })).toMatchObject({
      tone: 'refused',
      title: 'Unknown ticket',
    });
  });

  it('409 CHECK_IN_CLOSED: red, with the API’s message', () => {
    const closed = problem(409, 'CHECK_IN_CLOSED', 'Check-in opens 24 hours before the start.');
    expect(checkInOutcome({ error: closed })).toEqual({
      tone: 'refused',
      title: 'Check-in is closed',
      detail: 'Check-in opens 24 hours before the start.',
    });
  });

  it('anything else: red, said in words', () => {
    const outcome = checkInOutcome({ error: new ApiError(OFFLINE) });
    expect(outcome.tone).toBe('refused');
    expect(outcome.detail).toBe(OFFLINE.detail);
  });
});

describe('normalizeCode', () => {
  it('drops white space a paste brings along', () => {
    expect(normalizeCode('  q3v9Xk2LmZ0b R7tYwA1c_Q\n')).toBe('q3v9Xk2LmZ0bR7tYwA1c_Q');
  });

  it('takes the code out of a link', () => {
    expect(normalizeCode('https://example.com/t/q3v9Xk2LmZ0bR7tYwA1c_Q')).toBe(
      'q3v9Xk2LmZ0bR7tYwA1c_Q',
    );
    expect(normalizeCode('https://example.com/check?code=abc-_1')).toBe('abc-_1');
  });
});
