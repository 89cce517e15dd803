import { ApiProperty } from '@nestjs/swagger';
import { ApiText, ApiTimestamp } from '../../common/openapi/schema';
import { WEBHOOK_EVENT_TYPES } from '../webhook-events';

export class DeliveryDto {
  /** @example 31 */
  id!: number;
  /** The `webhook-id` header: the same on every attempt. @example "msg_2b9c0f3e4d5a46b7a8c9d0e1f2a3b4c5" */
  @ApiProperty({ maxLength: 40, pattern: '^msg_[0-9a-f]{32}$' })
  messageId!: string;
  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES })
  type!: string;
  @ApiProperty({ enum: ['pending', 'succeeded', 'failed'] })
  status!: 'pending' | 'succeeded' | 'failed';
  /** Attempts made so far. @example 1 */
  attempts!: number;
  /** The receiver's last HTTP status, or null when it gave none. @example 503 */
  @ApiProperty({ type: Number, nullable: true, minimum: 100, maximum: 599 })
  lastStatusCode!: number | null;
  /** Why the last attempt failed, or null. @example "HTTP 503" */
  @ApiText(500, { nullable: true, type: String })
  lastError!: string | null;
  /** When the next attempt is due; null once succeeded or failed. */
  @ApiTimestamp({ nullable: true, type: String })
  nextAttemptAt!: string | null;
  @ApiTimestamp()
  createdAt!: string;
}

export class DeliveryListDto {
  @ApiProperty({ type: [DeliveryDto], maxItems: 100 })
  items!: DeliveryDto[];
}
