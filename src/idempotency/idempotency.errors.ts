import { DomainError } from '../common/errors/domain-error';

/** The first request with this key is still running (IETF Idempotency-Key draft: 409). */
export class IdempotencyKeyInUseError extends DomainError {
  constructor() {
    super('IDEMPOTENCY_KEY_IN_USE', undefined, undefined, { retryAfter: 1 });
  }
}

/** The key was used with another method, path or body (IETF Idempotency-Key draft: 422). */
export class IdempotencyKeyMismatchError extends DomainError {
  constructor() {
    super('IDEMPOTENCY_KEY_MISMATCH');
  }
}
