import { Inject, Injectable } from '@nestjs/common';
import { ENV } from '../config/config.module';
import type { Env } from '../config/env.schema';
import { ValidationFailedError } from '../common/errors/domain-error';
import { DeliveriesRepository, DeliveryRow } from './deliveries.repository';
import { DeliveryWorker } from './delivery-worker';
import { DeliveryListDto, DeliveryDto } from './dto/delivery.dto';
import {
  CreatedWebhookDto,
  CreateWebhookDto,
  UpdateWebhookDto,
  WebhookDto,
  WebhookListDto,
} from './dto/webhook.dto';
import { newSecret } from './signature';
import { bareHost, PrivateAddressError, publicAddressOf, urlProblem } from './webhook-address';
import { readSubscriptions, storeSubscriptions, Subscription } from './webhook-events';
import { WebhookNotFoundError } from './webhooks.errors';
import { WebhookRow, WebhooksRepository } from './webhooks.repository';

const DAY = 86_400_000;
/** After a rotation the old secret signs too, this long. */
const ROTATION_OVERLAP = DAY;
/** Deliveries are kept, and listed, this long. */
const DELIVERIES_KEPT = 30 * DAY;
const DELIVERIES_LISTED = 100;

const iso = (ms: number) => new Date(ms).toISOString();

const toWebhook = (row: WebhookRow): WebhookDto => ({
  id: row.id,
  url: row.url,
  events: readSubscriptions(row.events),
  description: row.description,
  active: row.active === 1,
  disabledReason: row.disabledReason,
  createdAt: iso(row.createdAt),
});

const toDelivery = (row: DeliveryRow): DeliveryDto => ({
  id: row.id,
  messageId: row.messageId,
  type: row.type,
  status: row.status,
  attempts: row.attempts,
  lastStatusCode: row.lastStatusCode,
  lastError: row.lastError,
  nextAttemptAt:
    row.status === 'pending' && row.nextAttemptAt !== null ? iso(row.nextAttemptAt) : null,
  createdAt: iso(row.createdAt),
});

const invalid = (field: string, message: string) => new ValidationFailedError([{ field, message }]);

/** A user's webhooks: each call acts on the caller's own only (another's is "not found"). */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly webhooks: WebhooksRepository,
    private readonly deliveries: DeliveriesRepository,
    private readonly worker: DeliveryWorker,
    @Inject(ENV) private readonly env: Env,
  ) {}

  async create(userId: number, dto: CreateWebhookDto, now: number): Promise<CreatedWebhookDto> {
    await this.checkUrl(dto.url);
    const row = await this.webhooks.insert(
      {
        userId,
        url: dto.url,
        events: storeSubscriptions(checkEvents(dto.events)),
        description: dto.description ?? null,
        secret: newSecret(),
      },
      now,
    );
    return { ...toWebhook(row), secret: row.secret };
  }

  async list(userId: number): Promise<WebhookListDto> {
    return { items: (await this.webhooks.list(userId)).map(toWebhook) };
  }

  async get(userId: number, id: number): Promise<WebhookDto> {
    return toWebhook(await this.find(userId, id));
  }

  async update(userId: number, id: number, dto: UpdateWebhookDto): Promise<WebhookDto> {
    if (dto.url !== undefined) await this.checkUrl(dto.url);
    if (dto.active === null) throw invalid('active', 'active must be a boolean value');
    const row = await this.webhooks.update(userId, id, {
      url: dto.url,
      events: dto.events === undefined ? undefined : storeSubscriptions(checkEvents(dto.events)),
      description: dto.description,
      active: dto.active,
    });
    if (!row) throw new WebhookNotFoundError();
    return toWebhook(row);
  }

  async delete(userId: number, id: number): Promise<void> {
    if (!(await this.webhooks.delete(userId, id))) throw new WebhookNotFoundError();
  }

  async rotateSecret(userId: number, id: number, now: number): Promise<{ secret: string }> {
    const secret = newSecret();
    if (!(await this.webhooks.rotate(userId, id, secret, now + ROTATION_OVERLAP))) {
      throw new WebhookNotFoundError();
    }
    return { secret };
  }

  async deliveriesOf(userId: number, id: number, now: number): Promise<DeliveryListDto> {
    await this.find(userId, id);
    const rows = await this.deliveries.list(id, now - DELIVERIES_KEPT, DELIVERIES_LISTED);
    return { items: rows.map(toDelivery) };
  }

  async retry(userId: number, id: number, deliveryId: number, now: number): Promise<void> {
    await this.find(userId, id);
    if (!(await this.deliveries.retryNow(id, deliveryId, now))) {
      throw new WebhookNotFoundError('This webhook has no delivery with that id.');
    }
    this.worker.wake();
  }

  private async find(userId: number, id: number): Promise<WebhookRow> {
    const row = await this.webhooks.find(userId, id);
    if (!row) throw new WebhookNotFoundError();
    return row;
  }

  /** 400 on `url`: not http(s), credentials, or a host that resolves to a private address. */
  private async checkUrl(value: string): Promise<void> {
    const problem = urlProblem(value);
    if (problem) throw invalid('url', problem);
    try {
      await publicAddressOf(bareHost(new URL(value)), this.env.webhookAllowPrivateNetworks);
    } catch (error) {
      // A name that does not resolve yet is accepted: every attempt checks it again.
      if (error instanceof PrivateAddressError) throw invalid('url', `url: ${error.message}`);
    }
  }
}

/** `*` stands alone: it already means every type. */
function checkEvents(events: Subscription[]): Subscription[] {
  if (events.includes('*') && events.length > 1) {
    throw invalid('events', 'events must be ["*"] alone or a list of event types');
  }
  return events;
}
