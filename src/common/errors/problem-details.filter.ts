import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, ErrorCode } from './domain-error';
import { Problem, PROBLEM_CONTENT_TYPE, problem } from './problem';

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  404: 'NOT_FOUND',
  405: 'NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'TOO_MANY_REQUESTS',
};

/** Details we write ourselves for Fastify's request errors; their own messages stay internal. */
const FASTIFY_DETAILS: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'The request body is not valid JSON.',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'The request body is empty.',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'The Content-Length header does not match the body.',
};

/** Status of an error that Fastify raised for a bad request (body parsing, limits, bad URL). */
function clientErrorStatus(error: unknown): number | undefined {
  if (!(error instanceof Error)) return undefined;
  const { statusCode } = error as { statusCode?: unknown };
  return typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500
    ? statusCode
    : undefined;
}

function byStatus(status: number, detail?: string): Problem {
  const code = CODE_BY_STATUS[status];
  return code ? problem(code, detail) : problem('VALIDATION_FAILED', 'The request is invalid.');
}

/**
 * The one place where errors become responses: every failure (domain, validation, framework,
 * body parsing, unknown) leaves as RFC 9457 `application/problem+json`. Only messages written for
 * clients are sent; anything unexpected is logged with the request id and answered with a generic
 * 500, so no stack trace, SQL or path ever reaches a client.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const reply = ctx.getResponse<FastifyReply>();
    const request = ctx.getRequest<FastifyRequest>();
    const body = this.toProblem(exception, request);
    if (body.status >= 500) {
      this.logger.error(
        { err: exception, reqId: request.id, method: request.method, url: request.url },
        'Unexpected error',
      );
    }
    void reply.status(body.status).header('content-type', PROBLEM_CONTENT_TYPE).send(body);
  }

  private toProblem(exception: unknown, request: FastifyRequest): Problem {
    if (exception instanceof DomainError) {
      return problem(exception.code, exception.message, exception.errors);
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      if (status === 404) {
        const path = request.url.split('?')[0] ?? '';
        return problem('NOT_FOUND', `No route ${request.method} ${path.slice(0, 200)}.`);
      }
      if (status === 400) {
        // Nest maps the JSON parser's SyntaxError to a BadRequestException.
        return problem('VALIDATION_FAILED', 'The request body is not valid JSON.');
      }
      return status < 500 ? byStatus(status) : problem('INTERNAL');
    }
    if (exception instanceof SyntaxError) {
      return problem('VALIDATION_FAILED', 'The request body is not valid JSON.');
    }
    const status = clientErrorStatus(exception);
    if (status !== undefined) {
      const { code } = exception as { code?: unknown };
      return byStatus(status, typeof code === 'string' ? FASTIFY_DETAILS[code] : undefined);
    }
    return problem('INTERNAL');
  }
}
