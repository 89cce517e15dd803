import { useState } from 'react';
import type { Attendee } from '../api/client';
import { ConfirmDialog } from './ConfirmDialog';

interface DeclineDialogProps {
  /** whose request; none: closed */
  person?: Attendee;
  busy: boolean;
  onConfirm(reason: string | null): void;
  onCancel(): void;
}

/** Confirms declining a request, with an optional reason that the requester is told. */
export function DeclineDialog({ person, busy, onConfirm, onCancel }: DeclineDialogProps) {
  const [reason, setReason] = useState('');
  return (
    <ConfirmDialog
      open={person !== undefined}
      title={`Decline ${person?.username ?? ''}’s request?`}
      confirmLabel="Decline request"
      busyLabel="Declining…"
      dismissLabel="Keep it pending"
      busy={busy}
      onCancel={() => {
        setReason('');
        onCancel();
      }}
      onConfirm={() => {
        onConfirm(reason.trim() || null);
        setReason('');
      }}
    >
      <p>They will be told, with your reason if you give one, and cannot request again.</p>
      <div className="field">
        <label htmlFor="decline-reason">
          Reason <span className="optional">(optional)</span>
        </label>
        <textarea
          id="decline-reason"
          rows={3}
          maxLength={500}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </div>
    </ConfirmDialog>
  );
}
