import { FieldError, ValidationFailedError } from '../common/errors/domain-error';
import { textProblem } from '../common/validation/storable-text';
import { MAX_TEXT_ANSWER, Question } from './questions';

/** One answer as sent and stored: a text or a choice's option as a string, a boolean as one. */
export interface Answer {
  questionId: string;
  value: string | boolean;
}

const FIELD = 'answers';
const invalid = (message: string): FieldError => ({ field: FIELD, message });
const named = (question: Question) => `question "${question.label}" (${question.id})`;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Why `value` is no answer to `question`, or undefined if it is one. */
function answerProblem(question: Question, value: unknown): string | undefined {
  switch (question.type) {
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `${named(question)} takes true or false`;
    case 'choice':
      return typeof value === 'string' && question.options!.includes(value)
        ? undefined
        : `${named(question)} takes one of: ${question.options!.join(', ')}`;
    case 'text': {
      if (typeof value !== 'string') return `${named(question)} takes a text`;
      const problem = textProblem(value, MAX_TEXT_ANSWER, 'lines');
      return problem === undefined ? undefined : `${named(question)}: the answer ${problem}`;
    }
  }
}

/** The body's `answers` list, each item checked for its shape. */
function items(body: unknown, errors: FieldError[]): Record<string, unknown>[] {
  if (body === undefined || body === null) return [];
  if (!isObject(body)) {
    errors.push({ field: 'body', message: 'the body must be an object with answers' });
    return [];
  }
  for (const key of Object.keys(body)) {
    if (key !== FIELD) errors.push({ field: key, message: `property ${key} should not exist` });
  }
  const answers = body[FIELD];
  if (answers === undefined) return [];
  if (!Array.isArray(answers)) {
    errors.push(invalid('answers must be a list of {questionId, value}'));
    return [];
  }
  return answers.filter((item: unknown, index): item is Record<string, unknown> => {
    const keys = isObject(item) ? Object.keys(item) : [];
    const ok =
      isObject(item) &&
      typeof item.questionId === 'string' &&
      'value' in item &&
      keys.every((key) => key === 'questionId' || key === 'value');
    if (!ok) errors.push(invalid(`answers.${index} must be {questionId, value} and nothing else`));
    return ok;
  });
}

/**
 * The answers of a registration or waiting-list body, checked against the event's questions:
 * every required question answered, each value of its question's type, no unknown or repeated
 * question (400, field `answers`, the message naming the question). A text is trimmed, and an
 * empty one is no answer. Answers come back in question order.
 */
export function parseAnswers(body: unknown, questions: Question[]): Answer[] {
  const errors: FieldError[] = [];
  const given = new Map<string, unknown>();
  for (const item of items(body, errors)) {
    const id = item.questionId as string;
    const question = questions.find((candidate) => candidate.id === id);
    if (!question) {
      errors.push(invalid(`the event has no question ${JSON.stringify(id).slice(0, 40)}`));
    } else if (given.has(id)) {
      errors.push(invalid(`${named(question)} is answered twice`));
    } else {
      given.set(id, typeof item.value === 'string' ? item.value.trim() : item.value);
    }
  }
  const answers: Answer[] = [];
  for (const question of questions) {
    const value = given.get(question.id);
    if (value === undefined || value === null || value === '') {
      if (question.required) errors.push(invalid(`${named(question)} is required`));
      continue;
    }
    const problem = answerProblem(question, value);
    if (problem) errors.push(invalid(problem));
    else answers.push({ questionId: question.id, value: value as string | boolean });
  }
  if (errors.length > 0) throw new ValidationFailedError(errors);
  return answers;
}

export const serializeAnswers = (answers: Answer[]): string | null =>
  answers.length === 0 ? null : JSON.stringify(answers);

export const parseStoredAnswers = (stored: string | null): Answer[] =>
  stored === null ? [] : (JSON.parse(stored) as Answer[]);
