import createClient from 'openapi-fetch';
import { authFetch } from '../auth/tokens';
import type { components, paths } from './schema';

type Schemas = components['schemas'];
export type User = Schemas['UserResponseDto'];
export type EventSummary = Schemas['EventResponseDto'];
export type EventDetail = Schemas['EventDetailResponseDto'];
export type EventPage = Schemas['EventPageDto'];
export type CreateEventBody = Schemas['CreateEventDto'];
export type UpdateEventBody = Schemas['UpdateEventDto'];
export type RegisterBody = Schemas['RegisterDto'];
/** The server's error codes, plus two the client makes up when no problem document arrived. */
export type ErrorCode = Schemas['ProblemDto']['code'] | 'NETWORK' | 'UNEXPECTED';
export type Problem = Omit<Schemas['ProblemDto'], 'code'> & { code: ErrorCode };
export type EventStatus = EventSummary['status'];
export type EventQuery = NonNullable<paths['/api/v1/events']['get']['parameters']['query']>;
export type EventSort = NonNullable<EventQuery['sort']>;

/** The typed API client: paths, parameters and bodies come from the server's OpenAPI document. */
export const api = createClient<paths>({ fetch: authFetch });

/** A failed call: the server's problem document, or a synthetic one when it could not be reached. */
export class ApiError extends Error {
  constructor(
    readonly problem: Problem,
    readonly retryAfterSeconds?: number,
  ) {
    super(problem.detail);
    this.name = 'ApiError';
  }

  get code(): ErrorCode {
    return this.problem.code;
  }

  get status(): number {
    return this.problem.status;
  }

  /** Field errors by field name (several messages per field are joined). */
  get fieldErrors(): Record<string, string> {
    const fields: Record<string, string> = {};
    for (const { field, message } of this.problem.errors ?? []) {
      fields[field] = fields[field] ? `${fields[field]} ${message}` : message;
    }
    return fields;
  }
}

function isProblem(value: unknown): value is Problem {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Problem).code === 'string' &&
    typeof (value as Problem).status === 'number'
  );
}

const OFFLINE: Problem = {
  type: 'about:blank',
  title: 'Network error',
  status: 0,
  code: 'NETWORK',
  detail: 'The server could not be reached. Check your connection and try again.',
};

/**
 * Awaits an openapi-fetch call and returns its data, or throws an `ApiError`. Aborted requests
 * rethrow the `AbortError` so callers can ignore them.
 */
export async function call<T>(
  pending: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await pending;
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(OFFLINE);
  }
  const { data, error, response } = result;
  if (response.ok) return data as T;
  const retryAfter = Number(response.headers.get('Retry-After'));
  const problem: Problem = isProblem(error)
    ? error
    : {
        type: 'about:blank',
        title: response.statusText || 'Error',
        status: response.status,
        code: 'UNEXPECTED',
        detail: `The server answered ${response.status}. Please try again.`,
      };
  throw new ApiError(
    problem,
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
  );
}

export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

/** A sentence for the user about any failure. */
export function errorMessage(error: unknown): string {
  if (!(error instanceof ApiError)) return 'Something went wrong. Please try again.';
  switch (error.code) {
    case 'TOO_MANY_REQUESTS':
      return error.retryAfterSeconds
        ? `Too many attempts. Try again in ${error.retryAfterSeconds} seconds.`
        : 'Too many attempts. Try again in a minute.';
    case 'UNAUTHENTICATED':
    case 'INVALID_REFRESH_TOKEN':
      return 'Your session has expired. Please log in again.';
    case 'INTERNAL':
      return 'The server had a problem. Please try again.';
    default:
      return error.problem.detail;
  }
}
