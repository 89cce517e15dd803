import { asApiError } from '../api/client';
import { toFormErrors, type FormErrors } from '../lib/form-errors';
import { LABELS, type Values } from './event-form-values';

/** The server refused the save because the event changed since it was loaded (`If-Match`). */
export function isStaleSave(error: unknown): boolean {
  return error !== null && asApiError(error).code === 'PRECONDITION_FAILED';
}

/** A refused save spread over the form, for the `values` that were submitted. */
export function saveErrors(
  error: unknown,
  values: Values,
  /** fields the form has besides the event's own (a series' `recurrence`) */
  extraLabels: Record<string, string> = {},
): FormErrors {
  const found = toFormErrors(
    error,
    { ...LABELS, ...extraLabels },
    { CAPACITY_BELOW_ATTENDEES: 'capacity' },
  );
  // An empty date field is reported as "not a timestamp": say what to do instead.
  for (const name of ['startsAt', 'endsAt'] as const) {
    if (values[name] === '' && found.fields[name]) found.fields[name] = 'Enter a date and time.';
  }
  found.summary = found.summary.map(([n, label, m]) => [n, label, found.fields[n] ?? m]);
  return found;
}
