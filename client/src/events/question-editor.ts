import type { Question, QuestionInput, QuestionType } from '../api/client';

/** One question as the form edits it: options as text, one per line. */
export interface QuestionDraft {
  /** React's key: stable while the form lives, also for questions not saved yet */
  key: string;
  /** the server's id; absent for a question added in this form */
  id?: string;
  label: string;
  type: QuestionType;
  required: boolean;
  options: string;
}

export const QUESTION_TYPES: Array<[QuestionType, string]> = [
  ['text', 'Text'],
  ['choice', 'Choice'],
  ['boolean', 'Yes / no'],
];

/** At most this many questions (the API's limit). */
export const MAX_QUESTIONS = 20;

let made = 0;
const nextKey = () => `new-${(made += 1)}`;

export function toDrafts(questions: readonly Question[]): QuestionDraft[] {
  return questions.map((question) => ({
    key: question.id,
    id: question.id,
    label: question.label,
    type: question.type,
    required: question.required,
    options: (question.options ?? []).join('\n'),
  }));
}

/**
 * Once anyone registered, waited or requested, the saved questions keep their meaning: the form
 * only appends optional ones (the server answers 409 QUESTIONS_LOCKED to anything else). A
 * declined request counts too but shows in no count, so the server stays the judge.
 */
export function questionsLocked(event: {
  attendeeCount: number;
  waitlistCount: number;
  pendingCount?: number | null;
}): boolean {
  return event.attendeeCount + event.waitlistCount + (event.pendingCount ?? 0) > 0;
}

/** Whether the question may still be changed, moved or removed. */
export const isEditable = (draft: QuestionDraft, locked: boolean) =>
  !locked || draft.id === undefined;

export type QuestionAction =
  | { type: 'add' }
  | { type: 'remove'; key: string }
  | { type: 'move'; key: string; by: -1 | 1 }
  | { type: 'change'; key: string; change: Partial<Omit<QuestionDraft, 'key' | 'id'>> };

/**
 * The editor's state change: add, remove, move and change questions. When `locked`, saved
 * questions neither change nor move, nothing moves above them, and new ones stay optional.
 */
export function editQuestions(
  drafts: QuestionDraft[],
  action: QuestionAction,
  locked: boolean,
): QuestionDraft[] {
  if (action.type === 'add') {
    if (drafts.length >= MAX_QUESTIONS) return drafts;
    const draft = { key: nextKey(), label: '', type: 'text', required: false, options: '' };
    return [...drafts, draft as QuestionDraft];
  }
  const index = drafts.findIndex((draft) => draft.key === action.key);
  const draft = drafts[index];
  if (draft === undefined || !isEditable(draft, locked)) return drafts;
  switch (action.type) {
    case 'remove':
      return drafts.filter((_, i) => i !== index);
    case 'move': {
      const other = drafts[index + action.by];
      if (other === undefined || !isEditable(other, locked)) return drafts;
      const next = [...drafts];
      next[index] = other;
      next[index + action.by] = draft;
      return next;
    }
    case 'change': {
      const changed = { ...draft, ...action.change };
      if (locked) changed.required = false;
      return drafts.map((d, i) => (i === index ? changed : d));
    }
  }
}

/** The options of a choice question: one per line, trimmed, blank lines left out. */
export const optionList = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');

/** The editor's questions as the API takes them (the whole list, in order). */
export function toQuestionsBody(drafts: readonly QuestionDraft[]): QuestionInput[] {
  return drafts.map((draft) => ({
    ...(draft.id === undefined ? {} : { id: draft.id }),
    label: draft.label.trim(),
    type: draft.type,
    required: draft.required,
    options: draft.type === 'choice' ? optionList(draft.options) : null,
  }));
}

/** Whether the edited questions differ from the event's. */
export function questionsChanged(drafts: readonly QuestionDraft[], saved: readonly Question[]) {
  const asSaved = saved.map(({ id, label, type, required, options }) => ({
    id,
    label,
    type,
    required,
    options: type === 'choice' ? options : null,
  }));
  return JSON.stringify(toQuestionsBody(drafts)) !== JSON.stringify(asSaved);
}

/**
 * The API's errors about questions (`questions.2.label`, `questions.2.options.0`, `questions`),
 * by the key of the question they are about, or `all` for the list as a whole.
 */
export function questionErrors(
  reported: ReadonlyArray<{ field: string; message: string }>,
  drafts: readonly QuestionDraft[],
): Record<string, string> {
  const found: Record<string, string> = {};
  const add = (key: string, message: string) => {
    found[key] = found[key] ? `${found[key]} ${message}` : message;
  };
  for (const { field, message } of reported) {
    const match = /^questions(?:\.(\d+)(?:\.(\w+))?)?/.exec(field);
    if (!match) continue;
    const draft = match[1] === undefined ? undefined : drafts[Number(match[1])];
    if (draft === undefined) add('all', message);
    else add(draft.key, `Question ${Number(match[1]) + 1}: ${message}`);
  }
  return found;
}
