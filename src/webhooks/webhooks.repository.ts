import { Injectable } from '@nestjs/common';
import { Database } from '../database/database';
import { join, sql } from '../database/sql';

/** A `webhooks` row as the service reads it. */
export interface WebhookRow {
  id: number;
  userId: number;
  url: string;
  /** `,a,b,` (see `storeSubscriptions`) */
  events: string;
  description: string | null;
  /** 0 or 1 */
  active: number;
  disabledReason: string | null;
  secret: string;
  previousSecret: string | null;
  /** epoch ms: until then `previousSecret` signs too */
  previousSecretUntil: number | null;
  createdAt: number;
}

export type NewWebhook = Pick<WebhookRow, 'userId' | 'url' | 'events' | 'description' | 'secret'>;
export type WebhookChanges = Partial<Pick<WebhookRow, 'url' | 'events' | 'description'>> & {
  active?: boolean;
};

const COLUMNS = sql`id, user_id AS "userId", url, events, description, active,
  disabled_reason AS "disabledReason", secret, previous_secret AS "previousSecret",
  previous_secret_until AS "previousSecretUntil", created_at AS "createdAt"`;

/** A user's webhooks; every statement is scoped to the owner, so another's is "not found". */
@Injectable()
export class WebhooksRepository {
  constructor(private readonly db: Database) {}

  async insert(webhook: NewWebhook, now: number): Promise<WebhookRow> {
    const row = await this.db.one<WebhookRow>(
      sql`INSERT INTO webhooks (user_id, url, events, description, secret, created_at)
          VALUES (${webhook.userId}, ${webhook.url}, ${webhook.events}, ${webhook.description},
            ${webhook.secret}, ${now})
          RETURNING ${COLUMNS}`,
    );
    return row!;
  }

  list(userId: number): Promise<WebhookRow[]> {
    return this.db.all<WebhookRow>(
      sql`SELECT ${COLUMNS} FROM webhooks WHERE user_id = ${userId} ORDER BY id ASC`,
    );
  }

  find(userId: number, id: number): Promise<WebhookRow | undefined> {
    return this.db.one<WebhookRow>(
      sql`SELECT ${COLUMNS} FROM webhooks WHERE id = ${id} AND user_id = ${userId}`,
    );
  }

  /** For the delivery worker: the webhooks of a claimed batch, whatever their owners. */
  byIds(ids: readonly number[]): Promise<WebhookRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    const list = join(
      ids.map((id) => sql`${id}`),
      ', ',
    );
    return this.db.all<WebhookRow>(sql`SELECT ${COLUMNS} FROM webhooks WHERE id IN (${list})`);
  }

  /** Applies the changes; turning a webhook on clears why it was turned off. */
  async update(
    userId: number,
    id: number,
    changes: WebhookChanges,
  ): Promise<WebhookRow | undefined> {
    const { url, events, description, active } = changes;
    return this.db.one<WebhookRow>(
      sql`UPDATE webhooks SET
            url = COALESCE(${url ?? null}, url),
            events = COALESCE(${events ?? null}, events),
            description = ${description === undefined ? sql`description` : sql`${description}`},
            active = ${active === undefined ? sql`active` : sql`${active}`},
            disabled_reason = ${active === true ? sql`NULL` : sql`disabled_reason`}
          WHERE id = ${id} AND user_id = ${userId}
          RETURNING ${COLUMNS}`,
    );
  }

  async delete(userId: number, id: number): Promise<boolean> {
    return (
      (await this.db.run(sql`DELETE FROM webhooks WHERE id = ${id} AND user_id = ${userId}`)) === 1
    );
  }

  /** A new secret; the current one keeps signing until `previousUntil`. */
  async rotate(
    userId: number,
    id: number,
    secret: string,
    previousUntil: number,
  ): Promise<boolean> {
    const changed = await this.db.run(
      sql`UPDATE webhooks SET previous_secret = secret, previous_secret_until = ${previousUntil},
            secret = ${secret}
          WHERE id = ${id} AND user_id = ${userId}`,
    );
    return changed === 1;
  }

  async disable(id: number, reason: string): Promise<void> {
    await this.db.run(
      sql`UPDATE webhooks SET active = ${false}, disabled_reason = ${reason} WHERE id = ${id}`,
    );
  }
}
