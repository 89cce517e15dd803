import type { Message, MessageUser } from '../outbox/outbox';
import type { WebhookEventType } from '../webhooks/webhook-events';
import { EventResponseDto } from './dto/event-response.dto';

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
  return {
    type,
    at,
    ownerId: event.owner.id,
    user,
    event: {
      id: event.id,
      name: event.name,
      startsAt: event.startsAt,
      endsAt: event.endsAt,
      status: event.status,
      version: event.version,
      seriesId: null,
    },
  };
}
