import { describe, expect, it } from 'vitest';
import { ApiError, type Problem } from '../api/client';
import { isStaleSave, saveErrors } from './event-form-errors';
import { EMPTY } from './event-form-values';

const problem = (over: Partial<Problem>): ApiError =>
  new ApiError({
    type: 'about:blank',
    title: 'Bad request',
    status: 400,
    code: 'VALIDATION_FAILED',
    detail: 'The request is invalid.',
    ...over,
  });

describe('saveErrors', () => {
  it('asks for a date where the submitted date field was empty, in the field and the summary', () => {
    const errors = saveErrors(
      problem({ errors: [{ field: 'startsAt', message: 'startsAt must be a timestamp' }] }),
      { ...EMPTY, startsAt: '' },
    );
    expect(errors.fields.startsAt).toBe('Enter a date and time.');
    expect(errors.summary).toEqual([['startsAt', expect.any(String), 'Enter a date and time.']]);
  });

  it('places CAPACITY_BELOW_ATTENDEES on the capacity field', () => {
    const errors = saveErrors(
      problem({ status: 409, code: 'CAPACITY_BELOW_ATTENDEES', detail: 'capacity is below 4' }),
      { ...EMPTY, capacity: '2' },
    );
    expect(Object.keys(errors.fields)).toEqual(['capacity']);
  });
});

describe('isStaleSave', () => {
  it('holds for a 412 PRECONDITION_FAILED only', () => {
    expect(isStaleSave(problem({ status: 412, code: 'PRECONDITION_FAILED' }))).toBe(true);
    expect(isStaleSave(problem({}))).toBe(false);
    expect(isStaleSave(null)).toBe(false);
  });
});
