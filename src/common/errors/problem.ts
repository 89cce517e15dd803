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

/** A problem document for `code`, with the catalog's title and (unless given) detail. */
export function problem(code: ErrorCode, detail?: string, errors?: FieldError[]): Problem {
  const [status, title, defaultDetail] = ERROR_CATALOG[code];
  return {
    type: `urn:event-manager:problem:${code.toLowerCase().replaceAll('_', '-')}`,
    title,
    status,
    detail: detail ?? defaultDetail,
    code,
    ...(errors ? { errors } : {}),
  };
}
