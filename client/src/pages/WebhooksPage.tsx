import { useQuery } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { LoadError } from '../components/LoadError';
import { keyHeader, useSubmissionKey } from '../lib/submission-key';
import { useTitle } from '../lib/use-title';
import { SecretReveal, type RevealedSecret } from '../webhooks/SecretReveal';
import { useWebhookMutations, webhooksQuery } from '../webhooks/webhook-api';
import { createBody, NEW_WEBHOOK } from '../webhooks/webhook-form';
import { WebhookForm } from '../webhooks/WebhookForm';
import { WebhookItem } from '../webhooks/WebhookItem';

/**
 * The caller's webhooks: what happens to the events they own, POSTed to their systems as
 * Standard Webhooks. A signing secret is shown once, when it is made (creation, rotation).
 */
export function WebhooksPage() {
  useTitle('Webhooks');
  const list = useQuery(webhooksQuery);
  const { create } = useWebhookMutations();
  const submission = useSubmissionKey();
  const [revealed, setRevealed] = useState<RevealedSecret | null>(null);
  const [formKey, setFormKey] = useState(0);
  const [message, setMessage] = useState<string>();
  const listHeading = useRef<HTMLHeadingElement>(null);
  const webhooks = list.data?.items;

  return (
    <>
      <h1 tabIndex={-1}>Webhooks</h1>
      <p className="lead">
        Tell your own systems (a CRM, a chat, a spreadsheet) what happens to the events you
        organize. Each change is POSTed as JSON to your address and signed following{' '}
        <a href="https://www.standardwebhooks.com/">Standard Webhooks</a>.
      </p>
      {revealed && <SecretReveal revealed={revealed} onDone={() => setRevealed(null)} />}

      <section aria-labelledby="webhooks-title" aria-busy={list.isPending}>
        <h2 id="webhooks-title" ref={listHeading} tabIndex={-1}>
          Your webhooks
        </h2>
        <div role="status" className="status-region">
          {message && <p className="alert alert-success">{message}</p>}
        </div>
        {list.isError && <LoadError error={list.error} onRetry={() => void list.refetch()} />}
        {list.isPending && <p className="muted">Loading…</p>}
        {webhooks?.length === 0 && <p className="muted">No webhooks yet.</p>}
        {webhooks && webhooks.length > 0 && (
          <ul className="webhooks" data-testid="webhooks">
            {webhooks.map((webhook) => (
              <WebhookItem
                key={webhook.id}
                webhook={webhook}
                onRevealed={(secret) => {
                  setMessage(undefined);
                  setRevealed(secret);
                }}
                onDeleted={(gone) => {
                  if (revealed?.webhookId === gone.id) setRevealed(null);
                  setMessage(`The webhook to ${gone.url} was deleted.`);
                  listHeading.current?.focus();
                }}
              />
            ))}
          </ul>
        )}
      </section>

      <section className="card new-webhook" aria-labelledby="new-webhook-title">
        <h2 id="new-webhook-title">Add a webhook</h2>
        <WebhookForm
          key={formKey}
          initial={NEW_WEBHOOK}
          idPrefix="new-webhook"
          submitLabel="Add webhook"
          busyLabel="Adding…"
          busy={create.isPending}
          onSubmit={async (values) => {
            const body = createBody(values);
            const created = await submission.send(body, (key) =>
              create.mutateAsync({ body, params: { header: keyHeader(key) } }),
            );
            // The secret is kept by this page only until "I have saved it".
            create.reset();
            setMessage(undefined);
            setRevealed({
              webhookId: created.id,
              url: created.url,
              secret: created.secret,
              rotated: false,
            });
            setFormKey((key) => key + 1);
          }}
        />
      </section>
    </>
  );
}
