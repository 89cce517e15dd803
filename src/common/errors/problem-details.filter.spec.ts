import {
  ArgumentsHost,
  BadRequestException,
  ForbiddenException,
  HttpException,
  InternalServerErrorException,
  Logger,
  NotFoundException,
  UnauthorizedException,
} from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { errorCodes } from 'fastify';
import type { FastifyRequest } from 'fastify';
import { DomainError, ValidationFailedError } from './domain-error';
import { ProblemDetailsFilter } from './problem-details.filter';
import { Problem } from './problem';

/** The part of a Fastify reply the filter uses, recording what it is told. */
class RecordingReply {
  statusCode?: number;
  headers: Record<string, string> = {};
  payload?: Problem;

  status(code: number): this {
    this.statusCode = code;
    return this;
  }

  header(name: string, value: string): this {
    this.headers[name.toLowerCase()] = value;
    return this;
  }

  send(payload: Problem): this {
    this.payload = payload;
    return this;
  }
}

describe('ProblemDetailsFilter', () => {
  const filter = new ProblemDetailsFilter();
  // Fastify's own errors reach the filter as the adapter maps them.
  const adapter = new FastifyAdapter();
  let logged: jest.SpyInstance;

  beforeEach(() => {
    logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => logged.mockRestore());
  afterAll(() => adapter.close());

  function answer(exception: unknown, url = '/api/v1/things?secret=1', method = 'POST') {
    const reply = new RecordingReply();
    const request = { id: 'req-1', method, url } as FastifyRequest;
    const host = {
      switchToHttp: () => ({ getResponse: () => reply, getRequest: () => request }),
    } as unknown as ArgumentsHost;
    filter.catch(exception, host);
    expect(reply.headers['content-type']).toBe('application/problem+json');
    expect(reply.payload?.status).toBe(reply.statusCode);
    return reply.payload!;
  }

  const fastifyError = (code: keyof typeof errorCodes): unknown => {
    const FastifyError = errorCodes[code] as unknown as new () => Error;
    return adapter.mapException(new FastifyError());
  };

  it('answers a domain error with its code, title, detail and field errors', () => {
    const errors = [{ field: 'name', message: 'name must be a string' }];
    expect(answer(new ValidationFailedError(errors))).toEqual({
      type: 'urn:event-manager:problem:validation-failed',
      title: 'Validation failed',
      status: 400,
      detail: 'The request is invalid.',
      code: 'VALIDATION_FAILED',
      errors,
    });
    expect(answer(new DomainError('EMAIL_TAKEN', 'Custom detail.'))).toEqual({
      type: 'urn:event-manager:problem:email-taken',
      title: 'Email taken',
      status: 409,
      detail: 'Custom detail.',
      code: 'EMAIL_TAKEN',
    });
  });

  it('answers an unknown route with NOT_FOUND naming method and path, not the query', () => {
    expect(answer(new NotFoundException(), '/api/v1/nope?token=abc', 'DELETE')).toMatchObject({
      status: 404,
      code: 'NOT_FOUND',
      detail: 'No route DELETE /api/v1/nope.',
    });
  });

  it.each([
    [
      'FST_ERR_CTP_INVALID_JSON_BODY',
      400,
      'VALIDATION_FAILED',
      'The request body is not valid JSON.',
    ],
    ['FST_ERR_CTP_EMPTY_JSON_BODY', 400, 'VALIDATION_FAILED', 'The request body is empty.'],
    [
      'FST_ERR_CTP_INVALID_CONTENT_LENGTH',
      400,
      'VALIDATION_FAILED',
      'The Content-Length header does not match the body.',
    ],
    [
      'FST_ERR_CTP_BODY_TOO_LARGE',
      413,
      'PAYLOAD_TOO_LARGE',
      'The request body is larger than 64 KiB.',
    ],
    [
      'FST_ERR_CTP_INVALID_MEDIA_TYPE',
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      'Request bodies must be application/json.',
    ],
  ] as const)(
    'answers Fastify %s as %i %s with our own detail',
    (code, status, problemCode, detail) => {
      expect(answer(fastifyError(code))).toMatchObject({ status, code: problemCode, detail });
    },
  );

  it('answers the 415 raised by our own body parser', () => {
    const error = Object.assign(new Error('Unsupported media type'), {
      statusCode: 415,
      code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
    });
    expect(answer(error)).toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
  });

  it("does not pass on a framework 400's own message", () => {
    const problem = answer(
      new BadRequestException('Validation failed (numeric string is expected)'),
    );
    expect(problem).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
      detail: 'The request is invalid.',
    });
  });

  it.each([
    [
      'an UnauthorizedException',
      new UnauthorizedException('jwt malformed'),
      401,
      'UNAUTHENTICATED',
    ],
    [
      "the throttler's 429",
      new HttpException('ThrottlerException: Too Many Requests', 429),
      429,
      'TOO_MANY_REQUESTS',
    ],
    ['a 413 HttpException', new HttpException('Payload Too Large', 413), 413, 'PAYLOAD_TOO_LARGE'],
  ])('maps %s by its status, with our own detail', (_label, exception, status, code) => {
    const problem = answer(exception);
    expect(problem).toMatchObject({ status, code });
    expect(problem.detail).not.toBe(exception.message);
  });

  it('answers a client error without a code of its own as a 400 with a generic detail', () => {
    expect(answer(new ForbiddenException('Forbidden resource'))).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
      detail: 'The request is invalid.',
    });
  });

  it.each([
    ['an Error from the database', new Error('SQLITE_ERROR: no such table: sessions')],
    ['a SyntaxError from our own code', new SyntaxError('Unexpected token } in JSON')],
    ['a TypeError', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a 500 HttpException', new InternalServerErrorException('db pool exhausted')],
    ['a thrown string', 'boom'],
  ])('answers %s with a generic 500 INTERNAL and logs the cause', (_label, exception) => {
    expect(answer(exception)).toEqual({
      type: 'urn:event-manager:problem:internal',
      title: 'Internal server error',
      status: 500,
      detail: 'An unexpected error occurred.',
      code: 'INTERNAL',
    });
    expect(logged).toHaveBeenCalledWith(
      expect.objectContaining({ err: exception, reqId: 'req-1' }),
      'Unexpected error',
    );
  });

  it('does not log expected failures', () => {
    answer(new ValidationFailedError([]));
    answer(new NotFoundException());
    answer(fastifyError('FST_ERR_CTP_INVALID_JSON_BODY'));
    expect(logged).not.toHaveBeenCalled();
  });
});
