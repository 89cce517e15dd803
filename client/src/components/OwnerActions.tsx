import { useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { asApiError, errorMessage, etag, type EventDetail } from '../api/client';
import { useEventMutations } from '../events/event-mutations';
import { can } from '../events/event-permissions';
import { flashState } from '../lib/flash';
import { plural } from '../lib/format';
import { ScopeChoice, type Scope } from '../series/ScopeChoice';
import { useSeriesMutations } from '../series/series-api';
import { ConfirmDialog } from './ConfirmDialog';
import { CancelReasonField } from './CancelReasonField';

type Dialog = 'cancel' | 'delete' | null;

/**
 * Edit and cancel (with a reason) for the owner and cohosts, delete for the owner only; each
 * destructive step confirmed.
 */
export function OwnerActions({ event }: { event: EventDetail }) {
  const { cancel, remove } = useEventMutations(event.id);
  const navigate = useNavigate();
  const [dialog, setDialog] = useState<Dialog>(null);
  const series = useSeriesMutations();
  const [scope, setScope] = useState<Scope>('event');
  const all = event.seriesId !== null && scope === 'series';
  const [reason, setReason] = useState('');
  const [failure, setFailure] = useState<string>();
  const cancelButton = useRef<HTMLButtonElement>(null);
  const deleteButton = useRef<HTMLButtonElement>(null);
  const path = { id: event.id };
  const cancellable =
    can(event, 'cancel') && (event.status === 'upcoming' || event.status === 'ongoing');

  const close = () => {
    const opener = dialog === 'cancel' ? cancelButton : deleteButton;
    setDialog(null);
    opener.current?.focus();
  };

  const confirmCancel = async () => {
    setFailure(undefined);
    try {
      const body = { reason: reason.trim() || null };
      if (all && event.seriesId !== null) {
        await series.cancel.mutateAsync({ params: { path: { id: event.seriesId } }, body });
      } else {
        await cancel.mutateAsync({ params: { path, header: { 'If-Match': etag(event) } }, body });
      }
      setDialog(null);
    } catch (error) {
      setDialog(null);
      setFailure(
        asApiError(error).code === 'PRECONDITION_FAILED'
          ? 'Someone else changed this event meanwhile. It is shown as it is now; check it and try again.'
          : errorMessage(error),
      );
    }
  };

  const confirmDelete = async () => {
    try {
      await remove.mutateAsync({ params: { path, header: { 'If-Match': etag(event) } } });
      await navigate('/?scope=mine', { state: flashState(`“${event.name}” was deleted.`) });
    } catch (error) {
      setDialog(null);
      setFailure(errorMessage(error));
    }
  };

  return (
    <>
      <div className="actions">
        {can(event, 'edit') && event.status !== 'cancelled' && (
          <Link to={`/events/${event.id}/edit`} className="button">
            Edit
          </Link>
        )}
        {cancellable && (
          <button
            ref={cancelButton}
            type="button"
            className="button button-danger-outline"
            onClick={() => setDialog('cancel')}
          >
            Cancel event
          </button>
        )}
        {can(event, 'delete') && (
          <button
            ref={deleteButton}
            type="button"
            className="button button-danger-outline"
            onClick={() => setDialog('delete')}
          >
            Delete
          </button>
        )}
      </div>
      {failure && (
        <p className="alert alert-error owner-failure" role="alert">
          {failure}
        </p>
      )}

      <ConfirmDialog
        open={dialog === 'cancel'}
        title={all ? 'Cancel the upcoming events of this series?' : 'Cancel this event?'}
        confirmLabel={all ? 'Cancel upcoming events' : 'Cancel event'}
        busyLabel="Cancelling…"
        dismissLabel="Keep the event"
        busy={cancel.isPending || series.cancel.isPending}
        onConfirm={() => void confirmCancel()}
        onCancel={close}
      >
        {event.seriesId !== null && (
          <ScopeChoice
            seriesId={event.seriesId}
            action="cancel"
            value={scope}
            onChange={setScope}
          />
        )}
        {all ? (
          <p>
            Everyone sees that every event of the series that has not started yet is cancelled, with
            this reason; their registrations are kept and their waiting lists emptied. This cannot
            be undone.
          </p>
        ) : (
          <p>
            Everyone sees that “{event.name}” is cancelled
            {event.attendeeCount > 0
              ? `, its ${plural(event.attendeeCount, 'attendee')} included`
              : ''}
            {event.waitlistCount > 0 ? '; the waiting list is emptied' : ''}. This cannot be undone.
          </p>
        )}
        <CancelReasonField id="cancel-reason" value={reason} onChange={setReason} />
      </ConfirmDialog>

      <ConfirmDialog
        open={dialog === 'delete'}
        title="Delete this event?"
        confirmLabel="Delete event"
        busyLabel="Deleting…"
        busy={remove.isPending}
        onConfirm={() => void confirmDelete()}
        onCancel={close}
      >
        <p>
          “{event.name}” will be removed for everyone
          {event.attendeeCount > 0
            ? `, including its ${plural(event.attendeeCount, 'registered attendee')}`
            : ''}
          . This cannot be undone.
        </p>
      </ConfirmDialog>
    </>
  );
}
