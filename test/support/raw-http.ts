import { connect } from 'node:net';

/** A response read off the wire: status, headers (lower-cased, repeated ones joined) and body. */
export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  text: string;
  /** the whole response as received, for leak checks of the head too */
  raw: string;
}

export interface RawRequest {
  method: string;
  /** request target as sent, e.g. `/api/v1/events?q=x`; may hold bytes a client would refuse */
  target: string;
  headers: [string, string][];
  body?: Buffer;
}

/** The bytes of a request: request line and headers in latin1 (byte for byte), then the body. */
export function requestBytes(request: RawRequest): Buffer {
  const head = [
    `${request.method} ${request.target} HTTP/1.1`,
    ...request.headers.map(([name, value]) => `${name}: ${value}`),
    '',
    '',
  ].join('\r\n');
  return Buffer.concat([Buffer.from(head, 'latin1'), request.body ?? Buffer.alloc(0)]);
}

function dechunk(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = body.indexOf('\r\n', at);
    if (lineEnd < 0) break;
    const size = parseInt(body.subarray(at, lineEnd).toString('latin1'), 16);
    if (!Number.isFinite(size) || size === 0) break;
    parts.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

/** Parses the first response of `data` (the server closes the connection after it). */
export function parseResponse(data: Buffer): RawResponse {
  const headEnd = data.indexOf('\r\n\r\n');
  if (headEnd < 0) throw new Error(`incomplete response: ${JSON.stringify(data.toString())}`);
  const [statusLine = '', ...lines] = data.subarray(0, headEnd).toString('latin1').split('\r\n');
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine);
  if (!match) throw new Error(`not an HTTP response: ${JSON.stringify(statusLine)}`);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
  }
  let body = data.subarray(headEnd + 4);
  if (/\bchunked\b/i.test(headers['transfer-encoding'] ?? '')) body = dechunk(body);
  else if (headers['content-length'] !== undefined) {
    body = body.subarray(0, Number(headers['content-length']));
  }
  return {
    status: Number(match[1]),
    headers,
    body,
    text: body.toString('utf8'),
    raw: data.toString('latin1'),
  };
}

/** Whether `data` holds a whole response whose length is known from its head. */
function isComplete(data: Buffer): boolean {
  const headEnd = data.indexOf('\r\n\r\n');
  if (headEnd < 0) return false;
  const head = data.subarray(0, headEnd).toString('latin1');
  const body = data.length - headEnd - 4;
  if (/^HTTP\/1\.[01] (204|304)/.test(head)) return true;
  if (/\r\ntransfer-encoding:[^\r]*chunked/i.test(head)) {
    return data.subarray(-5).toString('latin1') === '0\r\n\r\n';
  }
  const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
  return length !== null && body >= Number(length[1]);
}

/**
 * Sends raw bytes on a fresh connection and resolves with everything the server wrote until it
 * closed the connection or a whole response arrived. Rejects after `timeoutMs`.
 */
export function exchange(
  port: number,
  bytes: Buffer | readonly Buffer[],
  options: { timeoutMs?: number; gapMs?: number } = {},
): Promise<Buffer> {
  const { timeoutMs = 10_000, gapMs = 0 } = options;
  const pieces = Buffer.isBuffer(bytes) ? [bytes] : [...bytes];
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect({ port, host: '127.0.0.1' });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no response within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      // A complete response on a connection the server keeps open (keep-alive, upgrade) ends
      // the exchange too.
      if (isComplete(Buffer.concat(chunks))) socket.destroy();
    });
    // The server may reset the connection after answering (it does on parser errors).
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks));
    });
    socket.on('connect', () => {
      const send = (index: number) => {
        if (index >= pieces.length || socket.destroyed) return;
        socket.write(pieces[index]!);
        if (gapMs > 0) setTimeout(() => send(index + 1), gapMs);
        else send(index + 1);
      };
      send(0);
    });
  });
}

/** One request on its own connection: the request's bytes as given, the parsed response. */
export async function send(
  port: number,
  request: RawRequest,
  options?: { timeoutMs?: number },
): Promise<RawResponse> {
  return parseResponse(await exchange(port, requestBytes(request), options));
}
