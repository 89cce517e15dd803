import { Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Clock } from '../common/clock';
import { Database, Queries } from '../database/database';
import { join, sql } from '../database/sql';
import { Outbox } from './outbox';
import { PollingWorker } from './polling-worker';

/** A recorded message as the relay hands it to the channels. */
export interface StoredMessage {
  messageId: string;
  type: string;
  eventId: number | null;
  ownerId: number | null;
  payload: string;
  /** JSON of the message's `MessageDetail`, for mail */
  detail: string | null;
}

/** Where messages go (webhooks, mail): turns each into its own deliveries, in the relay's transaction. */
export interface OutboxChannel {
  fanOut(tx: Queries, messages: readonly StoredMessage[], now: number): Promise<void>;
  /** After the fan-out committed: the channel's worker may look at once. */
  afterCommit(): void;
}

const BATCH = 100;
const POLL_MS = 250;
/** Under load, nudges closer together than this make one batch (see `PollingWorker`). */
const WAKE_GAP_MS = 50;

/**
 * Moves recorded messages to their channels: claims a batch of undispatched messages (`SKIP
 * LOCKED` on PostgreSQL, so instances take different ones; SQLite has one writer), lets every
 * channel write its deliveries, and marks the batch dispatched, all in one transaction, so each
 * message is fanned out exactly once.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly channels: OutboxChannel[] = [];
  private readonly worker = new PollingWorker(
    'outbox relay',
    POLL_MS,
    () => this.relay(),
    undefined,
    WAKE_GAP_MS,
  );

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    outbox: Outbox,
  ) {
    outbox.onRecorded(() => this.worker.wake());
  }

  addChannel(channel: OutboxChannel): void {
    this.channels.push(channel);
  }

  onApplicationBootstrap(): void {
    this.worker.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.worker.stop();
  }

  /** One batch; answers whether it was full (more may wait). */
  async relay(): Promise<boolean> {
    // Idle most of the time: a plain read decides whether a (write) transaction is needed.
    const waiting = await this.db.one(
      sql`SELECT id FROM outbox_messages WHERE dispatched_at IS NULL LIMIT 1`,
    );
    if (waiting === undefined) return false;
    const now = this.clock.now();
    const full = await this.db.transaction(async (tx) => {
      const messages = await tx.all<StoredMessage & { id: number }>(
        sql`SELECT id, message_id AS "messageId", type, event_id AS "eventId",
              owner_id AS "ownerId", payload, detail
            FROM outbox_messages WHERE dispatched_at IS NULL
            ORDER BY id ASC LIMIT ${BATCH}${this.db.skipLocked}`,
      );
      if (messages.length === 0) return undefined;
      for (const channel of this.channels) await channel.fanOut(tx, messages, now);
      const ids = messages.map((message) => message.id);
      await tx.run(
        sql`UPDATE outbox_messages SET dispatched_at = ${now}
            WHERE id IN (${join(
              ids.map((id) => sql`${id}`),
              ', ',
            )})`,
      );
      return messages.length === BATCH;
    });
    if (full === undefined) return false;
    for (const channel of this.channels) channel.afterCommit();
    return full;
  }
}
