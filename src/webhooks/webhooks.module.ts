import { Module, OnModuleInit } from '@nestjs/common';
import { OutboxRelay } from '../outbox/outbox-relay';
import { DeliveriesRepository } from './deliveries.repository';
import { DeliveryWorker } from './delivery-worker';
import { WebhooksController } from './webhooks.controller';
import { WebhooksRepository } from './webhooks.repository';
import { WebhooksService } from './webhooks.service';

@Module({
  controllers: [WebhooksController],
  providers: [WebhooksService, WebhooksRepository, DeliveriesRepository, DeliveryWorker],
  exports: [WebhooksService],
})
export class WebhooksModule implements OnModuleInit {
  constructor(
    private readonly relay: OutboxRelay,
    private readonly deliveries: DeliveriesRepository,
    private readonly worker: DeliveryWorker,
  ) {}

  /** Messages become deliveries in the relay's transaction; the worker then looks at once. */
  onModuleInit(): void {
    this.relay.addChannel({
      fanOut: async (tx, messages, now) => {
        await this.deliveries.fanOut(tx, messages, now);
      },
      afterCommit: () => this.worker.wake(),
    });
  }
}
