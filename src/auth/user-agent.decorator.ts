import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { headerText } from '../common/http/header-text';
import { sessionUserAgent } from './entities/session.entity';

/**
 * `@UserAgent() userAgent: string | null`: the request's `User-Agent` as a session stores it. A
 * decorator of its own rather than `@Headers('user-agent')`, which the OpenAPI document would list
 * as a parameter of the operation. Decoded as UTF-8 (see `headerText`).
 */
export const UserAgent = createParamDecorator((_: unknown, ctx: ExecutionContext) => {
  const request = ctx.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>();
  const header = request.headers['user-agent'];
  return sessionUserAgent(header === undefined ? undefined : headerText(header));
});
