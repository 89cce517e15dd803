import { CancelEventDto } from './cancel-event.dto';

/**
 * The body of declining a request: an optional `reason` (≤ 500 characters, trimmed, empty =
 * null), kept with the declined row and told to the requester.
 */
export class DeclineRequestDto extends CancelEventDto {}
