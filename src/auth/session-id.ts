import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ValidationFailedError } from '../common/errors/domain-error';

/** Session ids as issued: lower-case UUIDs (`randomUUID`). */
export const SESSION_ID_PATTERN = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';

/** A UUID in either case, which names the same session (RFC 9562 reads UUIDs case-insensitively). */
export const SESSION_ID_INPUT_PATTERN =
  '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

const SESSION_ID_INPUT = new RegExp(SESSION_ID_INPUT_PATTERN);

/**
 * A path's session id: anything but a UUID is a 400 before any lookup (as event ids are), since it
 * cannot name a session; a well-formed id that names none of the caller's live sessions is the
 * 404 of the lookup.
 */
export function parseSessionId(raw: unknown): string {
  if (typeof raw === 'string' && SESSION_ID_INPUT.test(raw)) return raw.toLowerCase();
  throw new ValidationFailedError([{ field: 'id', message: 'id must be a UUID' }]);
}

/** The `:id` path parameter as a session id. */
export const SessionId = createParamDecorator((_: unknown, ctx: ExecutionContext): string =>
  parseSessionId(ctx.switchToHttp().getRequest<{ params: Record<string, unknown> }>().params.id),
);
