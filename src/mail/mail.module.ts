import { Module, OnModuleInit } from '@nestjs/common';
import { OutboxRelay } from '../outbox/outbox-relay';
import { MailChannel } from './mail-channel';
import { MailTransport } from './mail-transport';
import { MailWorker } from './mail-worker';
import { MailsRepository } from './mails.repository';
import { Reminders } from './reminders';

/** E-mail notifications: the outbox's mail channel, the sender and the reminders. */
@Module({
  providers: [MailChannel, MailsRepository, MailTransport, MailWorker, Reminders],
})
export class MailModule implements OnModuleInit {
  constructor(
    private readonly relay: OutboxRelay,
    private readonly channel: MailChannel,
    private readonly worker: MailWorker,
  ) {}

  /** Messages become mails in the relay's transaction; the worker then looks at once. */
  onModuleInit(): void {
    this.relay.addChannel({
      fanOut: (tx, messages, now) => this.channel.fanOut(tx, messages, now),
      afterCommit: () => this.worker.wake(),
    });
  }
}
