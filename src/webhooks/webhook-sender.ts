import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { bareHost, publicAddressOf } from './webhook-address';

/** An attempt may take this long, connection included. */
export const ATTEMPT_TIMEOUT_MS = 15_000;
/** Of the receiver's answer only this much is read (it is not used, only drained). */
const RESPONSE_LIMIT = 4096;

/**
 * POSTs `body` to `url` once. The host is resolved and checked first (`publicAddressOf`), and
 * the connection goes to exactly the address checked (the socket's `lookup` answers it), so a
 * name cannot point elsewhere in between. No redirect is followed (Node's client never does);
 * the answer's body is read up to a few KiB and dropped. Answers the status code; throws with a
 * short reason when there is none (refused address, DNS, connection, timeout).
 */
export async function postWebhook(
  url: string,
  headers: Record<string, string>,
  body: string,
  allowPrivate: boolean,
): Promise<number> {
  const target = new URL(url);
  const pinned = await publicAddressOf(bareHost(target), allowPrivate);
  const lookup: LookupFunction = (_host, options, callback) => {
    if (options.all) callback(null, [pinned]);
    else callback(null, pinned.address, pinned.family);
  };
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<number>((resolve, reject) => {
    const req = send(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': Buffer.byteLength(body) },
        lookup,
      },
      (res) => {
        let read = 0;
        res.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > RESPONSE_LIMIT) res.destroy();
        });
        res.on('close', () => {
          clearTimeout(timer);
          resolve(res.statusCode ?? 0);
        });
        res.on('error', () => resolve(res.statusCode ?? 0));
      },
    );
    // One timer for the whole attempt (connection, answer and its body): cheaper than an abort
    // signal and a socket timeout per request, which the worker pays for every delivery.
    const timer = setTimeout(
      () => req.destroy(new Error(`no answer within ${ATTEMPT_TIMEOUT_MS / 1000} s`)),
      ATTEMPT_TIMEOUT_MS,
    ).unref();
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.end(body);
  });
}
