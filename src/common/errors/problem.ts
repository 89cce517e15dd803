import { ERROR_CATALOG, ErrorCode, FieldError } from './domain-error';

/** RFC 9457 problem details, as every error response of the API carries them. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  errors?: FieldError[];
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/**
 * Bounds of every problem document (documented in OpenAPI). Field errors name what the client
 * sent, so without them a 64 KiB body of unknown fields, or one huge key, was answered with a
 * 400 several times its size.
 */
export const PROBLEM_LIMITS = { errors: 100, field: 200, message: 500, detail: 1000 } as const;

/** `text` cut to `max` code points (what JSON Schema's maxLength counts), never mid-character. */
function bounded(text: string, max: number): string {
  if (text.length <= max) return text;
  const points = Array.from(text);
  return points.length <= max ? text : `${points.slice(0, max - 1).join('')}…`;
}

/** A problem document for `code`, with the catalog's title and (unless given) detail. */
export function problem(code: ErrorCode, detail?: string, errors?: FieldError[]): Problem {
  const [status, title, defaultDetail] = ERROR_CATALOG[code];
  return {
    type: `urn:event-manager:problem:${code.toLowerCase().replaceAll('_', '-')}`,
    title,
    status,
    detail: bounded(detail ?? defaultDetail, PROBLEM_LIMITS.detail),
    code,
    ...(errors
      ? {
          errors: errors.slice(0, PROBLEM_LIMITS.errors).map((error) => ({
            field: bounded(error.field, PROBLEM_LIMITS.field),
            message: bounded(error.message, PROBLEM_LIMITS.message),
          })),
        }
      : {}),
  };
}
