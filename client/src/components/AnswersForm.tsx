import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { Question } from '../api/client';
import { answerErrors, toAnswersBody, type AnswerValues } from '../events/answers';
import { NO_ERRORS } from '../lib/form-errors';
import { ErrorSummary } from './ErrorSummary';
import { Field } from './Field';

interface AnswersFormProps {
  questions: Question[];
  submitLabel: string;
  busy: boolean;
  /** the refused submission, if the last one was refused */
  error: unknown;
  onSubmit(answers: ReturnType<typeof toAnswersBody>): void;
  onCancel(): void;
}

const PREFIX = 'answer';

/**
 * The event's questions, asked when registering or joining the waiting list; the API's
 * `answers` errors show next to the question each one names.
 */
export function AnswersForm(props: AnswersFormProps) {
  const { questions, submitLabel, busy, error, onSubmit, onCancel } = props;
  const [values, setValues] = useState<AnswerValues>({});
  const title = useRef<HTMLHeadingElement>(null);
  // The button that opened the form is gone: the form's title takes focus, read out first.
  useEffect(() => title.current?.focus(), []);
  const errors = useMemo(
    () => (error ? answerErrors(error, questions) : NO_ERRORS),
    [error, questions],
  );
  const set = (id: string, value: string | boolean | undefined) =>
    setValues((v) => ({ ...v, [id]: value }));

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    onSubmit(toAnswersBody(questions, values));
  };

  return (
    <form className="answers-form" onSubmit={submit} noValidate aria-labelledby="answers-title">
      <h3 id="answers-title" ref={title} tabIndex={-1}>
        A few questions from the hosts
      </h3>
      <ErrorSummary errors={errors} idPrefix={PREFIX} />
      {questions.map((question) => {
        const error = errors.fields[question.id];
        if (question.type === 'boolean') {
          return (
            <BooleanQuestion
              key={question.id}
              question={question}
              value={values[question.id]}
              error={error}
              onValue={(value) => set(question.id, value)}
            />
          );
        }
        return (
          <Field
            key={question.id}
            name={question.id}
            idPrefix={PREFIX}
            label={question.label}
            required={question.required}
            error={error}
          >
            {(control) =>
              question.type === 'choice' ? (
                <select
                  {...control}
                  value={typeof values[question.id] === 'string' ? String(values[question.id]) : ''}
                  onChange={(e) => set(question.id, e.target.value || undefined)}
                >
                  <option value="">Choose…</option>
                  {(question.options ?? []).map((option) => (
                    <option key={option} value={option}>
                      {option}
                    </option>
                  ))}
                </select>
              ) : (
                <textarea
                  {...control}
                  rows={2}
                  maxLength={1000}
                  value={typeof values[question.id] === 'string' ? String(values[question.id]) : ''}
                  onChange={(e) => set(question.id, e.target.value)}
                />
              )
            }
          </Field>
        );
      })}
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Sending…' : submitLabel}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

interface BooleanQuestionProps {
  question: Question;
  value: string | boolean | undefined;
  error?: string;
  onValue(value: boolean): void;
}

/** Yes or no as two radios: nothing chosen is no answer (which a required question refuses). */
function BooleanQuestion({ question, value, error, onValue }: BooleanQuestionProps) {
  const id = `${PREFIX}-${question.id}`;
  return (
    <fieldset
      className={`field field-radios${error ? ' field-invalid' : ''}`}
      aria-describedby={error ? `${id}-error` : undefined}
    >
      <legend>
        {question.label}
        {question.required ? (
          <span className="required" aria-hidden="true">
            {' '}
            *
          </span>
        ) : (
          <span className="optional"> (optional)</span>
        )}
      </legend>
      {[true, false].map((option) => (
        <label key={String(option)} className="radio">
          <input
            id={option ? id : undefined}
            type="radio"
            name={id}
            checked={value === option}
            required={question.required}
            onChange={() => onValue(option)}
          />{' '}
          {option ? 'Yes' : 'No'}
        </label>
      ))}
      {error && (
        <p id={`${id}-error`} className="field-error" data-field-error={question.id}>
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      )}
    </fieldset>
  );
}
