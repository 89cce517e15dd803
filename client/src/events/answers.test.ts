import { describe, expect, it } from 'vitest';
import { ApiError, type Question } from '../api/client';
import { answerErrors, toAnswersBody } from './answers';

const questions: Question[] = [
  { id: 'qa', label: 'Diet', type: 'text', required: true, options: null },
  { id: 'qb', label: 'Size', type: 'choice', required: false, options: ['S', 'M'] },
  { id: 'qc', label: 'Photos OK', type: 'boolean', required: false, options: null },
];

const refused = (errors: Array<{ field: string; message: string }>, code = 'VALIDATION_FAILED') =>
  new ApiError({
    type: 'about:blank',
    title: 'Bad request',
    status: 400,
    code: code as 'VALIDATION_FAILED',
    detail: 'The request is invalid.',
    errors,
  });

describe('answers', () => {
  it('sends the given answers in question order, blank text left out, false kept', () => {
    expect(toAnswersBody(questions, { qc: false, qb: 'M', qa: '  ' })).toEqual([
      { questionId: 'qb', value: 'M' },
      { questionId: 'qc', value: false },
    ]);
    expect(toAnswersBody(questions, {})).toEqual([]);
  });

  it('puts each `answers` error next to the question its message names', () => {
    const errors = answerErrors(
      refused([
        { field: 'answers', message: 'question "Size" (qb) takes one of: S, M' },
        { field: 'answers', message: 'question "Diet" (qa) is required' },
      ]),
      questions,
    );
    expect(errors.fields).toEqual({ qa: 'Diet is required', qb: 'Size takes one of: S, M' });
    expect(errors.summary).toEqual([
      ['qa', 'Diet', 'Diet is required'],
      ['qb', 'Size', 'Size takes one of: S, M'],
    ]);
    expect(errors.general).toBeUndefined();
  });

  it('keeps what names no question as a general message', () => {
    const errors = answerErrors(
      refused([{ field: 'answers', message: 'the event has no question "zz"' }]),
      questions,
    );
    expect(errors.fields).toEqual({});
    expect(errors.general).toBe('the event has no question "zz"');
  });

  it('says a refusal that is no validation error in the API’s words', () => {
    const full = new ApiError({
      type: 'about:blank',
      title: 'Conflict',
      status: 409,
      code: 'EVENT_FULL',
      detail: 'The event is full.',
    });
    expect(answerErrors(full, questions)).toEqual({
      fields: {},
      summary: [],
      general: 'The event is full.',
    });
  });
});
