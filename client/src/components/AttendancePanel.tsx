import { useState } from 'react';
import { Link } from 'react-router';
import { api, errorMessage, type Answer, type EventDetail } from '../api/client';
import { nextStep, STEP_TEXT, takesAnswers, type Step } from '../events/attendance';
import { useEventMutations } from '../events/event-mutations';
import { can } from '../events/event-permissions';
import { saveBlob } from '../lib/download';
import { plural } from '../lib/format';
import { keyHeader, useSubmissionKey } from '../lib/submission-key';
import { AnswersForm } from './AnswersForm';
import { CapacityBar, registrationBlocker } from './EventBits';
import { PublicLists } from './PublicLists';

/** Register, request, unregister, the waiting list and "Add to calendar", for the person viewing. */
export function AttendancePanel({ event }: { event: EventDetail }) {
  const mutations = useEventMutations(event.id);
  const [note, setNote] = useState<string>();
  const [failure, setFailure] = useState<string>();
  const [answering, setAnswering] = useState(false);
  const busy = Object.values(mutations).some((m) => m.isPending);
  const blocker = registrationBlocker(event);
  const path = { params: { path: { id: event.id } } };
  const submission = useSubmissionKey();
  // Joining (a registration, a request, a place in line) sends a key: a double click or a retry
  // after a timeout joins once.
  const join = (
    mutation: typeof mutations.register | typeof mutations.joinWaitlist,
    answers?: Answer[],
  ) =>
    submission.send(
      { url: mutation === mutations.register ? 'registration' : 'waitlist', answers },
      (key) =>
        mutation.mutateAsync({
          params: { path: { id: event.id }, header: keyHeader(key) },
          body: { answers },
        }),
    );
  const step = nextStep(event);
  const text = STEP_TEXT[step];
  const joining = step === 'joinWaitlist' ? mutations.joinWaitlist : mutations.register;

  const run: Record<Step, (answers?: Answer[]) => Promise<unknown>> = {
    register: (answers) => join(mutations.register, answers),
    request: (answers) => join(mutations.register, answers),
    joinWaitlist: (answers) => join(mutations.joinWaitlist, answers),
    unregister: () => mutations.unregister.mutateAsync(path),
    withdraw: () => mutations.unregister.mutateAsync(path),
    leaveWaitlist: () => mutations.leaveWaitlist.mutateAsync(path),
    none: () => Promise.resolve(),
  };

  const act = async () => {
    setNote(undefined);
    setFailure(undefined);
    if (takesAnswers(step) && event.questions.length > 0) {
      joining.reset();
      setAnswering(true);
      return;
    }
    try {
      await run[step]();
      setNote(text.done);
    } catch (error) {
      setFailure(errorMessage(error));
    }
  };

  const addToCalendar = async () => {
    try {
      const { data } = await api.GET('/api/v1/events/{id}/calendar', { ...path, parseAs: 'blob' });
      if (data) saveBlob(data, `event-${event.id}.ics`);
    } catch (error) {
      setFailure(errorMessage(error));
    }
  };

  // When the answer form closes, its controls are gone: the panel's title takes focus.
  const closeAnswers = () => {
    setAnswering(false);
    setTimeout(() => document.getElementById('attendance-title')?.focus(), 0);
  };

  const full = event.capacity !== null && event.spotsLeft === 0;
  return (
    <aside className="event-side" aria-labelledby="attendance-title">
      <h2 id="attendance-title" tabIndex={-1}>
        Attendance
      </h2>
      <CapacityBar event={event} />
      {event.requiresApproval && <p className="hint">The hosts approve each registration.</p>}
      <RegistrationState event={event} />
      {step === 'joinWaitlist' && blocker === null && (
        <p className="hint" data-testid="registration-blocker">
          This event is full.{' '}
          {event.waitlistCount > 0
            ? `${plural(event.waitlistCount, 'person', 'people')} waiting.`
            : 'Nobody is waiting yet.'}
        </p>
      )}
      {step === 'request' && full && blocker === null && (
        <p className="hint">This event is full: a request waits until a spot frees up.</p>
      )}
      <div role="status" className="status-region">
        {note && <p className="alert alert-success">{note}</p>}
      </div>
      {failure && (
        <p className="alert alert-error" role="alert">
          {failure}
        </p>
      )}
      {answering && takesAnswers(step) ? (
        <AnswersForm
          questions={event.questions}
          submitLabel={text.label}
          busy={joining.isPending}
          error={joining.error}
          onSubmit={(answers) =>
            void run[step](answers).then(
              () => {
                closeAnswers();
                setNote(text.done);
              },
              () => undefined,
            )
          }
          onCancel={closeAnswers}
        />
      ) : (
        <div className="register">
          {step !== 'none' && (
            <button
              type="button"
              className={`button ${text.primary ? 'button-primary' : ''} button-block`}
              disabled={busy || blocker !== null}
              aria-describedby={blocker ? 'registration-blocker' : undefined}
              onClick={() => void act()}
            >
              {text.label}
            </button>
          )}
          {blocker && (
            <p id="registration-blocker" className="hint" data-testid="registration-blocker">
              {blocker}
            </p>
          )}
          {event.registrationStatus === 'attending' && (
            <Link to={`/events/${event.id}/ticket`} className="button button-block">
              Your ticket
            </Link>
          )}
          <button
            type="button"
            className="button button-block"
            onClick={() => void addToCalendar()}
          >
            Add to calendar
          </button>
        </div>
      )}
      {!can(event, 'readAttendees') && <PublicLists event={event} />}
    </aside>
  );
}

/** The caller's place: on the waiting list, a request waiting for the hosts, or declined. */
function RegistrationState({ event }: { event: EventDetail }) {
  switch (event.registrationStatus) {
    case 'waitlisted':
      return (
        <p className="alert alert-info" data-testid="waitlist-position">
          You are number {event.waitlistPosition} on the waiting list.
        </p>
      );
    case 'pending':
      return (
        <p className="alert alert-info" data-testid="request-pending">
          <strong>Request pending.</strong> The hosts have not decided yet; your request holds no
          spot until they approve it.
        </p>
      );
    case 'declined':
      return (
        <p className="alert alert-warning" data-testid="request-declined">
          <strong>Request declined.</strong> The hosts declined your request to join this event.
        </p>
      );
    case 'attending':
      return event.requiresApproval ? (
        <p className="alert alert-success" data-testid="request-approved">
          <strong>Approved:</strong> you are attending.
        </p>
      ) : null;
    default:
      return null;
  }
}
