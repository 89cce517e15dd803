import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { IdempotencyKeyInUseError, IdempotencyKeyMismatchError } from './idempotency.errors';
import { IdempotencyRepository, KeptResponse, KeyRow } from './idempotency.repository';
import { keyHash, openBody, sealBody } from './sealed-body';

/** How long a response is kept (contract: 24 hours). */
export const KEEP_MS = 24 * 60 * 60 * 1000;
/**
 * How long a claim holds without completing: past the 30 s request timeout with room to spare.
 * Only a claim whose instance died mid-request gets this old; then a retry may run.
 */
export const LEASE_MS = 2 * 60 * 1000;
/** Expired keys of everyone are deleted at most this often per instance (on a claim). */
const SWEEP_MS = 60 * 1000;
/** The response headers a replay repeats (contract). */
export const KEPT_HEADERS = ['etag', 'location', 'content-type'] as const;

/** A key this request holds while it runs. */
export interface Claim {
  userId: number;
  /** the key as sent (in memory only: it seals the kept body) */
  key: string;
  claim: string;
}

export type Outcome = { run: Claim } | { replay: KeptResponse };

/**
 * Idempotency keys as the IETF Idempotency-Key draft has them, in the database so they hold across
 * instances and restarts. The first request claims the key with an INSERT under the primary key
 * (user, key): of concurrent first requests one inserts and runs, the others find its row.
 */
@Injectable()
export class IdempotencyService {
  private nextSweep = 0;

  constructor(private readonly keys: IdempotencyRepository) {}

  /** Claims the key for this request, or answers what a request with it already got. */
  async begin(userId: number, key: string, fingerprint: string, now: number): Promise<Outcome> {
    await this.sweep(now);
    const hash = keyHash(key);
    // A dead row (expired, or a claim whose instance died) is deleted and the claim tried again;
    // a row that vanishes meanwhile (released, swept) likewise. Three rounds settle any race.
    for (let round = 0; round < 3; round += 1) {
      const claim = randomUUID();
      const claimed = await this.keys.insertClaim(userId, hash, {
        fingerprint,
        claim,
        now,
        leaseUntil: now + LEASE_MS,
        expiresAt: now + KEEP_MS,
      });
      if (claimed) return { run: { userId, key, claim } };
      const row = await this.keys.find(userId, hash);
      if (row === undefined) continue;
      if (isDead(row, now)) {
        await this.keys.deleteDead(userId, hash, row.claim, now);
        continue;
      }
      if (row.fingerprint !== fingerprint) throw new IdempotencyKeyMismatchError();
      if (row.status === 'running') throw new IdempotencyKeyInUseError();
      return { replay: keptResponse(row, (sealed) => openBody(userId, key, sealed)) };
    }
    throw new IdempotencyKeyInUseError();
  }

  /**
   * Keeps the response of a claim, or releases the claim when the contract says the response is
   * not kept (5xx, 429): a retry then runs again.
   */
  async finish(claim: Claim, response: KeptResponse | undefined): Promise<void> {
    const hash = keyHash(claim.key);
    if (response === undefined || response.status >= 500 || response.status === 429) {
      await this.keys.release(claim.userId, hash, claim.claim);
    } else {
      const body = sealBody(claim.userId, claim.key, response.body);
      await this.keys.complete(claim.userId, hash, claim.claim, { ...response, body });
    }
  }

  private async sweep(now: number): Promise<void> {
    if (now < this.nextSweep) return;
    this.nextSweep = now + SWEEP_MS;
    await this.keys.deleteExpired(now);
  }
}

function isDead(row: KeyRow, now: number): boolean {
  return row.expires_at <= now || (row.status === 'running' && (row.lease_until ?? 0) <= now);
}

function keptResponse(row: KeyRow, open: (sealed: string) => string): KeptResponse {
  return {
    status: row.response_status ?? 200,
    headers: JSON.parse(row.response_headers ?? '{}') as Record<string, string>,
    body: open(row.response_body ?? ''),
  };
}
