import { useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { errorMessage, type Webhook } from '../api/client';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { DeliveriesToggle } from './DeliveriesToggle';
import type { RevealedSecret } from './SecretReveal';
import { useWebhookMutations } from './webhook-api';
import { updateBody, valuesOf } from './webhook-form';
import { WebhookForm } from './WebhookForm';
import { WebhookSummary } from './WebhookSummary';

type Dialog = 'rotate' | 'delete' | null;

interface WebhookItemProps {
  webhook: Webhook;
  /** a rotation's new secret, for the page to show once */
  onRevealed(revealed: RevealedSecret): void;
  /** after the deletion: this item is gone, the page says so */
  onDeleted(webhook: Webhook): void;
}

/** One webhook: what it sends where, its state, its delivery log and what can be done to it. */
export function WebhookItem({ webhook, onRevealed, onDeleted }: WebhookItemProps) {
  const { update, remove, rotate } = useWebhookMutations();
  const [editing, setEditing] = useState(false);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [failure, setFailure] = useState<string>();
  const [done, setDone] = useState<string>();
  const rotateButton = useRef<HTMLButtonElement>(null);
  const deleteButton = useRef<HTMLButtonElement>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  const path = { id: webhook.id };
  const titleId = `webhook-${webhook.id}-title`;

  const run = async (task: () => Promise<unknown>, message?: string) => {
    setFailure(undefined);
    setDone(undefined);
    try {
      await task();
      setDone(message);
    } catch (error) {
      setFailure(errorMessage(error));
    }
  };

  const close = () => {
    const opener = dialog === 'rotate' ? rotateButton : deleteButton;
    setDialog(null);
    opener.current?.focus();
  };

  const toggleActive = () =>
    run(
      () => update.mutateAsync({ params: { path }, body: { active: !webhook.active } }),
      webhook.active ? 'Turned off: nothing is sent until you turn it on.' : 'Turned on.',
    );

  const confirmRotate = () =>
    run(async () => {
      try {
        const { secret } = await rotate.mutateAsync({ params: { path } });
        rotate.reset();
        // Closed first, so that the dialog's focus return does not pull focus off the secret.
        flushSync(() => setDialog(null));
        onRevealed({ webhookId: webhook.id, url: webhook.url, secret, rotated: true });
      } finally {
        setDialog(null);
      }
    });

  const confirmDelete = () =>
    run(async () => {
      try {
        await remove.mutateAsync({ params: { path } });
        // The modal dialog makes the rest of the page inert: closed first, so focus can move.
        flushSync(() => setDialog(null));
        onDeleted(webhook);
      } finally {
        setDialog(null);
      }
    });

  return (
    <li className="card webhook" data-testid="webhook">
      <WebhookSummary webhook={webhook} titleId={titleId} />

      {editing ? (
        <WebhookForm
          initial={valuesOf(webhook)}
          idPrefix={`webhook-${webhook.id}`}
          submitLabel="Save webhook"
          busyLabel="Saving…"
          busy={update.isPending}
          onSubmit={async (values) => {
            const body = updateBody(webhook, values);
            if (Object.keys(body).length > 0) await update.mutateAsync({ params: { path }, body });
            setEditing(false);
            setDone('Webhook saved.');
            editButton.current?.focus();
          }}
          onCancel={() => {
            setEditing(false);
            editButton.current?.focus();
          }}
        />
      ) : (
        <div className="actions">
          <button
            ref={editButton}
            type="button"
            className="button"
            aria-describedby={titleId}
            onClick={() => {
              setDone(undefined);
              setEditing(true);
            }}
          >
            Edit
          </button>
          <button
            type="button"
            className="button"
            aria-describedby={titleId}
            disabled={update.isPending}
            onClick={() => void toggleActive()}
          >
            {webhook.active ? 'Turn off' : 'Turn on'}
          </button>
          <button
            ref={rotateButton}
            type="button"
            className="button"
            aria-describedby={titleId}
            onClick={() => setDialog('rotate')}
          >
            Rotate secret
          </button>
          <button
            ref={deleteButton}
            type="button"
            className="button button-danger-outline"
            aria-describedby={titleId}
            onClick={() => setDialog('delete')}
          >
            Delete
          </button>
        </div>
      )}
      <p role="status" className="status-region">
        {done && <span className="saved">{done}</span>}
      </p>
      {failure && (
        <p className="alert alert-error" role="alert">
          {failure}
        </p>
      )}

      <DeliveriesToggle webhookId={webhook.id} />

      <ConfirmDialog
        open={dialog === 'rotate'}
        title="Rotate the signing secret?"
        confirmLabel="Rotate secret"
        busyLabel="Rotating…"
        dismissLabel="Keep the secret"
        busy={rotate.isPending}
        onConfirm={() => void confirmRotate()}
        onCancel={close}
      >
        <p>
          A new secret is made and shown once. For 24 hours every delivery is signed with both the
          old and the new secret, so your receiver keeps working while you switch it over; then only
          the new one signs.
        </p>
      </ConfirmDialog>
      <ConfirmDialog
        open={dialog === 'delete'}
        title="Delete this webhook?"
        confirmLabel="Delete webhook"
        busyLabel="Deleting…"
        busy={remove.isPending}
        onConfirm={() => void confirmDelete()}
        onCancel={close}
      >
        <p>
          Nothing more is sent to <strong className="webhook-url">{webhook.url}</strong>; its
          delivery log and the deliveries not yet made go with it. This cannot be undone.
        </p>
      </ConfirmDialog>
    </li>
  );
}
