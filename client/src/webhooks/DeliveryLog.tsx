import { useQuery } from '@tanstack/react-query';
import { errorMessage, type Delivery } from '../api/client';
import { formatDateTime } from '../lib/format';
import { deliveriesQuery, useWebhookMutations } from './webhook-api';

const STATUS_LABELS: Record<Delivery['status'], string> = {
  pending: 'Pending',
  succeeded: 'Succeeded',
  failed: 'Failed',
};

/** What the last attempt got: the receiver's status, the failure, or nothing yet. */
export function lastOutcome(delivery: Delivery): string {
  if (delivery.attempts === 0) return 'Not tried yet';
  const status = delivery.lastStatusCode === null ? null : `HTTP ${delivery.lastStatusCode}`;
  if (delivery.lastError === null) return status ?? '—';
  return status && !delivery.lastError.includes(status)
    ? `${status}: ${delivery.lastError}`
    : delivery.lastError;
}

/** The deliveries of one webhook, newest first, each with Retry. */
export function DeliveryLog({ webhookId }: { webhookId: number }) {
  const log = useQuery(deliveriesQuery(webhookId));
  const { retry } = useWebhookMutations();
  const items = log.data?.items;
  const captionId = `webhook-${webhookId}-log`;

  return (
    <div className="delivery-log" aria-busy={log.isFetching}>
      <div className="section-head">
        <h4 id={captionId}>Deliveries</h4>
        <button
          type="button"
          className="button button-small"
          disabled={log.isFetching}
          onClick={() => void log.refetch()}
        >
          {log.isFetching ? 'Refreshing…' : 'Refresh'}
        </button>
      </div>
      <p className="hint">
        The last 30 days, newest first. A failed attempt is tried again later, with the same{' '}
        <code>webhook-id</code>; <strong>Retry</strong> tries it at once.
      </p>
      {(log.error ?? retry.error) && (
        <p className="alert alert-error" role="alert">
          {errorMessage(log.error ?? retry.error)}
        </p>
      )}
      {items?.length === 0 && (
        <p className="muted">Nothing sent yet: deliveries appear when your events change.</p>
      )}
      {items && items.length > 0 && (
        <div className="table-wrap">
          <table className="people deliveries" aria-labelledby={captionId}>
            <thead>
              <tr>
                <th scope="col">Event type</th>
                <th scope="col">Status</th>
                <th scope="col">Attempts</th>
                <th scope="col">Last answer</th>
                <th scope="col">Next attempt</th>
                <th scope="col">Created</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((delivery) => (
                <tr key={delivery.id} data-testid="delivery">
                  <td>
                    <code>{delivery.type}</code>
                  </td>
                  <td>
                    <span className={`badge badge-delivery-${delivery.status}`}>
                      {STATUS_LABELS[delivery.status]}
                    </span>
                  </td>
                  <td>{delivery.attempts}</td>
                  <td>{lastOutcome(delivery)}</td>
                  <td>{delivery.nextAttemptAt ? formatDateTime(delivery.nextAttemptAt) : '—'}</td>
                  <td>{formatDateTime(delivery.createdAt)}</td>
                  <td className="row-actions">
                    <button
                      type="button"
                      className="button button-small"
                      aria-label={`Retry the ${delivery.type} delivery of ${formatDateTime(delivery.createdAt)}`}
                      disabled={retry.isPending}
                      onClick={() =>
                        retry.mutate({
                          params: { path: { id: webhookId, deliveryId: delivery.id } },
                        })
                      }
                    >
                      Retry
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
