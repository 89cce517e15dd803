import { describe, expect, it } from 'vitest';
import type { Question } from '../api/client';
import {
  editQuestions,
  MAX_QUESTIONS,
  questionErrors,
  questionsChanged,
  questionsLocked,
  toDrafts,
  toQuestionsBody,
  type QuestionDraft,
} from './question-editor';

const saved: Question[] = [
  { id: 'q1', label: 'Diet', type: 'text', required: true, options: null },
  { id: 'q2', label: 'Size', type: 'choice', required: false, options: ['S', 'M'] },
];

const add = (drafts: QuestionDraft[], locked = false) =>
  editQuestions(drafts, { type: 'add' }, locked);

describe('question editor', () => {
  it('round-trips the saved questions unchanged', () => {
    const drafts = toDrafts(saved);
    expect(questionsChanged(drafts, saved)).toBe(false);
    expect(toQuestionsBody(drafts)).toEqual(saved);
  });

  it('adds optional text questions without id, up to the limit', () => {
    let drafts = add(toDrafts(saved));
    expect(drafts).toHaveLength(3);
    expect(drafts[2]).toMatchObject({ type: 'text', required: false, label: '' });
    expect(drafts[2]!.id).toBeUndefined();
    expect(new Set(drafts.map((d) => d.key)).size).toBe(3);
    for (let i = 0; i < 30; i += 1) drafts = add(drafts);
    expect(drafts).toHaveLength(MAX_QUESTIONS);
  });

  it('sends choice options one per line, trimmed, and none for other types', () => {
    let drafts = add([]);
    const key = drafts[0]!.key;
    drafts = editQuestions(
      drafts,
      { type: 'change', key, change: { label: ' Track ', type: 'choice', options: ' A \n\nB\n' } },
      false,
    );
    expect(toQuestionsBody(drafts)).toEqual([
      { label: 'Track', type: 'choice', required: false, options: ['A', 'B'] },
    ]);
    drafts = editQuestions(drafts, { type: 'change', key, change: { type: 'boolean' } }, false);
    expect(toQuestionsBody(drafts)[0]!.options).toBeNull();
  });

  it('reorders and removes before the first registration', () => {
    let drafts = toDrafts(saved);
    drafts = editQuestions(drafts, { type: 'move', key: 'q2', by: -1 }, false);
    expect(drafts.map((d) => d.id)).toEqual(['q2', 'q1']);
    expect(questionsChanged(drafts, saved)).toBe(true);
    // Nothing moves past either end.
    expect(editQuestions(drafts, { type: 'move', key: 'q2', by: -1 }, false)).toBe(drafts);
    drafts = editQuestions(drafts, { type: 'remove', key: 'q1' }, false);
    expect(drafts.map((d) => d.id)).toEqual(['q2']);
  });

  it('once locked, only appends optional questions', () => {
    let drafts = add(toDrafts(saved), true);
    const key = drafts[2]!.key;
    const same = (action: Parameters<typeof editQuestions>[1]) =>
      expect(editQuestions(drafts, action, true)).toBe(drafts);
    same({ type: 'remove', key: 'q1' });
    same({ type: 'move', key: 'q2', by: 1 });
    same({ type: 'change', key: 'q1', change: { label: 'Food' } });
    // The new one cannot move above the saved ones, nor become required.
    same({ type: 'move', key, by: -1 });
    drafts = editQuestions(drafts, { type: 'change', key, change: { required: true } }, true);
    expect(drafts[2]!.required).toBe(false);
    expect(editQuestions(drafts, { type: 'remove', key }, true)).toHaveLength(2);
  });

  it('is locked once anyone registered, waited or requested', () => {
    const none = { attendeeCount: 0, waitlistCount: 0, pendingCount: 0 };
    expect(questionsLocked(none)).toBe(false);
    expect(questionsLocked({ ...none, pendingCount: null })).toBe(false);
    expect(questionsLocked({ ...none, attendeeCount: 1 })).toBe(true);
    expect(questionsLocked({ ...none, waitlistCount: 1 })).toBe(true);
    expect(questionsLocked({ ...none, pendingCount: 2 })).toBe(true);
  });

  it('puts the API’s errors on the question they name', () => {
    const drafts = toDrafts(saved);
    expect(
      questionErrors(
        [
          { field: 'questions.1.options', message: 'options must be distinct' },
          { field: 'questions.1.label', message: 'label must not be blank' },
          { field: 'questions', message: 'questions must contain no more than 20 elements' },
          { field: 'name', message: 'name must not be blank' },
        ],
        drafts,
      ),
    ).toEqual({
      q2: 'Question 2: options must be distinct Question 2: label must not be blank',
      all: 'questions must contain no more than 20 elements',
    });
  });
});
