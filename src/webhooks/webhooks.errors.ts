import { DomainError } from '../common/errors/domain-error';

/** No such webhook of the caller's (someone else's is the same 404), or no such delivery of it. */
export class WebhookNotFoundError extends DomainError {
  constructor(detail?: string) {
    super('WEBHOOK_NOT_FOUND', detail);
  }
}
