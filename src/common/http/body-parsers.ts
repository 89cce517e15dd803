import type { FastifyInstance } from 'fastify';
import { DomainError } from '../errors/domain-error';

/** Deeper than any body of the contract (its DTOs are flat) by a wide margin. */
export const MAX_JSON_DEPTH = 32;

/**
 * Whether JSON text nests arrays and objects deeper than `max`. Checked on the text, before
 * parsing: class-transformer and class-validator walk a parsed body recursively, and a 64 KiB body
 * of `[[[[…` overflowed the stack there, which answered 500 (found by the fuzzer).
 */
export function nestedDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      // A backslash escapes the next character; a quote ends the string.
      if (c === 0x5c) i += 1;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      depth += 1;
      if (depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) {
      depth -= 1;
    }
  }
  return false;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The `charset` parameter of a Content-Type, lower-cased and unquoted; undefined without one. */
export function charsetOf(contentType: string | undefined): string | undefined {
  const match = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i.exec(contentType ?? '');
  return match ? (match[1] ?? match[2] ?? '').toLowerCase() : undefined;
}

/**
 * The body as text, or the contract's answer: a charset other than UTF-8 is a 415 (we decode
 * nothing else), bytes that are not UTF-8 a 400. Fastify's own string parsing replaced them with
 * U+FFFD, so a Latin-1 "café" was stored as "caf\uFFFD".
 */
export function decodeJsonBody(body: Buffer, contentType: string | undefined): string {
  const charset = charsetOf(contentType);
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    throw new DomainError(
      'UNSUPPORTED_MEDIA_TYPE',
      'A JSON body must be UTF-8: no other charset is accepted.',
    );
  }
  try {
    return UTF8.decode(body);
  } catch {
    throw new DomainError('VALIDATION_FAILED', 'The request body is not valid UTF-8.');
  }
}

/**
 * JSON only, in UTF-8 (RFC 8259 §8.1). An empty body is accepted whatever its Content-Type (for endpoints that take none);
 * any other media type is a 415. Prototype poisoning is refused by Fastify's secure parser, and
 * nesting deeper than {@link MAX_JSON_DEPTH} is a 400.
 */
export function registerBodyParsers(fastify: FastifyInstance): void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => {
    if ((body as Buffer).length === 0) return done(null, undefined);
    let text: string;
    try {
      text = decodeJsonBody(body as Buffer, req.headers['content-type']);
    } catch (error) {
      return done(error as Error, undefined);
    }
    if (nestedDeeperThan(text, MAX_JSON_DEPTH)) {
      const detail = `The request body nests arrays or objects more than ${MAX_JSON_DEPTH} deep.`;
      return done(new DomainError('VALIDATION_FAILED', detail), undefined);
    }
    void parseJson(req, text, done);
  });
  fastify.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body: Buffer, done) => {
    if (body.length === 0) return done(null, undefined);
    const error = Object.assign(new Error('Unsupported media type'), {
      statusCode: 415,
      code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
    });
    done(error, undefined);
  });
}
