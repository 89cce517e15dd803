import { sql } from '../database/sql';
import type { Message, MessageEvent, MessageUser } from '../outbox/outbox';
import type { WebhookEventType } from '../webhooks/webhook-events';
import { EventResponseDto } from './dto/event-response.dto';
import { StoredEvent } from './event-columns';
import { eventStatus } from './event-state';

/**
 * What the outbox is told of a change to `event`, as the change's transaction left it (or, for
 * `event.deleted`, as it was before): its owner's webhooks receive it.
 */
export function eventMessage(
  type: WebhookEventType,
  event: EventResponseDto,
  at: number,
  user?: MessageUser,
): Message {
  const { id, name, startsAt, endsAt, status, version, seriesId } = event;
  return message(
    type,
    { id, name, startsAt, endsAt, status, version, seriesId },
    event.owner.id,
    at,
    user,
  );
}

/** The columns of an event's row that a message shows (and whose owner it goes to). */
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
>;

/** Those columns of `events`, named as `MessageEventRow` has them. */
export const MESSAGE_EVENT_COLUMNS = sql`id, owner_id AS "ownerId", name, starts_at AS "startsAt",
  ends_at AS "endsAt", cancelled_at AS "cancelledAt", published, version,
  series_id AS "seriesId"`;

/** The same message from the locked row a change wrote (`stored` as it is after the change). */
export function storedEventMessage(
  type: WebhookEventType,
  stored: MessageEventRow,
  at: number,
  user?: MessageUser,
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
  return message(type, event, stored.ownerId, at, user);
}

function message(
  type: WebhookEventType,
  event: MessageEvent,
  ownerId: number,
  at: number,
  user: MessageUser | undefined,
): Message {
  return { type, at, ownerId, user, event };
}
