import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { ValidationFailedError } from '../../common/errors/domain-error';

/** Path ids are positive decimal integers; anything else is a 400 before any lookup. */
export function parsePathId(raw: unknown, field: string): number {
  if (typeof raw === 'string' && /^[1-9]\d{0,14}$/.test(raw)) return Number(raw);
  throw new ValidationFailedError([{ field, message: `${field} must be a positive integer` }]);
}

export const parseEventId = (raw: unknown): number => parsePathId(raw, 'id');

/**
 * The `:id` path parameter as a number. A custom decorator rather than a pipe: the global
 * ValidationPipe would first coerce `"1e3"` or `" 1"` into numbers.
 */
export const EventId = createParamDecorator((_: unknown, ctx: ExecutionContext): number =>
  parseEventId(ctx.switchToHttp().getRequest<{ params: Record<string, unknown> }>().params.id),
);

/** The `:id` path parameter in the document: what `parseEventId` takes (1 to 15 digits). */
export const EVENT_ID = ApiParam({
  name: 'id',
  description: 'Event id',
  example: 17,
  schema: { type: 'integer', format: 'int64', minimum: 1, maximum: 999_999_999_999_999 },
});
