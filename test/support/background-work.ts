import { MailWorker } from '../../src/mail/mail-worker';
import { Reminders } from '../../src/mail/reminders';
import { OutboxRelay } from '../../src/outbox/outbox-relay';
import { DeliveryWorker } from '../../src/webhooks/delivery-worker';
import type { TestApp } from '../app.factory';

/**
 * Stops the app's background loops (the outbox relay, webhook deliveries, mail and reminders), for a test that counts
 * the statements of one request and must not see theirs. Messages stay recorded, undelivered.
 */
export async function stopBackgroundWork(t: TestApp): Promise<void> {
  await t.app.get(OutboxRelay).onModuleDestroy();
  await t.app.get(DeliveryWorker).onModuleDestroy();
  await t.app.get(MailWorker).onModuleDestroy();
  await t.app.get(Reminders).onModuleDestroy();
}
