import { DomainError } from '../common/errors/domain-error';

/** No valid ticket: the code is unknown, void or of another event, or the caller holds none. */
export class TicketNotFoundError extends DomainError {
  constructor() {
    super('TICKET_NOT_FOUND');
  }
}

/** Checking in (or undoing it) outside `startsAt - 24 h <= now < endsAt`. */
export class CheckInClosedError extends DomainError {
  constructor() {
    super('CHECK_IN_CLOSED');
  }
}
