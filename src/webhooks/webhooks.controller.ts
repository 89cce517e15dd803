import {
  Body,
  Controller,
  createParamDecorator,
  Delete,
  ExecutionContext,
  Get,
  HttpCode,
  Patch,
  Post,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { JwtAuthGuard } from '../auth/guards/jwt-auth.guard';
import { RequestTime } from '../common/clock';
import { ApiProblems } from '../common/openapi/api-problems.decorator';
import { NoBodyGuard } from '../common/validation/no-body';
import { parsePathId } from '../events/guards/event-id';
import { storable } from '../events/event-filter';
import { WebhookNotFoundError } from './webhooks.errors';
import { DeliveryListDto } from './dto/delivery.dto';
import {
  CreatedWebhookDto,
  CreateWebhookDto,
  UpdateWebhookDto,
  WebhookDto,
  WebhookListDto,
  WebhookSecretDto,
} from './dto/webhook.dto';
import { WebhooksService } from './webhooks.service';

type Params = { params: Record<string, unknown> };
const pathId = (name: string) =>
  createParamDecorator((_: unknown, ctx: ExecutionContext): number => {
    const id = parsePathId(ctx.switchToHttp().getRequest<Params>().params[name], name);
    // Past the 32-bit id columns no row can exist (and PostgreSQL refuses the comparison).
    if (!storable(id)) throw new WebhookNotFoundError();
    return id;
  })();
const idParam = (name: string, description: string) =>
  ApiParam({
    name,
    description,
    example: 4,
    schema: { type: 'integer', format: 'int64', minimum: 1, maximum: 999_999_999_999_999 },
  });
const WEBHOOK_ID = idParam('id', 'Webhook id');

/** The caller's webhooks (Standard Webhooks 1.0 deliveries of what happens to their events). */
@ApiTags('webhooks')
@ApiBearerAuth()
@ApiProblems('UNAUTHENTICATED', 'INTERNAL', 'SERVICE_UNAVAILABLE')
@Controller({ path: 'webhooks', version: '1' })
@UseGuards(JwtAuthGuard)
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @ApiOperation({
    summary: 'Create a webhook for the events you own',
    description:
      'Answers the signing `secret`, shown only here and on rotation. The URL’s host is ' +
      'resolved: one that reaches a loopback, private, link-local, CGNAT, multicast or ' +
      'unspecified address is a 400 on `url` (checked again before every attempt).',
  })
  @ApiProblems('VALIDATION_FAILED')
  create(
    @CurrentUser() caller: AuthUser,
    @Body() dto: CreateWebhookDto,
    @RequestTime() now: number,
  ): Promise<CreatedWebhookDto> {
    return this.webhooks.create(caller.id, dto, now);
  }

  @Get()
  @ApiOperation({
    summary: 'Your webhooks, oldest first',
    description: 'Without their secrets, which are shown only on creation and rotation.',
  })
  @ApiProblems('VALIDATION_FAILED')
  list(@CurrentUser() caller: AuthUser): Promise<WebhookListDto> {
    return this.webhooks.list(caller.id);
  }

  @Get(':id')
  @WEBHOOK_ID
  @ApiOperation({
    summary: 'One of your webhooks',
    description: 'Without its secret. Another user’s webhook is a 404, as an unknown one is.',
  })
  @ApiProblems('VALIDATION_FAILED', 'WEBHOOK_NOT_FOUND')
  get(@CurrentUser() caller: AuthUser, @pathId('id') id: number): Promise<WebhookDto> {
    return this.webhooks.get(caller.id, id);
  }

  @Patch(':id')
  @WEBHOOK_ID
  @ApiOperation({
    summary: 'Change a webhook, or turn it off and on',
    description: '`active: true` turns on a webhook that a `410 Gone` turned off.',
  })
  @ApiProblems('VALIDATION_FAILED', 'WEBHOOK_NOT_FOUND')
  update(
    @CurrentUser() caller: AuthUser,
    @pathId('id') id: number,
    @Body() dto: UpdateWebhookDto,
  ): Promise<WebhookDto> {
    return this.webhooks.update(caller.id, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @WEBHOOK_ID
  @UseGuards(NoBodyGuard)
  @ApiOperation({
    summary: 'Delete a webhook and its delivery log',
    description: 'Deliveries not yet made are dropped. Takes no body.',
  })
  @ApiProblems('VALIDATION_FAILED', 'WEBHOOK_NOT_FOUND')
  delete(@CurrentUser() caller: AuthUser, @pathId('id') id: number): Promise<void> {
    return this.webhooks.delete(caller.id, id);
  }

  @Post(':id/secret')
  @HttpCode(200)
  @WEBHOOK_ID
  @UseGuards(NoBodyGuard)
  @ApiOperation({
    summary: 'Rotate the signing secret',
    description:
      'For 24 hours deliveries carry two signatures: the old secret’s and the new one’s.',
  })
  @ApiProblems('VALIDATION_FAILED', 'WEBHOOK_NOT_FOUND')
  rotate(
    @CurrentUser() caller: AuthUser,
    @pathId('id') id: number,
    @RequestTime() now: number,
  ): Promise<WebhookSecretDto> {
    return this.webhooks.rotateSecret(caller.id, id, now);
  }

  @Get(':id/deliveries')
  @WEBHOOK_ID
  @ApiOperation({
    summary: 'The delivery log of a webhook',
    description:
      'Newest first: the deliveries of the last 30 days, at most 100. `messageId` is the ' +
      '`webhook-id` header, the same on every attempt.',
  })
  @ApiProblems('VALIDATION_FAILED', 'WEBHOOK_NOT_FOUND')
  deliveries(
    @CurrentUser() caller: AuthUser,
    @pathId('id') id: number,
    @RequestTime() now: number,
  ): Promise<DeliveryListDto> {
    return this.webhooks.deliveriesOf(caller.id, id, now);
  }

  @Post(':id/deliveries/:deliveryId/retry')
  @HttpCode(202)
  @WEBHOOK_ID
  @idParam('deliveryId', 'Delivery id')
  @UseGuards(NoBodyGuard)
  @ApiOperation({
    summary: 'Try a delivery again now',
    description: 'Whatever its state; the attempt runs in the background (see the log).',
  })
  @ApiProblems('VALIDATION_FAILED', 'WEBHOOK_NOT_FOUND')
  retry(
    @CurrentUser() caller: AuthUser,
    @pathId('id') id: number,
    @pathId('deliveryId') deliveryId: number,
    @RequestTime() now: number,
  ): Promise<void> {
    return this.webhooks.retry(caller.id, id, deliveryId, now);
  }
}
