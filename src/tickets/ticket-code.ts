import { createHash, randomBytes } from 'node:crypto';

/** 128 random bits, base64url: URL-safe, 22 characters. */
const CODE_BYTES = 16;

export interface TicketCode {
  code: string;
  hash: string;
}

/** SHA-256 of a code, hex: what a check-in looks up (see docs/check-in.md). */
export const hashTicketCode = (code: string): string =>
  createHash('sha256').update(code, 'utf8').digest('hex');

/** A new ticket: a fresh code for every registration row. */
export function newTicketCode(): TicketCode {
  const code = randomBytes(CODE_BYTES).toString('base64url');
  return { code, hash: hashTicketCode(code) };
}
