/** What a webhook can be told of (the contract's event types). */
export const WEBHOOK_EVENT_TYPES = [
  'event.created',
  'event.updated',
  'event.published',
  'event.cancelled',
  'event.deleted',
  'registration.created',
  'registration.requested',
  'registration.approved',
  'registration.declined',
  'registration.cancelled',
  'waitlist.joined',
  'waitlist.left',
  'waitlist.promoted',
  'checkin.created',
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** Whether a recorded message is one a webhook may receive (the outbox holds mail-only ones too). */
export const isWebhookEventType = (type: string): type is WebhookEventType =>
  (WEBHOOK_EVENT_TYPES as readonly string[]).includes(type);

/** A subscription: the types, or `*` for all of them. */
export type Subscription = WebhookEventType | '*';

/**
 * Stored as `,a,b,` so one `LIKE '%,<type>,%'` (or `%,*,%`) picks the subscribers of a type on
 * both databases.
 */
export const storeSubscriptions = (events: readonly Subscription[]): string =>
  `,${[...new Set(events)].join(',')},`;

export const readSubscriptions = (stored: string): Subscription[] =>
  stored.split(',').filter(Boolean) as Subscription[];
