import { sql } from '../database/sql';
import type { Message, MessageDetail, MessageEvent, MessageUser } from '../outbox/outbox';
import type { WebhookEventType } from '../webhooks/webhook-events';
import { EventResponseDto } from './dto/event-response.dto';
import { StoredEvent } from './event-columns';
import { eventStatus } from './event-state';

/** What a change adds to a message's mail detail (see `MessageDetail`). */
export type DetailExtra = Pick<MessageDetail, 'changed' | 'reason' | 'removed'>;

/**
 * What the outbox is told of a change to `event`, as the change's transaction left it (or, for
 * `event.deleted`, as it was before): its owner's webhooks receive it, and mail tells the people
 * it concerns.
 */
export function eventMessage(
  type: WebhookEventType,
  event: EventResponseDto,
  at: number,
  user?: MessageUser,
  extra?: DetailExtra,
): Message {
  const { id, name, startsAt, endsAt, status, version, seriesId } = event;
  return message(
    type,
    { id, name, startsAt, endsAt, status, version, seriesId },
    event.owner.id,
    at,
    user,
    detail(event, extra),
  );
}

/** The columns of an event's row that a message shows (and whose owner it goes to), and its mail detail. */
export type MessageEventRow = Pick<
  StoredEvent,
  | 'id'
  | 'ownerId'
  | 'name'
  | 'startsAt'
  | 'endsAt'
  | 'cancelledAt'
  | 'published'
  | 'version'
  | 'seriesId'
  | 'description'
  | 'location'
  | 'category'
  | 'timeZone'
>;

/** Those columns of `events`, named as `MessageEventRow` has them. */
export const MESSAGE_EVENT_COLUMNS = sql`id, owner_id AS "ownerId", name, starts_at AS "startsAt",
  ends_at AS "endsAt", cancelled_at AS "cancelledAt", published, version,
  series_id AS "seriesId", description, location, category, time_zone AS "timeZone"`;

/** The same message from the locked row a change wrote (`stored` as it is after the change). */
export function storedEventMessage(
  type: WebhookEventType | 'event.reminder',
  stored: MessageEventRow,
  at: number,
  user?: MessageUser,
  extra?: DetailExtra,
): Message {
  const event: MessageEvent = {
    id: stored.id,
    name: stored.name,
    startsAt: new Date(stored.startsAt).toISOString(),
    endsAt: new Date(stored.endsAt).toISOString(),
    status: eventStatus({ ...stored, published: stored.published === 1 }, at),
    version: stored.version,
    seriesId: stored.seriesId,
  };
  // A reminder is the server's own doing: no webhook type, so no owner to tell.
  const ownerId = type === 'event.reminder' ? null : stored.ownerId;
  return message(type, event, ownerId, at, user, detail(stored, extra));
}

const detail = (
  event: Pick<StoredEvent, 'description' | 'location' | 'category' | 'timeZone'>,
  extra: DetailExtra | undefined,
): MessageDetail => ({
  description: event.description,
  location: event.location,
  category: event.category,
  timeZone: event.timeZone,
  ...extra,
});

function message(
  type: Message['type'],
  event: MessageEvent,
  ownerId: number | null,
  at: number,
  user: MessageUser | undefined,
  detail: MessageDetail,
): Message {
  return { type, at, ownerId, user, event, detail };
}
