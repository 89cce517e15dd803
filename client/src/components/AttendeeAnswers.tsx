import type { Attendee, Question } from '../api/client';

/** A person's answers, labelled by question, in question order. */
export function AttendeeAnswers({
  questions,
  answers,
}: {
  questions: Question[];
  answers: Attendee['answers'];
}) {
  const given = questions.flatMap((question) => {
    const answer = answers.find((a) => a.questionId === question.id);
    return answer ? [{ question, value: answer.value }] : [];
  });
  if (given.length === 0) return <span className="muted">—</span>;
  return (
    <dl className="answers">
      {given.map(({ question, value }) => (
        <div key={question.id}>
          <dt>{question.label}</dt>
          <dd>{typeof value === 'boolean' ? (value ? 'Yes' : 'No') : value}</dd>
        </div>
      ))}
    </dl>
  );
}
