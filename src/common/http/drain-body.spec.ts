import type { IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import { drainBody } from './drain-body';

/** A request body still arriving: a stream the test writes to. */
const arriving = () => Object.assign(new PassThrough(), { complete: false });
const asRequest = (body: PassThrough) => body as unknown as IncomingMessage;
const settled = async (promise: Promise<void>) => {
  let done = false;
  void promise.then(() => (done = true));
  await new Promise(setImmediate);
  return done;
};

describe('drainBody', () => {
  afterEach(() => jest.useRealTimers());

  it('reads the rest of the body and resolves once it has arrived', async () => {
    const body = arriving();
    const drained = drainBody(asRequest(body), { bytes: 1000, ms: 60_000 });
    body.write(Buffer.alloc(600));
    expect(await settled(drained)).toBe(false);
    body.end(Buffer.alloc(300));
    await drained;
  });

  it('stops past the byte bound', async () => {
    const body = arriving();
    const drained = drainBody(asRequest(body), { bytes: 1000, ms: 60_000 });
    body.write(Buffer.alloc(1001));
    expect(await settled(drained)).toBe(true);
  });

  it('stops past the time bound', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate'] });
    const body = arriving();
    const drained = drainBody(asRequest(body), { bytes: 1000, ms: 5_000 });
    jest.advanceTimersByTime(4_999);
    expect(await settled(drained)).toBe(false);
    jest.advanceTimersByTime(1);
    expect(await settled(drained)).toBe(true);
  });

  it('does not wait for a body that has arrived', async () => {
    const body = Object.assign(new PassThrough(), { complete: true });
    expect(await settled(drainBody(asRequest(body), { bytes: 1, ms: 60_000 }))).toBe(true);
  });
});
