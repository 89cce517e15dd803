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

/**
 * JSON only. An empty body is accepted whatever its Content-Type (for endpoints that take none);
 * any other media type is a 415. Prototype poisoning is refused by Fastify's secure parser, and
 * nesting deeper than {@link MAX_JSON_DEPTH} is a 400.
 */
export function registerBodyParsers(fastify: FastifyInstance): void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    if (body === '') return done(null, undefined);
    if (nestedDeeperThan(body as string, MAX_JSON_DEPTH)) {
      const detail = `The request body nests arrays or objects more than ${MAX_JSON_DEPTH} deep.`;
      return done(new DomainError('VALIDATION_FAILED', detail), undefined);
    }
    void parseJson(req, body as string, done);
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
