/** Every error the API answers with: stable code → status, title and default detail. */
export const ERROR_CATALOG = {
  VALIDATION_FAILED: [400, 'Validation failed', 'The request is invalid.'],
  UNAUTHENTICATED: [401, 'Unauthenticated', 'A valid access token is required.'],
  INVALID_CREDENTIALS: [401, 'Invalid credentials', 'Unknown username or wrong password.'],
  INVALID_REFRESH_TOKEN: [
    401,
    'Invalid refresh token',
    'The refresh token is invalid, expired, rotated or revoked.',
  ],
  NOT_EVENT_OWNER: [403, 'Not the event owner', 'Only the owner of this event may change it.'],
  NOT_EVENT_HOST: [
    403,
    'Not allowed for this role',
    'Your role on this event does not allow this action.',
  ],
  EVENT_NOT_FOUND: [404, 'Event not found', 'No event with that id.'],
  USER_NOT_FOUND: [404, 'User not found', 'No user with that id.'],
  SERIES_NOT_FOUND: [404, 'Series not found', 'No series with that id.'],
  NOT_FOUND: [404, 'Not found', 'No such route.'],
  TICKET_NOT_FOUND: [
    404,
    'Ticket not found',
    'No valid ticket with that code for this event (unknown, voided, or of another event), or you hold none.',
  ],
  WEBHOOK_NOT_FOUND: [404, 'Webhook not found', 'You have no webhook with that id.'],
  CALENDAR_FEED_NOT_FOUND: [
    404,
    'Calendar feed not found',
    'No calendar feed at this address: it was rotated or turned off, or never existed.',
  ],
  USERNAME_TAKEN: [409, 'Username taken', 'That username is already registered.'],
  EMAIL_TAKEN: [409, 'Email taken', 'That email address is already registered.'],
  EVENT_STARTED: [409, 'Event started', 'The event has already started.'],
  ALREADY_REGISTERED: [409, 'Already registered', 'You are already registered for this event.'],
  NOT_REGISTERED: [409, 'Not registered', 'You are not registered for this event.'],
  EVENT_FULL: [409, 'Event full', 'The event has no spots left.'],
  CAPACITY_BELOW_ATTENDEES: [
    409,
    'Capacity below attendees',
    'The capacity cannot be lower than the number of attendees.',
  ],
  EVENT_CANCELLED: [409, 'Event cancelled', 'The event was cancelled; it can no longer change.'],
  EVENT_DRAFT: [409, 'Event is a draft', 'The event is not published yet.'],
  EVENT_ENDED: [409, 'Event ended', 'The event has already ended.'],
  EVENT_NOT_FULL: [
    409,
    'Event not full',
    'The event still has a spot or no capacity limit: register instead.',
  ],
  APPROVAL_REQUIRED: [
    409,
    'Approval required',
    'This event requires approval and has no waiting list: register to send a request.',
  ],
  REGISTRATION_DECLINED: [
    409,
    'Registration declined',
    'The hosts declined your request for this event.',
  ],
  NOT_PENDING: [409, 'Not pending', 'This user has no pending request for this event.'],
  QUESTIONS_LOCKED: [
    409,
    'Questions locked',
    'People have registered, waited or requested: questions may only be appended, as optional ones.',
  ],
  CHECK_IN_CLOSED: [
    409,
    'Check-in closed',
    'Check-in is open from 24 hours before the start until the end of the event.',
  ],
  IDEMPOTENCY_KEY_IN_USE: [
    409,
    'Idempotency key in use',
    'A request with this Idempotency-Key is still being processed; retry after the time in Retry-After.',
  ],
  IDEMPOTENCY_KEY_MISMATCH: [
    422,
    'Idempotency key mismatch',
    'This Idempotency-Key was used with another method, path or body; a new request needs a new key.',
  ],
  ALREADY_WAITLISTED: [409, 'Already waitlisted', 'You are already on the waiting list.'],
  NOT_WAITLISTED: [409, 'Not waitlisted', 'You are not on the waiting list of this event.'],
  PRECONDITION_FAILED: [
    412,
    'Precondition failed',
    'If-Match does not name the current version of the event; reload it and try again.',
  ],
  PAYLOAD_TOO_LARGE: [413, 'Payload too large', 'The request body is larger than 64 KiB.'],
  // Node's parser answers it before any route (src/common/http/client-errors.ts).
  HEADERS_TOO_LARGE: [
    431,
    'Request headers too large',
    'The request line and headers are larger than 16 KiB.',
  ],
  UNSUPPORTED_MEDIA_TYPE: [
    415,
    'Unsupported media type',
    'Request bodies must be application/json.',
  ],
  TOO_MANY_REQUESTS: [
    429,
    'Too many requests',
    'Rate limit exceeded; retry after the time in Retry-After.',
  ],
  INTERNAL: [500, 'Internal server error', 'An unexpected error occurred.'],
  SERVICE_UNAVAILABLE: [
    503,
    'Service unavailable',
    'The database is unavailable (unreachable, full or read-only); retry after the time in Retry-After.',
  ],
} as const satisfies Record<string, readonly [number, string, string]>;

/** Stable, machine-readable error codes of the contract (`../shared/API.md`). */
export type ErrorCode = keyof typeof ERROR_CATALOG;

export interface FieldError {
  field: string;
  message: string;
}

/**
 * An expected failure with its contract code. Services and guards throw these; the global
 * problem-details filter is the only place that turns them into responses.
 */
export class DomainError extends Error {
  readonly status: number;
  readonly title: string;
  /** Seconds for a `Retry-After` header, when the client should come back later. */
  readonly retryAfter?: number;

  constructor(
    readonly code: ErrorCode,
    detail?: string,
    readonly errors?: FieldError[],
    options?: { cause?: unknown; retryAfter?: number },
  ) {
    const [status, title, defaultDetail] = ERROR_CATALOG[code];
    super(detail ?? defaultDetail, options?.cause === undefined ? {} : { cause: options.cause });
    this.retryAfter = options?.retryAfter;
    this.status = status;
    this.title = title;
  }
}

export class ValidationFailedError extends DomainError {
  constructor(errors: FieldError[], detail?: string) {
    super('VALIDATION_FAILED', detail, errors);
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(detail?: string) {
    super('UNAUTHENTICATED', detail);
  }
}
