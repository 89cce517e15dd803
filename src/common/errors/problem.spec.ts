import { problem, PROBLEM_LIMITS } from './problem';

describe('problem()', () => {
  it('keeps an ordinary document as it is', () => {
    const errors = [{ field: 'name', message: 'name must not be blank' }];
    expect(problem('VALIDATION_FAILED', 'The request is invalid.', errors)).toEqual({
      type: 'urn:event-manager:problem:validation-failed',
      title: 'Validation failed',
      status: 400,
      detail: 'The request is invalid.',
      code: 'VALIDATION_FAILED',
      errors,
    });
  });

  it('lists at most 100 field errors', () => {
    const errors = Array.from({ length: 5000 }, (_, i) => ({
      field: `f${i}`,
      message: `property f${i} should not exist`,
    }));
    const body = problem('VALIDATION_FAILED', undefined, errors);
    expect(body.errors).toHaveLength(PROBLEM_LIMITS.errors);
    expect(body.errors?.[99]).toEqual(errors[99]);
  });

  it('cuts a long field name, message or detail at its documented length, by code points', () => {
    const key = '😀'.repeat(10_000);
    const body = problem('VALIDATION_FAILED', 'x'.repeat(5000), [
      { field: key, message: `property ${key} should not exist` },
    ]);
    const length = (text: string | undefined) => Array.from(text ?? '').length;
    expect(length(body.detail)).toBe(PROBLEM_LIMITS.detail);
    expect(length(body.errors?.[0]?.field)).toBe(PROBLEM_LIMITS.field);
    expect(length(body.errors?.[0]?.message)).toBe(PROBLEM_LIMITS.message);
    // Never half of a surrogate pair: the cut text is still well-formed.
    expect(body.errors?.[0]?.field).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    expect(body.errors?.[0]?.field.endsWith('…')).toBe(true);
  });
});
