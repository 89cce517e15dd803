import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { parsePathId } from './event-id';

/** The `:userId` path parameter: a positive integer, else 400 on `userId`. */
export const UserId = createParamDecorator((_: unknown, ctx: ExecutionContext): number =>
  parsePathId(
    ctx.switchToHttp().getRequest<{ params: Record<string, unknown> }>().params.userId,
    'userId',
  ),
);

export const USER_ID = ApiParam({
  name: 'userId',
  description: 'User id',
  example: 5,
  schema: { type: 'integer', format: 'int64', minimum: 1, maximum: 999_999_999_999_999 },
});
