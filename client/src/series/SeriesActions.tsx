import { useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { errorMessage, type Series } from '../api/client';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { can } from '../events/event-permissions';
import { flashState } from '../lib/flash';
import { plural } from '../lib/format';
import { useSeriesMutations } from './series-api';
import { CancelReasonField } from '../components/CancelReasonField';

type Dialog = 'cancel' | 'delete' | null;

/**
 * A series' own controls: edit or cancel every upcoming event (owner and cohosts), delete the
 * whole series (the owner), each destructive step confirmed.
 */
export function SeriesActions({ series }: { series: Series }) {
  const { cancel, remove } = useSeriesMutations();
  const navigate = useNavigate();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [reason, setReason] = useState('');
  const [failure, setFailure] = useState<string>();
  const cancelButton = useRef<HTMLButtonElement>(null);
  const deleteButton = useRef<HTMLButtonElement>(null);
  const first = series.occurrences[0]!;
  const upcoming = series.occurrences.filter((e) => e.status === 'upcoming');
  const path = { id: series.id };
  const name = first.name;

  const close = () => {
    const opener = dialog === 'cancel' ? cancelButton : deleteButton;
    setDialog(null);
    opener.current?.focus();
  };
  const run = async (action: () => Promise<unknown>) => {
    setFailure(undefined);
    try {
      await action();
    } catch (error) {
      setFailure(errorMessage(error));
    }
    setDialog(null);
  };

  return (
    <>
      <div className="actions">
        {upcoming[0] && (
          <Link to={`/events/${upcoming[0].id}/edit?scope=series`} className="button">
            Edit upcoming events
          </Link>
        )}
        {upcoming.length > 0 && can(first, 'cancel') && (
          <button
            ref={cancelButton}
            type="button"
            className="button button-danger-outline"
            onClick={() => setDialog('cancel')}
          >
            Cancel upcoming events
          </button>
        )}
        {can(first, 'delete') && (
          <button
            ref={deleteButton}
            type="button"
            className="button button-danger-outline"
            onClick={() => setDialog('delete')}
          >
            Delete series
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
        title="Cancel every upcoming event of this series?"
        confirmLabel="Cancel upcoming events"
        busyLabel="Cancelling…"
        dismissLabel="Keep them"
        busy={cancel.isPending}
        onConfirm={() =>
          void run(() =>
            cancel.mutateAsync({ params: { path }, body: { reason: reason.trim() || null } }),
          )
        }
        onCancel={close}
      >
        <p>
          {plural(upcoming.length, 'upcoming event')} of “{name}” will be cancelled; registrations
          are kept, waiting lists emptied. Events that have started or are over stay. This cannot be
          undone.
        </p>
        <CancelReasonField id="series-cancel-reason" value={reason} onChange={setReason} />
      </ConfirmDialog>
      <ConfirmDialog
        open={dialog === 'delete'}
        title="Delete this whole series?"
        confirmLabel="Delete series"
        busyLabel="Deleting…"
        busy={remove.isPending}
        onConfirm={() =>
          void run(async () => {
            await remove.mutateAsync({ params: { path } });
            await navigate('/?scope=mine', {
              state: flashState(`The series “${name}” was deleted.`),
            });
          })
        }
        onCancel={close}
      >
        <p>
          All {plural(series.occurrences.length, 'event')} of “{name}”, past ones included, will be
          removed for everyone with their registrations. This cannot be undone.
        </p>
      </ConfirmDialog>
    </>
  );
}
