import { randomBytes } from 'node:crypto';
import { FieldError, ValidationFailedError } from '../common/errors/domain-error';
import { QuestionsLockedError } from './questions.errors';

export const QUESTION_TYPES = ['text', 'choice', 'boolean'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];
export const MAX_QUESTIONS = 20;
export const MAX_OPTIONS = 20;
export const MAX_TEXT_ANSWER = 1000;
/** `q` and 8 base64url characters (48 random bits): short, and never reused within an event. */
export const QUESTION_ID_PATTERN = /^q[A-Za-z0-9_-]{8}$/;

/** A registration question as stored (in `events.questions`) and shown. */
export interface Question {
  id: string;
  label: string;
  type: QuestionType;
  required: boolean;
  options: string[] | null;
}

/** A question as a create or PATCH sends it (validated by `QuestionInputDto`). */
export interface QuestionInput {
  id?: string;
  label: string;
  type: QuestionType;
  required?: boolean;
  options?: string[] | null;
}

export const parseQuestions = (stored: string): Question[] => JSON.parse(stored) as Question[];

/** The stored form, whose text also says whether a PATCH changed anything. */
export const serializeQuestions = (questions: Question[]): string =>
  JSON.stringify(
    questions.map(({ id, label, type, required, options }) => ({
      id,
      label,
      type,
      required,
      options,
    })),
  );

function newId(taken: Set<string>): string {
  for (;;) {
    const id = `q${randomBytes(6).toString('base64url')}`;
    if (!taken.has(id)) return id;
  }
}

/**
 * The list a create or PATCH asks for, as it would be stored: kept questions by their `id`, new
 * ones with a fresh id. 400 on field `questions[i]…` for what no stored list could be: options on
 * a question that is not a choice, an id the event does not have, an id given twice.
 */
export function resolveQuestions(stored: Question[], input: QuestionInput[]): Question[] {
  const errors: FieldError[] = [];
  const known = new Set(stored.map((question) => question.id));
  const seen = new Set<string>();
  input.forEach((question, index) => {
    const field = `questions.${index}`;
    if (question.type !== 'choice' && question.options != null) {
      errors.push({
        field: `${field}.options`,
        message: 'options must be null unless type is choice',
      });
    }
    if (question.id === undefined) return;
    if (!known.has(question.id)) {
      errors.push({ field: `${field}.id`, message: `the event has no question ${question.id}` });
    } else if (seen.has(question.id)) {
      errors.push({ field: `${field}.id`, message: `question ${question.id} is listed twice` });
    }
    seen.add(question.id);
  });
  if (errors.length > 0) throw new ValidationFailedError(errors);
  const taken = new Set(known);
  return input.map((question) => {
    const id = question.id ?? newId(taken);
    taken.add(id);
    return {
      id,
      label: question.label,
      type: question.type,
      required: question.required ?? false,
      options: question.type === 'choice' ? (question.options ?? null) : null,
    };
  });
}

/**
 * Once anyone registered, waited or requested, their answers must keep their meaning: the stored
 * questions stay as they are, in order, and only optional questions may follow them.
 */
export function assertAppendOnly(stored: Question[], next: Question[]): void {
  const kept = serializeQuestions(next.slice(0, stored.length)) === serializeQuestions(stored);
  if (!kept || next.slice(stored.length).some((question) => question.required)) {
    throw new QuestionsLockedError();
  }
}
