import { ERROR_CATALOG } from '../../src/common/errors/domain-error';
import { TEST_SECRETS } from '../app.factory';
import { Fingerprint } from '../support/db-fingerprint';
import { LEAKS, PROBLEM_KEYS, SQL } from '../support/expect-problem';
import { RawRequest, RawResponse } from '../support/raw-http';

/** Codes any route may answer with: request-level checks the contract puts before the route's own. */
export const REQUEST_LEVEL_CODES = new Set([
  'VALIDATION_FAILED',
  'NOT_FOUND',
  'PAYLOAD_TOO_LARGE',
  'HEADERS_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'TOO_MANY_REQUESTS',
]);

/**
 * Statuses Node's HTTP parser answers before any route runs, kept as they are (with the problem
 * code `VALIDATION_FAILED`, or `HEADERS_TOO_LARGE` for a 431): request timeout, expectation
 * failed, headers or URL too large.
 */
export const PARSER_STATUSES = new Set([408, 414, 417, 431]);

/** Raised with everything needed to reproduce and understand a violated invariant. */
export class InvariantViolation extends Error {}

function excerpt(text: string, max = 600): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
}

export function describeExchange(request: RawRequest, response?: RawResponse): string {
  const head = `${request.method} ${excerpt(request.target, 300)}\n${request.headers
    .map(([name, value]) => `${name}: ${excerpt(value, 120)}`)
    .join('\n')}`;
  const body = request.body ? `\n\n${excerpt(request.body.toString('latin1'))}` : '';
  const answer = response
    ? `\n--- answered ${response.status}\n${excerpt(response.raw, 1500)}`
    : '\n--- no response';
  return `${head}${body}${answer}`;
}

const SECRETS = [TEST_SECRETS.JWT_ACCESS_SECRET, TEST_SECRETS.JWT_REFRESH_SECRET, '$argon2'];

/** Property names that must never appear in any response body. */
const PRIVATE_FIELD =
  /"(password|passwordHash|password_hash|refreshHash|refresh_hash|isAdmin)"\s*:/;

export interface Expectations {
  /** problem codes the operation documents; undefined when the request hit no known operation */
  codes?: Set<string>;
  /** response statuses the operation documents */
  statuses?: Set<number>;
  /** media types the operation's successes document; undefined: JSON */
  successTypes?: Set<string>;
  /** the request has an unknown field or parameter, or a body where none is taken */
  mustReject: boolean;
  head: boolean;
}

/**
 * The invariants of every answer: no 5xx; every 4xx an RFC 9457 problem document with a code of
 * the contract that the operation documents (or a request-level one); nothing internal in any
 * answer; `X-Content-Type-Options: nosniff` everywhere; documented success statuses only, and
 * never a success for a request that carries something the contract says to refuse.
 */
export function checkResponse(
  request: RawRequest,
  response: RawResponse,
  expected: Expectations,
): void {
  const fail = (why: string) => {
    throw new InvariantViolation(
      `${why} (HTTP ${response.status})\n${describeExchange(request, response)}`,
    );
  };
  const { status } = response;
  if (status >= 500) fail('a server error');
  if (response.headers['x-content-type-options'] !== 'nosniff') fail('no nosniff header');
  if (response.headers['x-powered-by'] !== undefined) fail('an X-Powered-By header');
  for (const secret of SECRETS) if (response.raw.includes(secret)) fail('a secret or hash leaked');
  if (PRIVATE_FIELD.test(response.text)) fail('a private field in the body');

  if (status >= 400) {
    const type = response.headers['content-type'] ?? '';
    if (!type.startsWith('application/problem+json')) fail(`a ${status} that is not a problem`);
    if (LEAKS.test(response.raw) || SQL.test(response.raw)) fail('internals leaked');
    if (expected.head) return;
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(response.text) as Record<string, unknown>;
    } catch {
      return fail('a problem document that is not JSON');
    }
    const extra = Object.keys(body).filter((key) => !PROBLEM_KEYS.includes(key));
    if (extra.length > 0) fail(`undocumented problem members ${extra.join(', ')}`);
    const code = String(body.code);
    const entry = ERROR_CATALOG[code as keyof typeof ERROR_CATALOG] as
      readonly [number, string, string] | undefined;
    if (!entry) return fail(`unknown code ${code}`);
    if (body.status !== status) fail('problem status differs from the HTTP status');
    const parserStatus = code === 'VALIDATION_FAILED' && PARSER_STATUSES.has(status);
    if (entry[0] !== status && !parserStatus) fail(`code ${code} with status ${status}`);
    const typeUrn = `urn:event-manager:problem:${code.toLowerCase().replaceAll('_', '-')}`;
    if (
      body.type !== typeUrn ||
      typeof body.title !== 'string' ||
      typeof body.detail !== 'string'
    ) {
      fail('malformed problem document');
    }
    if (expected.codes && !expected.codes.has(code) && !REQUEST_LEVEL_CODES.has(code)) {
      fail(`code ${code} is not documented for this operation`);
    }
    return;
  }
  if (expected.mustReject) fail(`a ${status} for a request with unknown fields or parameters`);
  if (expected.statuses && !expected.statuses.has(status)) fail(`undocumented status ${status}`);
  if (status !== 204 && !expected.head && response.body.length > 0) {
    const type = response.headers['content-type'] ?? '';
    // Outside /api, a GET that asks for HTML gets the web app (when it is built).
    const path = request.target.split('?')[0] ?? '';
    const webApp = type.startsWith('text/html') && !/^\/api(\/|$)/.test(path);
    const documented = expected.successTypes?.size
      ? expected.successTypes
      : new Set(['application/json']);
    if (![...documented].some((media) => type.startsWith(media)) && !webApp) {
      fail(`a ${status} that is not ${[...documented].join(' or ')}`);
    }
  }
}

/**
 * A rejected request changes nothing. The exceptions: an authenticated request records when its
 * session was last used (`sessions.last_used_at`, at most once a minute), whatever it is answered;
 * and presenting a rotated refresh token (refresh or logout, 401 INVALID_REFRESH_TOKEN) revokes
 * its session, which sets `sessions.revoked_at` and nothing else.
 */
export function checkUnchanged(
  request: RawRequest,
  response: RawResponse,
  before: Fingerprint,
  after: Fingerprint,
): void {
  const replay =
    response.status === 401 &&
    /"code":"INVALID_REFRESH_TOKEN"/.test(response.text) &&
    /\/auth\/(refresh|logout)/.test(request.target);
  const tolerated = new Set(['sessions', ...(replay ? ['sessions without last_used_at'] : [])]);
  const tables = Object.keys({ ...before, ...after }).filter((table) => !tolerated.has(table));
  const changed = tables.filter(
    (table) => JSON.stringify(before[table]) !== JSON.stringify(after[table]),
  );
  if (changed.length > 0) {
    throw new InvariantViolation(
      `a rejected request changed ${changed.join(', ')}\n${describeExchange(request, response)}`,
    );
  }
}
