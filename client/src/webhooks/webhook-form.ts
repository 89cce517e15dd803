import type {
  CreateWebhookBody,
  UpdateWebhookBody,
  Webhook,
  WebhookEventType,
  WebhookSubscription,
} from '../api/client';

/** The contract's event types, in its order, with what each one means to the organizer. */
export const EVENT_TYPES: ReadonlyArray<readonly [WebhookEventType, string]> = [
  ['event.created', 'An event is created'],
  ['event.updated', 'An event’s details change'],
  ['event.published', 'A draft is published'],
  ['event.cancelled', 'An event is cancelled'],
  ['event.deleted', 'An event is deleted'],
  ['registration.created', 'Someone registers'],
  ['registration.requested', 'Someone asks to join'],
  ['registration.approved', 'A request is approved'],
  ['registration.declined', 'A request is declined'],
  ['registration.cancelled', 'Someone unregisters'],
  ['waitlist.joined', 'Someone joins the waiting list'],
  ['waitlist.left', 'Someone leaves the waiting list'],
  ['waitlist.promoted', 'Someone moves up from the waiting list'],
  ['checkin.created', 'Someone is checked in'],
];

/** The form's labels by the API's field names, for its field errors. */
export const WEBHOOK_LABELS = { url: 'URL', events: 'Events', description: 'Description' };

export interface WebhookFormValues {
  url: string;
  description: string;
  /** every type, including ones added later (`["*"]`) */
  all: boolean;
  /** the chosen types when not `all` */
  events: WebhookEventType[];
}

export const NEW_WEBHOOK: WebhookFormValues = { url: '', description: '', all: true, events: [] };

export function valuesOf(webhook: Webhook): WebhookFormValues {
  const all = webhook.events.includes('*');
  return {
    url: webhook.url,
    description: webhook.description ?? '',
    all,
    events: all ? [] : webhook.events.filter((type): type is WebhookEventType => type !== '*'),
  };
}

/**
 * What the form subscribes to: `["*"]`, or the chosen types in the contract's order (possibly
 * none, which the API refuses on `events`).
 */
export function subscription(values: WebhookFormValues): WebhookSubscription[] {
  if (values.all) return ['*'];
  return EVENT_TYPES.map(([type]) => type).filter((type) => values.events.includes(type));
}

export function createBody(values: WebhookFormValues): CreateWebhookBody {
  return {
    url: values.url.trim(),
    events: subscription(values),
    description: values.description.trim() || null,
  };
}

/** Only what the person changed, so an untouched field is never sent back. */
export function updateBody(webhook: Webhook, values: WebhookFormValues): UpdateWebhookBody {
  const next = createBody(values);
  const body: UpdateWebhookBody = {};
  if (next.url !== webhook.url) body.url = next.url;
  if (next.events.join() !== subscription(valuesOf(webhook)).join()) body.events = next.events;
  if ((next.description ?? null) !== webhook.description) body.description = next.description;
  return body;
}

/** "All events" or the list of types, for the webhook's summary. */
export function describeEvents(events: readonly WebhookSubscription[]): string {
  return events.includes('*') ? 'All events' : events.join(', ');
}
