import { Global, Module } from '@nestjs/common';
import { Outbox } from './outbox';
import { OutboxRelay } from './outbox-relay';

/** The transactional outbox: any module records messages; channels register with the relay. */
@Global()
@Module({
  providers: [Outbox, OutboxRelay],
  exports: [Outbox, OutboxRelay],
})
export class OutboxModule {}
