import { Injectable } from '@nestjs/common';
import { Database } from '../database/database';
import { sql } from '../database/sql';

/** A kept response: what a replay answers. */
export interface KeptResponse {
  status: number;
  /** ETag, Location and Content-Type as the first response had them (lower-case names) */
  headers: Record<string, string>;
  body: string;
}

export interface KeyRow {
  fingerprint: string;
  status: 'running' | 'done';
  claim: string;
  lease_until: number | null;
  response_status: number | null;
  response_headers: string | null;
  response_body: string | null;
  expires_at: number;
}

/** The `idempotency_keys` table: one row per user and key (see the migration). */
@Injectable()
export class IdempotencyRepository {
  constructor(private readonly db: Database) {}

  /** Inserts a running claim; false when the user already has a row for the key. */
  async insertClaim(
    userId: number,
    keyHash: string,
    claim: {
      fingerprint: string;
      claim: string;
      now: number;
      leaseUntil: number;
      expiresAt: number;
    },
  ): Promise<boolean> {
    const inserted = await this.db.run(sql`
      INSERT INTO idempotency_keys
        (user_id, key_hash, fingerprint, status, claim, lease_until, created_at, expires_at)
      VALUES (${userId}, ${keyHash}, ${claim.fingerprint}, 'running', ${claim.claim},
        ${claim.leaseUntil}, ${claim.now}, ${claim.expiresAt})
      ON CONFLICT (user_id, key_hash) DO NOTHING`);
    return inserted === 1;
  }

  find(userId: number, keyHash: string): Promise<KeyRow | undefined> {
    return this.db.one<KeyRow>(sql`
      SELECT fingerprint, status, claim, lease_until, response_status, response_headers,
        response_body, expires_at
      FROM idempotency_keys WHERE user_id = ${userId} AND key_hash = ${keyHash}`);
  }

  /**
   * Deletes the row if it is still the one read (`claim`) and is dead: expired, or a claim whose
   * lease ran out (its instance died mid-request). Conditional, so of two requests that found the
   * same dead row only one deletes it, and a live row is never taken from its holder.
   */
  async deleteDead(userId: number, keyHash: string, claim: string, now: number): Promise<void> {
    await this.db.run(sql`
      DELETE FROM idempotency_keys
      WHERE user_id = ${userId} AND key_hash = ${keyHash} AND claim = ${claim}
        AND (expires_at <= ${now} OR (status = 'running' AND lease_until <= ${now}))`);
  }

  /** Keeps the response of a claim that this request still holds. */
  async complete(
    userId: number,
    keyHash: string,
    claim: string,
    response: KeptResponse,
  ): Promise<void> {
    await this.db.run(sql`
      UPDATE idempotency_keys
      SET status = 'done', lease_until = NULL, response_status = ${response.status},
        response_headers = ${JSON.stringify(response.headers)}, response_body = ${response.body}
      WHERE user_id = ${userId} AND key_hash = ${keyHash} AND claim = ${claim} AND status = 'running'`);
  }

  /** Gives a claim up (its response is not kept): a retry with the key runs again. */
  async release(userId: number, keyHash: string, claim: string): Promise<void> {
    await this.db.run(sql`
      DELETE FROM idempotency_keys
      WHERE user_id = ${userId} AND key_hash = ${keyHash} AND claim = ${claim} AND status = 'running'`);
  }

  /** Removes every expired key (served by the index on `expires_at`). */
  deleteExpired(now: number): Promise<number> {
    return this.db.run(sql`DELETE FROM idempotency_keys WHERE expires_at <= ${now}`);
  }
}
