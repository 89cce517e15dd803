import createFetchClient, { type Middleware } from 'openapi-fetch';
import createQueryHooks from 'openapi-react-query';
import { authFetch } from '../auth/tokens';
import type { components, paths } from './schema';

type Schemas = components['schemas'];
export type User = Schemas['UserResponseDto'];
export type EventSummary = Schemas['EventResponseDto'];
export type EventDetail = Schemas['EventDetailResponseDto'];
export type EventPage = Schemas['EventPageDto'];
export type EventCategory = Schemas['EventCategory'];
export type CreateEventBody = Schemas['CreateEventDto'];
export type UpdateEventBody = Schemas['UpdateEventDto'];
export type RegisterBody = Schemas['RegisterDto'];
export type Attendee = Schemas['AttendeeDto'];
export type DeviceSession = Schemas['SessionResponseDto'];
export type CalendarFeed = Schemas['CalendarFeedDto'];
export type Series = Schemas['SeriesResponseDto'];
export type CreateSeriesBody = Schemas['CreateSeriesDto'];
export type UpdateSeriesBody = Schemas['UpdateSeriesDto'];
export type Question = Schemas['QuestionDto'];
export type QuestionInput = Schemas['QuestionInputDto'];
export type QuestionType = Schemas['QuestionType'];
export type Answer = Schemas['AnswerDto'];
export type RegistrationStatus = Schemas['RegistrationStatus'];
export type Ticket = Schemas['TicketDto'];
export type CheckInResult = Schemas['CheckInResultDto'];
export type Webhook = Schemas['WebhookDto'];
export type CreateWebhookBody = Schemas['CreateWebhookDto'];
export type UpdateWebhookBody = Schemas['UpdateWebhookDto'];
export type WebhookSubscription = Webhook['events'][number];
export type Delivery = Schemas['DeliveryDto'];
export type WebhookEventType = Delivery['type'];
/** The server's error codes, plus two the client makes up when no problem document arrived. */
export type ErrorCode = Schemas['ProblemDto']['code'] | 'NETWORK' | 'UNEXPECTED';
export type Problem = Omit<Schemas['ProblemDto'], 'code'> & { code: ErrorCode };
export type EventStatus = EventSummary['status'];
export type EventQuery = NonNullable<paths['/api/v1/events']['get']['parameters']['query']>;
export type EventSort = NonNullable<EventQuery['sort']>;

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
}

function isProblem(value: unknown): value is Problem {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Problem).code === 'string' &&
    typeof (value as Problem).status === 'number'
  );
}

export const OFFLINE: Problem = {
  type: 'about:blank',
  title: 'Network error',
  status: 0,
  code: 'NETWORK',
  detail: 'The server could not be reached. Check your connection and try again.',
};

/** A non-2xx answer as an `ApiError`: its problem document, or a generic one. */
export async function toApiError(response: Response): Promise<ApiError> {
  const body: unknown = await response
    .clone()
    .json()
    .catch(() => undefined);
  const retryAfter = Number(response.headers.get('Retry-After'));
  const problem: Problem = isProblem(body)
    ? body
    : {
        type: 'about:blank',
        title: response.statusText || 'Error',
        status: response.status,
        code: 'UNEXPECTED',
        detail: `The server answered ${response.status}. Please try again.`,
      };
  return new ApiError(
    problem,
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
  );
}

/**
 * Every failure of every call becomes an `ApiError` here, once: queries and mutations see one
 * error type (an abort stays an AbortError, which TanStack Query ignores).
 */
const problems: Middleware = {
  async onResponse({ response }) {
    if (!response.ok) throw await toApiError(response);
    return undefined;
  },
  onError({ error }) {
    if (error instanceof DOMException && error.name === 'AbortError') return error;
    return new ApiError(OFFLINE);
  },
};

/** The typed API client: paths, parameters and bodies come from the server's OpenAPI document. */
export const api = createFetchClient<paths>({ baseUrl: window.location.origin, fetch: authFetch });
api.use(problems);

/** TanStack Query hooks and query options over the same client (`$api.queryOptions(...)`). */
export const $api = createQueryHooks(api);

/** Any thrown value as an `ApiError` (a non-API failure reads as "unexpected"). */
export function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError({
    type: 'about:blank',
    title: 'Error',
    status: -1,
    code: 'UNEXPECTED',
    detail: 'Something went wrong. Please try again.',
  });
}

/** A sentence for the user about any failure. */
export function errorMessage(error: unknown): string {
  const failure = asApiError(error);
  switch (failure.code) {
    case 'TOO_MANY_REQUESTS':
      return failure.retryAfterSeconds
        ? `Too many attempts. Try again in ${failure.retryAfterSeconds} seconds.`
        : 'Too many attempts. Try again in a minute.';
    case 'UNAUTHENTICATED':
    case 'INVALID_REFRESH_TOKEN':
      return 'Your session has expired. Please log in again.';
    case 'INTERNAL':
      return 'The server had a problem. Please try again.';
    default:
      return failure.problem.detail;
  }
}

/** The strong ETag of an event's version, for `If-Match`. */
export const etag = (event: { version: number }) => `"${event.version}"`;
