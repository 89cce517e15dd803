import { DomainError } from '../common/errors/domain-error';

/** Changing or removing a question once anyone registered, waited or requested. */
export class QuestionsLockedError extends DomainError {
  constructor() {
    super('QUESTIONS_LOCKED');
  }
}
