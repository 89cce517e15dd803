import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

/**
 * What the database holds of a key and its kept body, so that a copy of the database reads
 * neither: the key as its SHA-256 (the lookup), the body sealed with AES-256-GCM under a key
 * derived from the idempotency key (HKDF, salted with the user's id). Only a request that carries
 * the key can open what it kept: a new webhook's secret, a calendar feed's address (whose token is
 * otherwise stored only as a hash). As secret as the key is random: a UUID is 122 bits.
 */
export function keyHash(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

function bodyKey(userId: number, key: string): Buffer {
  return Buffer.from(hkdfSync('sha256', key, String(userId), 'idempotency-kept-body', 32));
}

/** `iv.tag.ciphertext`, each base64. */
export function sealBody(userId: number, key: string, body: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', bodyKey(userId, key), iv);
  const sealed = Buffer.concat([cipher.update(body, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), sealed].map((part) => part.toString('base64')).join('.');
}

export function openBody(userId: number, key: string, sealed: string): string {
  const [iv, tag, data] = sealed.split('.').map((part) => Buffer.from(part, 'base64'));
  if (!iv || !tag || !data) throw new Error('malformed kept body');
  const decipher = createDecipheriv('aes-256-gcm', bodyKey(userId, key), iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
}
