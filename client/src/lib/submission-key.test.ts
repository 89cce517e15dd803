import { describe, expect, it } from 'vitest';
import { ApiError, OFFLINE, type Problem } from '../api/client';
import { SubmissionKey } from './submission-key';

const problem = (status: number, code: Problem['code']): ApiError =>
  new ApiError({ type: 'about:blank', title: code, status, code, detail: code });

function keys() {
  let n = 0;
  const sent: string[] = [];
  const submission = new SubmissionKey(() => `key-${(n += 1)}`);
  const send = (content: unknown, outcome: unknown = 'ok') =>
    submission
      .send(content, (key) => {
        sent.push(key);
        return outcome instanceof Error ? Promise.reject(outcome) : Promise.resolve(outcome);
      })
      .catch(() => undefined);
  return { sent, send, submission };
}

describe('SubmissionKey', () => {
  it('reuses the key of a submission sent twice at once (a double click)', async () => {
    const { sent, submission } = keys();
    let finish: (value: string) => void = () => undefined;
    const first = submission.send({ name: 'A' }, (key) => {
      sent.push(key);
      return new Promise<string>((resolve) => (finish = resolve));
    });
    const second = submission.send({ name: 'A' }, (key) => {
      sent.push(key);
      return Promise.reject(problem(409, 'IDEMPOTENCY_KEY_IN_USE'));
    });
    await expect(second).rejects.toBeInstanceOf(ApiError);
    finish('done');
    await first;
    expect(sent).toEqual(['key-1', 'key-1']);
  });

  it.each([
    ['a network failure or timeout', new ApiError(OFFLINE)],
    ['a 5xx', problem(500, 'INTERNAL')],
    ['a 503', problem(503, 'SERVICE_UNAVAILABLE')],
    ['a 429', problem(429, 'TOO_MANY_REQUESTS')],
    ['409 IDEMPOTENCY_KEY_IN_USE', problem(409, 'IDEMPOTENCY_KEY_IN_USE')],
  ])('keeps the key for a retry after %s', async (_label, failure) => {
    const { sent, send } = keys();
    await send({ name: 'A' }, failure);
    await send({ name: 'A' });
    expect(sent).toEqual(['key-1', 'key-1']);
  });

  it.each([
    ['a success', 'ok'],
    ['a 409 refusal (event full)', problem(409, 'EVENT_FULL')],
    ['a 400', problem(400, 'VALIDATION_FAILED')],
  ])('makes a new key for the same content sent after %s', async (_label, outcome) => {
    const { sent, send } = keys();
    await send({ name: 'A' }, outcome);
    await send({ name: 'A' });
    expect(sent).toEqual(['key-1', 'key-2']);
  });

  it('makes a new key when the content changes, even without an answer', async () => {
    const { sent, send } = keys();
    await send({ name: 'A' }, new ApiError(OFFLINE));
    await send({ name: 'B' });
    expect(sent).toEqual(['key-1', 'key-2']);
  });
});
