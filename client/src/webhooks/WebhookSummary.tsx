import type { Webhook } from '../api/client';
import { formatDateTime } from '../lib/format';
import { describeEvents } from './webhook-form';

/** What a webhook sends where, and its state (the title `titleId` names its actions by). */
export function WebhookSummary({ webhook, titleId }: { webhook: Webhook; titleId: string }) {
  return (
    <>
      <div className="webhook-head">
        <h3 id={titleId} className="webhook-url">
          {webhook.url}
        </h3>
        {webhook.active ? (
          <span className="badge badge-attending">Active</span>
        ) : (
          <span className="badge badge-cancelled" data-testid="webhook-off">
            Off
          </span>
        )}
      </div>
      {webhook.disabledReason && (
        <p className="alert alert-warning">
          Turned off by the server: {webhook.disabledReason} Turn it on again once the receiver is
          ready.
        </p>
      )}
      <dl className="facts webhook-facts">
        <div>
          <dt>Sends</dt>
          <dd data-testid="webhook-events">{describeEvents(webhook.events)}</dd>
        </div>
        {webhook.description && (
          <div>
            <dt>Description</dt>
            <dd>{webhook.description}</dd>
          </div>
        )}
        <div>
          <dt>Created</dt>
          <dd>{formatDateTime(webhook.createdAt)}</dd>
        </div>
      </dl>
    </>
  );
}
