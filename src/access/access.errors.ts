import { DomainError } from '../common/errors/domain-error';

/** No such event, or one the caller may not see (a draft of someone else's): the same 404. */
export class EventNotFoundError extends DomainError {
  constructor() {
    super('EVENT_NOT_FOUND');
  }
}

/** The caller has no role on the event. */
export class NotEventOwnerError extends DomainError {
  constructor() {
    super('NOT_EVENT_OWNER');
  }
}

/** The caller hosts the event, but their role does not allow the action. */
export class NotEventHostError extends DomainError {
  constructor() {
    super('NOT_EVENT_HOST');
  }
}
