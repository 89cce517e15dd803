import { describe, expect, it } from 'vitest';
import { ApiError, OFFLINE, type Problem } from '../api/client';
import { toFormErrors } from './form-errors';

const LABELS = { name: 'Name', startsAt: 'Start', endsAt: 'End', capacity: 'Capacity' };

const problem = (over: Partial<Problem>): ApiError =>
  new ApiError({
    type: 'about:blank',
    title: 'Bad request',
    status: 400,
    code: 'VALIDATION_FAILED',
    detail: 'The request is invalid.',
    ...over,
  });

describe('toFormErrors', () => {
  it('puts field errors next to their fields, in the form’s words and order', () => {
    const errors = toFormErrors(
      problem({
        errors: [
          { field: 'endsAt', message: 'endsAt must be after startsAt' },
          { field: 'name', message: 'name must not be blank' },
          { field: 'name', message: 'name must be shorter' },
        ],
      }),
      LABELS,
    );
    expect(errors.fields).toEqual({
      name: 'Name must not be blank Name must be shorter',
      endsAt: 'End must be after start',
    });
    expect(errors.summary.map(([field]) => field)).toEqual(['name', 'endsAt']);
    expect(errors.general).toBeUndefined();
  });

  it('places a conflict that names a field on that field', () => {
    const errors = toFormErrors(
      problem({ status: 409, code: 'CAPACITY_BELOW_ATTENDEES', detail: 'capacity is below 4' }),
      LABELS,
      { CAPACITY_BELOW_ATTENDEES: 'capacity' },
    );
    expect(errors.fields).toEqual({ capacity: 'Capacity is below 4' });
  });

  it('keeps errors of fields the form does not have as a general message', () => {
    const errors = toFormErrors(
      problem({ errors: [{ field: 'cursor', message: 'cursor is malformed' }] }),
      LABELS,
    );
    expect(errors.fields).toEqual({});
    expect(errors.general).toBe('cursor is malformed');
  });

  it('says what went wrong when no field is to blame', () => {
    expect(toFormErrors(new ApiError(OFFLINE), LABELS).general).toMatch(/could not be reached/);
    expect(toFormErrors(new Error('boom'), LABELS).general).toMatch(/Something went wrong/);
    expect(
      toFormErrors(problem({ status: 429, code: 'TOO_MANY_REQUESTS' }), LABELS).general,
    ).toMatch(/Too many attempts/);
  });
});
