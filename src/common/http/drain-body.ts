import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';

/**
 * How much of a body that will not be used is still read, and for how long, before the answer
 * goes out: a client uploading a few MiB gets its 413 instead of a reset; past either bound the
 * connection is closed anyway (the request timeout bounds a slow client as before).
 */
export interface DrainLimits {
  bytes: number;
  ms: number;
}

export const DRAIN_LIMITS: DrainLimits = { bytes: 8 * 1024 * 1024, ms: 5_000 };

/**
 * Reads and drops the rest of `req`'s body; resolves when it has all arrived, the client went
 * away, or a bound of `limits` was passed.
 */
export function drainBody(req: IncomingMessage, limits: DrainLimits): Promise<void> {
  // `readableEnded` too: a request injected in-process (light-my-request) never sets `complete`.
  if (req.complete || req.readableEnded || req.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    let received = 0;
    const done = () => {
      clearTimeout(timer);
      req.off('data', onData).off('end', done).off('close', done).off('error', done);
      resolve();
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limits.bytes) done();
    };
    const timer = setTimeout(done, limits.ms);
    req.on('data', onData).once('end', done).once('close', done).once('error', done);
    req.resume();
  });
}

/**
 * Fastify answers a body over the limit (413) as soon as it knows, with `Connection: close`, and
 * Node then closes the socket with the client's unread bytes in it: the kernel answers those with
 * a TCP reset, and a client still writing its upload sees ECONNRESET or EPIPE instead of the 413
 * (RFC 9112 §9.6: a server closing should first read what the client is still sending). So an
 * answer that closes the connection before the body has arrived waits while the rest is drained.
 */
export function registerBodyDrain(fastify: FastifyInstance, limits = DRAIN_LIMITS): void {
  fastify.addHook('onSend', async (request, reply, payload) => {
    const raw = request.raw;
    if (!raw.complete && !raw.readableEnded && reply.getHeader('connection') === 'close') {
      await drainBody(raw, limits);
    }
    return payload;
  });
}
