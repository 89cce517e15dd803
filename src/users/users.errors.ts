import { DomainError } from '../common/errors/domain-error';

export class UsernameTakenError extends DomainError {
  constructor() {
    super('USERNAME_TAKEN');
  }
}

export class EmailTakenError extends DomainError {
  constructor() {
    super('EMAIL_TAKEN');
  }
}

export class UserNotFoundError extends DomainError {
  constructor() {
    super('USER_NOT_FOUND');
  }
}
