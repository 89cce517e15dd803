import { DomainError } from '../common/errors/domain-error';

export class CalendarFeedNotFoundError extends DomainError {
  constructor() {
    super('CALENDAR_FEED_NOT_FOUND');
  }
}
