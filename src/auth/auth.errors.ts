import { DomainError } from '../common/errors/domain-error';

export class InvalidCredentialsError extends DomainError {
  constructor() {
    super('INVALID_CREDENTIALS');
  }
}

export class InvalidRefreshTokenError extends DomainError {
  constructor() {
    super('INVALID_REFRESH_TOKEN');
  }
}

/** The 404 of `/users/me/sessions/:id`: no live session of the caller has that id. */
export class SessionNotFoundError extends DomainError {
  constructor() {
    super('NOT_FOUND', 'You have no live session with that id.');
  }
}
