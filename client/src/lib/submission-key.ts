import { useState } from 'react';
import { asApiError } from '../api/client';

/** The header the server takes on every authenticated POST (see docs/idempotency.md). */
export const IDEMPOTENCY_KEY = 'Idempotency-Key';

/** The `header` member of an openapi-fetch call's `params`, carrying `key`. */
export const keyHeader = (key: string) => ({ [IDEMPOTENCY_KEY]: key });

/**
 * Whether the server has given this submission its answer, so that sending the same content again
 * is a new request. Not when the answer never came (the network failed, a timeout), was a 5xx or
 * a 429 (the server keeps none of them), or was "the first is still running" (409
 * `IDEMPOTENCY_KEY_IN_USE`): then the next attempt is a retry of the same submission.
 */
export function answered(error: unknown): boolean {
  const { code, status } = asApiError(error);
  if (code === 'NETWORK' || code === 'IDEMPOTENCY_KEY_IN_USE' || code === 'TOO_MANY_REQUESTS') {
    return false;
  }
  return status > 0 && status < 500;
}

/**
 * One `Idempotency-Key` per submission of a form that creates or registers. The key is made when
 * content is first submitted and kept while that same content is sent again without an answer: a
 * double click or a retry after a timeout reuses it, so the server runs the request once. Other
 * content gets a new key (the server would refuse the old one, 422), and so does anything sent
 * after an answer (a success, or a refusal such as "full", which must not be replayed to a later
 * attempt).
 */
export class SubmissionKey {
  private current: { content: string; key: string } | undefined;

  constructor(private readonly makeKey: () => string = () => crypto.randomUUID()) {}

  /** Runs `send` with the key for `content`. */
  async send<T>(content: unknown, send: (key: string) => Promise<T>): Promise<T> {
    const text = JSON.stringify(content) ?? '';
    if (this.current?.content !== text) this.current = { content: text, key: this.makeKey() };
    const { key } = this.current;
    try {
      const result = await send(key);
      this.forget(key);
      return result;
    } catch (error) {
      if (answered(error)) this.forget(key);
      throw error;
    }
  }

  private forget(key: string): void {
    if (this.current?.key === key) this.current = undefined;
  }
}

/** A `SubmissionKey` that lives as long as the component (one form). */
export function useSubmissionKey(): SubmissionKey {
  const [keys] = useState(() => new SubmissionKey());
  return keys;
}
