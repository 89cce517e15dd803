import { ApiError, asApiError, errorMessage } from '../api/client';

export interface FormErrors {
  /** message by field name, shown next to the field */
  fields: Record<string, string>;
  /** [field, label, message] in form order, for the summary */
  summary: Array<[string, string, string]>;
  /** a problem that belongs to no field */
  general?: string;
}

export const NO_ERRORS: FormErrors = { fields: {}, summary: [] };

/**
 * The API names fields as in JSON ("endsAt must be after startsAt"); the form shows its labels
 * ("End must be after start").
 */
function humanize(message: string, labels: Record<string, string>): string {
  let text = message;
  for (const [field, label] of Object.entries(labels)) {
    text = text.replace(new RegExp(`\\b${field}\\b`, 'g'), (_, offset: number) =>
      offset === 0 ? label : label.toLowerCase(),
    );
  }
  return text;
}

/**
 * Spreads a failed submission over the form: the API's field errors next to their fields, and
 * conflicts that name a field (`codeFields`, e.g. USERNAME_TAKEN → username) likewise.
 */
export function toFormErrors(
  error: unknown,
  labels: Record<string, string>,
  codeFields: Record<string, string> = {},
): FormErrors {
  const failure = asApiError(error);
  const reported = [...(failure.problem.errors ?? [])];
  const byCode = codeFields[failure.code];
  if (byCode) reported.push({ field: byCode, message: failure.problem.detail });

  const fields: Record<string, string> = {};
  const unplaced: string[] = [];
  for (const { field, message } of reported) {
    if (labels[field] === undefined) {
      unplaced.push(message);
      continue;
    }
    const text = humanize(message, labels);
    fields[field] = fields[field] ? `${fields[field]} ${text}` : text;
  }
  const summary: Array<[string, string, string]> = [];
  for (const [field, label] of Object.entries(labels)) {
    const message = fields[field];
    if (message !== undefined) summary.push([field, label, message]);
  }
  const general =
    unplaced.length > 0
      ? unplaced.join(' ')
      : summary.length === 0
        ? errorMessage(failure)
        : undefined;
  return { fields, summary, general };
}

/** A refusal the form makes itself, shaped as the API's 400 so it shows next to the fields. */
export function fieldProblem(errors: Array<{ field: string; message: string }>): ApiError {
  return new ApiError({
    type: 'about:blank',
    title: 'Bad Request',
    status: 400,
    code: 'VALIDATION_FAILED',
    detail: errors.map((e) => e.message).join(' '),
    errors,
  });
}
