import { createHash } from 'node:crypto';
import { ValidationFailedError } from '../common/errors/domain-error';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
export const IDEMPOTENT_REPLAYED_HEADER = 'Idempotent-Replayed';

/** 1–255 visible ASCII characters (0x21–0x7E): a UUID, a ULID, any opaque token. */
export const IDEMPOTENCY_KEY_PATTERN = '^[\\x21-\\x7E]{1,255}$';
const KEY = new RegExp(IDEMPOTENCY_KEY_PATTERN);

/**
 * The header's value, or a 400 on field `Idempotency-Key`: empty, longer than 255, or holding a
 * space, a control character or anything outside ASCII (Node hands header bytes over as Latin-1,
 * so a UTF-8 byte arrives as a character above 0x7E). Sent twice, the header is refused too:
 * which of two keys the client meant is not for the server to guess.
 */
export function parseIdempotencyKey(value: string | string[]): string {
  if (typeof value === 'string' && KEY.test(value)) return value;
  throw new ValidationFailedError(
    [
      {
        field: IDEMPOTENCY_KEY_HEADER,
        message: `${IDEMPOTENCY_KEY_HEADER} must be one value of 1 to 255 visible ASCII characters`,
      },
    ],
    `The ${IDEMPOTENCY_KEY_HEADER} header is invalid.`,
  );
}

/** JSON with object keys sorted at every depth: equal bodies serialise alike, whatever the order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([name, item]) => `${JSON.stringify(name)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? '';
}

/**
 * What makes two requests "the same" for a key (IETF Idempotency-Key draft, fingerprint): the
 * method, the path with its query string, and the body as parsed JSON re-serialised canonically,
 * so whitespace and key order do not matter but every value does. SHA-256, hex.
 */
export function requestFingerprint(method: string, url: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method} ${url}\n${body === undefined ? '' : canonicalJson(body)}`)
    .digest('hex');
}
