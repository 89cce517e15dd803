import { DomainError } from '../common/errors/domain-error';

export class SeriesNotFoundError extends DomainError {
  constructor() {
    super('SERIES_NOT_FOUND');
  }
}

/** A series has no version of its own, so no entity tag but `*` matches it (RFC 9110 §13.1.1). */
export class SeriesPreconditionError extends DomainError {
  constructor() {
    super(
      'PRECONDITION_FAILED',
      'A series has no version: If-Match on a series may only be *. Send If-Match to an ' +
        'occurrence (PATCH /events/:id) to change it against its version.',
    );
  }
}
