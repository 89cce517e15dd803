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

/**
 * Status and Fastify code of a client error raised below Nest: body parsing, limits, a bad URL.
 * The Fastify adapter wraps Fastify's own errors in an `HttpException` whose `cause` is the
 * original; errors created by our own body parsers arrive as they are.
 */
function clientError(exception: unknown): { status: number; code?: string } | undefined {
  const status =
    exception instanceof HttpException
      ? exception.getStatus()
      : exception instanceof Error
        ? (exception as { statusCode?: unknown }).statusCode
        : undefined;
  if (typeof status !== 'number' || status < 400 || status >= 500) return undefined;
  const origin = exception instanceof HttpException ? exception.cause : exception;
  const code = (origin as { code?: unknown } | undefined)?.code;
  return { status, code: typeof code === 'string' ? code : undefined };
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
    const context = { reqId: request.id, method: request.method, url: request.url };
    if (exception instanceof DomainError && exception.retryAfter !== undefined) {
      void reply.header('retry-after', String(exception.retryAfter));
    }
    if (body.code === 'SERVICE_UNAVAILABLE') {
      // A dependency's fault, not ours: its cause goes to the log as a warning.
      this.logger.warn({ ...context, err: (exception as Error).cause }, 'Dependency unavailable');
    } else if (body.status >= 500) {
      this.logger.error({ ...context, err: exception }, 'Unexpected error');
    }
    void reply.status(body.status).header('content-type', PROBLEM_CONTENT_TYPE).send(body);
  }

  private toProblem(exception: unknown, request: FastifyRequest): Problem {
    if (exception instanceof DomainError) {
      return problem(exception.code, exception.message, exception.errors);
    }
    const client = clientError(exception);
    if (client === undefined) return problem('INTERNAL');
    if (client.status === 404) {
      const path = request.url.split('?')[0] ?? '';
      return problem('NOT_FOUND', `No route ${request.method} ${path.slice(0, 200)}.`);
    }
    // Messages of framework errors are not written for clients: only our own details go out.
    return byStatus(
      client.status,
      client.code === undefined ? undefined : FASTIFY_DETAILS[client.code],
    );
  }
}
