import { ApiProperty, PartialType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  MaxLength,
} from 'class-validator';
import { ApiText, ApiTimestamp } from '../../common/openapi/schema';
import { Trim, TrimToNull } from '../../common/validation/transforms';
import { IsStorableText } from '../../common/validation/storable-text';
import { Subscription, WEBHOOK_EVENT_TYPES } from '../webhook-events';

const SUBSCRIPTIONS = ['*', ...WEBHOOK_EVENT_TYPES];
export const URL_MAX_LENGTH = 2000;

export class CreateWebhookDto {
  /**
   * Where deliveries are POSTed: http(s), no credentials. Its host must not resolve to a
   * loopback, private, link-local, CGNAT, multicast or unspecified address.
   * @example "https://hooks.example.com/events"
   */
  @ApiProperty({ format: 'uri', maxLength: URL_MAX_LENGTH, pattern: '^https?://' })
  @Trim()
  @IsString()
  @MaxLength(URL_MAX_LENGTH)
  url!: string;

  /**
   * The event types to receive, or `["*"]` for all of them (alone). Not empty, no repeats.
   * @example ["registration.created", "event.cancelled"]
   */
  @ApiProperty({
    type: [String],
    enum: SUBSCRIPTIONS,
    minItems: 1,
    maxItems: SUBSCRIPTIONS.length,
    uniqueItems: true,
  })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(SUBSCRIPTIONS.length)
  @ArrayUnique()
  @IsIn(SUBSCRIPTIONS, {
    each: true,
    message: `each of events must be one of: ${SUBSCRIPTIONS.join(', ')}`,
  })
  events!: Subscription[];

  /** Trimmed; empty becomes null. @example "CRM sync" */
  @ApiText(500, { required: false, nullable: true }, 'line')
  @IsOptional()
  @TrimToNull()
  @IsString()
  @MaxLength(500)
  @IsStorableText(500, 'line')
  description?: string | null;
}

export class UpdateWebhookDto extends PartialType(CreateWebhookDto) {
  /** false stops deliveries; true turns a webhook on again (clearing `disabledReason`). */
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class WebhookDto {
  /** @example 4 */
  id!: number;
  /** @example "https://hooks.example.com/events" */
  @ApiProperty({ format: 'uri', maxLength: URL_MAX_LENGTH })
  url!: string;
  @ApiProperty({ type: [String], enum: SUBSCRIPTIONS, maxItems: SUBSCRIPTIONS.length })
  events!: Subscription[];
  @ApiText(500, { nullable: true, type: String })
  description!: string | null;
  /** false when turned off by its owner or by a `410 Gone` */
  active!: boolean;
  /** Why the server turned it off, or null. @example "The receiver answered 410 Gone." */
  @ApiText(200, { nullable: true, type: String })
  disabledReason!: string | null;
  @ApiTimestamp()
  createdAt!: string;
}

export class WebhookSecretDto {
  /**
   * `whsec_` and the base64 of 32 random bytes: shown only when created or rotated.
   * @example "whsec_BwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAhIiMkJSY="
   */
  @ApiProperty({ pattern: '^whsec_[A-Za-z0-9+/]{43}=$', maxLength: 50 })
  secret!: string;
}

export class CreatedWebhookDto extends WebhookDto {
  /** `whsec_` and the base64 of 32 random bytes; shown only here and on rotation. */
  @ApiProperty({
    pattern: '^whsec_[A-Za-z0-9+/]{43}=$',
    maxLength: 50,
    example: 'whsec_BwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAhIiMkJSY=',
  })
  secret!: string;
}

export class WebhookListDto {
  @ApiProperty({ type: [WebhookDto], maxItems: 1000 })
  items!: WebhookDto[];
}
