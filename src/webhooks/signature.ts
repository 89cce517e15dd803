import { createHmac, randomBytes } from 'node:crypto';

/** `whsec_` and the base64 of 32 random bytes, as Standard Webhooks secrets are written. */
export function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** The key of a secret: the bytes its base64 part decodes to. */
const keyOf = (secret: string): Buffer => Buffer.from(secret.replace(/^whsec_/, ''), 'base64');

/**
 * The `webhook-signature` header of Standard Webhooks 1.0: `v1,<base64 HMAC-SHA256>` of
 * `<id>.<timestamp>.<body>` for each secret, space-separated (two while a rotation's old secret
 * still signs).
 */
export function signatureHeader(
  secrets: readonly string[],
  messageId: string,
  timestamp: number,
  body: string,
): string {
  const content = `${messageId}.${timestamp}.${body}`;
  return secrets
    .map((secret) => `v1,${createHmac('sha256', keyOf(secret)).update(content).digest('base64')}`)
    .join(' ');
}
