import { asApiError, errorMessage, type Answer, type Question } from '../api/client';
import type { FormErrors } from '../lib/form-errors';

/** What the form holds per question id: text, a chosen option, yes/no, or nothing yet. */
export type AnswerValues = Record<string, string | boolean | undefined>;

/** The answers to send: every question given a value, in question order (blank text is none). */
export function toAnswersBody(questions: readonly Question[], values: AnswerValues): Answer[] {
  const answers: Answer[] = [];
  for (const question of questions) {
    const value = values[question.id];
    if (value === undefined || (typeof value === 'string' && value.trim() === '')) continue;
    answers.push({ questionId: question.id, value });
  }
  return answers;
}

/**
 * The API names a question in its message as `question "Label" (id)`: in the form, next to that
 * question, its label is enough (and the summary then shows the message as it is).
 */
function shorten(message: string, question: Question): string {
  const named = `question ${JSON.stringify(question.label)} (${question.id})`;
  return message.replace(named, question.label);
}

/**
 * A refused registration spread over the answer form: each `answers` error next to the question
 * its message names (by its id), the rest (and any other refusal) as a general message.
 */
export function answerErrors(error: unknown, questions: readonly Question[]): FormErrors {
  const failure = asApiError(error);
  const fields: Record<string, string> = {};
  const unplaced: string[] = [];
  for (const { field, message } of failure.problem.errors ?? []) {
    const question =
      field === 'answers' ? questions.find((q) => message.includes(`(${q.id})`)) : undefined;
    if (question === undefined) {
      unplaced.push(message);
      continue;
    }
    const text = shorten(message, question);
    fields[question.id] = fields[question.id] ? `${fields[question.id]} ${text}` : text;
  }
  const summary: FormErrors['summary'] = [];
  for (const question of questions) {
    const message = fields[question.id];
    if (message !== undefined) summary.push([question.id, question.label, message]);
  }
  const general =
    unplaced.length > 0
      ? unplaced.join(' ')
      : summary.length === 0
        ? errorMessage(failure)
        : undefined;
  return { fields, summary, general };
}

/** Whether the person must still fill in the form before registering or joining the list. */
export const asksQuestions = (event: { questions: readonly Question[] }) =>
  event.questions.length > 0;
