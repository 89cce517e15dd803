import { DomainError } from '../common/errors/domain-error';

export class EventStartedError extends DomainError {
  constructor() {
    super('EVENT_STARTED');
  }
}

export class AlreadyRegisteredError extends DomainError {
  constructor(detail?: string) {
    super('ALREADY_REGISTERED', detail);
  }
}

export class NotRegisteredError extends DomainError {
  constructor() {
    super('NOT_REGISTERED');
  }
}

export class EventFullError extends DomainError {
  constructor() {
    super('EVENT_FULL');
  }
}

export class CapacityBelowAttendeesError extends DomainError {
  constructor() {
    super('CAPACITY_BELOW_ATTENDEES');
  }
}

/** Registering, joining the line or checking in before the event is published. */
export class EventDraftError extends DomainError {
  constructor() {
    super('EVENT_DRAFT');
  }
}

export class EventCancelledError extends DomainError {
  constructor() {
    super('EVENT_CANCELLED');
  }
}

export class EventEndedError extends DomainError {
  constructor() {
    super('EVENT_ENDED');
  }
}

export class EventNotFullError extends DomainError {
  constructor() {
    super('EVENT_NOT_FULL');
  }
}

export class AlreadyWaitlistedError extends DomainError {
  constructor() {
    super('ALREADY_WAITLISTED');
  }
}

export class NotWaitlistedError extends DomainError {
  constructor() {
    super('NOT_WAITLISTED');
  }
}

export class PreconditionFailedError extends DomainError {
  constructor() {
    super('PRECONDITION_FAILED');
  }
}

export class ApprovalRequiredError extends DomainError {
  constructor() {
    super('APPROVAL_REQUIRED');
  }
}

export class RegistrationDeclinedError extends DomainError {
  constructor() {
    super('REGISTRATION_DECLINED');
  }
}

export class NotPendingError extends DomainError {
  constructor() {
    super('NOT_PENDING');
  }
}
