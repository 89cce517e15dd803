import {
  editQuestions,
  isEditable,
  MAX_QUESTIONS,
  QUESTION_TYPES,
  type QuestionAction,
  type QuestionDraft,
} from '../events/question-editor';
import type { QuestionType } from '../api/client';

interface QuestionsEditorProps {
  drafts: QuestionDraft[];
  /** someone registered, waited or requested: saved questions stay, new ones are optional */
  locked: boolean;
  /** messages by question key, `all` for the list as a whole */
  errors: Record<string, string>;
  onChange(drafts: QuestionDraft[]): void;
}

/** The registration questions of the event form: add, reorder, remove; append only once locked. */
export function QuestionsEditor({ drafts, locked, errors, onChange }: QuestionsEditorProps) {
  const dispatch = (action: QuestionAction) => onChange(editQuestions(drafts, action, locked));
  return (
    <fieldset className="field-group questions-editor" aria-describedby="questions-hint">
      <legend>Registration questions</legend>
      <p className="hint" id="questions-hint">
        Asked when someone registers or joins the waiting list; the answers show on the attendee
        list.
        {locked &&
          ' People have already answered: the questions below stay as they are, and new ones can only be optional.'}
      </p>
      {errors.all && (
        <p className="field-error" id="field-questions" data-field-error="questions">
          <span aria-hidden="true">⚠ </span>
          {errors.all}
        </p>
      )}
      {drafts.length === 0 && <p className="muted">No questions.</p>}
      <ol className="question-list">
        {drafts.map((draft, index) => (
          <QuestionItem
            key={draft.key}
            draft={draft}
            index={index}
            editable={isEditable(draft, locked)}
            canMoveUp={index > 0 && isEditable(drafts[index - 1]!, locked)}
            canMoveDown={index < drafts.length - 1}
            locked={locked}
            error={errors[draft.key]}
            dispatch={dispatch}
          />
        ))}
      </ol>
      <button
        type="button"
        className="button"
        onClick={() => dispatch({ type: 'add' })}
        disabled={drafts.length >= MAX_QUESTIONS}
      >
        Add a question
      </button>
    </fieldset>
  );
}

interface QuestionItemProps {
  draft: QuestionDraft;
  index: number;
  editable: boolean;
  canMoveUp: boolean;
  canMoveDown: boolean;
  locked: boolean;
  error?: string;
  dispatch(action: QuestionAction): void;
}

function QuestionItem(props: QuestionItemProps) {
  const { draft, index, editable, canMoveUp, canMoveDown, locked, error, dispatch } = props;
  const n = index + 1;
  const id = `question-${draft.key}`;
  const change = (change: Partial<Omit<QuestionDraft, 'key' | 'id'>>) =>
    dispatch({ type: 'change', key: draft.key, change });
  const errorId = error ? `${id}-error` : undefined;

  if (!editable) {
    return (
      <li className="question-item question-saved" data-testid="question">
        <strong>{draft.label}</strong>{' '}
        <span className="muted">
          ({QUESTION_TYPES.find(([type]) => type === draft.type)?.[1]}
          {draft.required ? ', required' : ', optional'}
          {draft.type === 'choice' && `: ${draft.options.split('\n').join(', ')}`})
        </span>
      </li>
    );
  }
  return (
    <li className="question-item" data-testid="question">
      <div className="field-row">
        <div className={`field${error ? ' field-invalid' : ''}`}>
          <label htmlFor={`${id}-label`}>Question {n}</label>
          <input
            id={`${id}-label`}
            type="text"
            maxLength={200}
            value={draft.label}
            aria-invalid={error ? true : undefined}
            aria-describedby={errorId}
            onChange={(e) => change({ label: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-type`}>Answer type of question {n}</label>
          <select
            id={`${id}-type`}
            value={draft.type}
            onChange={(e) => change({ type: e.target.value as QuestionType })}
          >
            {QUESTION_TYPES.map(([type, label]) => (
              <option key={type} value={type}>
                {label}
              </option>
            ))}
          </select>
        </div>
      </div>
      {draft.type === 'choice' && (
        <div className="field">
          <label htmlFor={`${id}-options`}>Options of question {n}, one per line</label>
          <textarea
            id={`${id}-options`}
            rows={3}
            value={draft.options}
            aria-describedby={errorId}
            onChange={(e) => change({ options: e.target.value })}
          />
        </div>
      )}
      {error && (
        <p id={errorId} className="field-error" data-field-error={`question-${n}`}>
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      )}
      <div className="question-actions">
        <div className="field-check">
          <input
            id={`${id}-required`}
            type="checkbox"
            checked={draft.required}
            disabled={locked}
            onChange={(e) => change({ required: e.target.checked })}
          />
          <label htmlFor={`${id}-required`}>Question {n} is required</label>
        </div>
        <button
          type="button"
          className="button button-small"
          disabled={!canMoveUp}
          onClick={() => dispatch({ type: 'move', key: draft.key, by: -1 })}
        >
          <span className="visually-hidden">Move question {n} </span>Up
        </button>
        <button
          type="button"
          className="button button-small"
          disabled={!canMoveDown}
          onClick={() => dispatch({ type: 'move', key: draft.key, by: 1 })}
        >
          <span className="visually-hidden">Move question {n} </span>Down
        </button>
        <button
          type="button"
          className="button button-small button-danger-outline"
          onClick={() => dispatch({ type: 'remove', key: draft.key })}
        >
          Remove<span className="visually-hidden"> question {n}</span>
        </button>
      </div>
    </li>
  );
}
