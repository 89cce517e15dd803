import { IncomingMessage, STATUS_CODES, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCode } from '../errors/domain-error';
import { Problem, PROBLEM_CONTENT_TYPE, problem } from '../errors/problem';

/**
 * Answers for requests that never reach a route: Node's HTTP parser rejects them (malformed
 * request line or headers, headers over the size limit, a timeout), or Fastify's router does (a
 * path parameter over `maxParamLength`, a malformed URL), or Node does (an `Expect` it cannot meet).
 * Fastify's defaults answer these with a JSON body of their own (and the router's echoes the URL);
 * the contract wants an RFC 9457 problem document like every other error. The real status is
 * kept; the code is the contract's for 413 and 431, `VALIDATION_FAILED` (the request is invalid
 * as sent) for the rest.
 */
const CODES_BY_STATUS: Partial<Record<number, ErrorCode>> = {
  413: 'PAYLOAD_TOO_LARGE',
  431: 'HEADERS_TOO_LARGE',
};

function clientProblem(status: number, detail: string): Problem {
  return { ...problem(CODES_BY_STATUS[status] ?? 'VALIDATION_FAILED', detail), status };
}

/** The headers every answer carries (`X-Content-Type-Options` is a contract requirement). */
function headers(body: string): Record<string, string> {
  return {
    'Content-Type': PROBLEM_CONTENT_TYPE,
    'Content-Length': String(Buffer.byteLength(body)),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  };
}

/** A whole HTTP/1.1 response carrying `answer`, for a socket no Node response object owns. */
function rawProblemResponse(answer: Problem): string {
  const body = JSON.stringify(answer);
  const head = Object.entries({ ...headers(body), Connection: 'close' })
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  return `HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status]}\r\n${head}\r\n${body}`;
}

/** Status and detail for an error of Node's HTTP parser (`clientError` event). */
export function parserProblem(code: string | undefined): Problem {
  switch (code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return clientProblem(408, 'The request was not received in time.');
    case 'HPE_HEADER_OVERFLOW':
      return problem('HEADERS_TOO_LARGE');
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return clientProblem(413, 'The chunk extensions of the request body are too large.');
    default:
      return clientProblem(400, 'The request is not valid HTTP.');
  }
}

/**
 * Fastify's `clientErrorHandler`: writes the problem document straight to the socket (there is no
 * request or response object yet) and closes the connection, as Node's default does. Nothing is
 * written when a response on this connection has already started (it would corrupt it).
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const current = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
  if (socket.writable && !current?.headersSent) {
    socket.write(rawProblemResponse(parserProblem(error.code)));
  }
  socket.destroy(error);
}

/**
 * Fastify's `frameworkErrors`, for what its router rejects before any hook runs: a path parameter
 * longer than `maxParamLength` (414) and a malformed URL (400). The detail does not echo the URL.
 */
export function frameworkErrorHandler(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const answer =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? clientProblem(414, 'A path segment of the URL is too long.')
      : clientProblem(400, 'The URL is malformed.');
  const body = JSON.stringify(answer);
  void reply
    .code(answer.status)
    .headers({ ...headers(body), 'X-Request-Id': request.id })
    .send(body);
}

/**
 * Node's `connect` event: a `CONNECT` request (a proxy tunnel) never reaches Fastify, and without
 * a listener Node closes the socket without a byte. No route takes CONNECT, so the answer is the
 * 404 every unknown method gets, as a problem document; the connection is closed after it (its
 * bytes after the head would be the tunnel's).
 */
export function connectHandler(request: IncomingMessage, socket: Socket): void {
  const target = (request.url ?? '').split('?')[0] ?? '';
  socket.on('error', () => undefined);
  socket.end(rawProblemResponse(problem('NOT_FOUND', `No route CONNECT ${target.slice(0, 200)}.`)));
}

/**
 * Node's `checkExpectation` event: an `Expect` other than `100-continue` is a 417, as Node would
 * answer it, but as a problem document.
 */
export function expectationFailedHandler(
  _request: IncomingMessage,
  response: ServerResponse,
): void {
  const body = JSON.stringify(
    clientProblem(417, 'The only expectation supported is "Expect: 100-continue".'),
  );
  response.writeHead(417, { ...headers(body), Connection: 'close' }).end(body);
}
