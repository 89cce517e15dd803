import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { sessionUserAgent } from './entities/session.entity';

/**
 * `@UserAgent() userAgent: string | null`: the request's `User-Agent` as a session stores it. A
 * decorator of its own rather than `@Headers('user-agent')`, which the OpenAPI document would list
 * as a parameter of the operation.
 */
export const UserAgent = createParamDecorator((_: unknown, ctx: ExecutionContext) => {
  const request = ctx.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>();
  return sessionUserAgent(request.headers['user-agent']);
});
