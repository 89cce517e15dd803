import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { ValidationFailedError } from '../errors/domain-error';

/**
 * For endpoints that take no body: an empty body (or `{}`) is fine whatever its Content-Type;
 * anything else is a client trying to set something, and unknown fields are rejected, never
 * silently ignored.
 */
export function assertNoBody(body: unknown): void {
  if (body === undefined || body === null) return;
  if (typeof body === 'object' && !Array.isArray(body)) {
    const fields = Object.keys(body);
    if (fields.length === 0) return;
    throw new ValidationFailedError(
      fields.map((field) => ({ field, message: `property ${field} should not exist` })),
      'This endpoint takes no request body.',
    );
  }
  throw new ValidationFailedError(
    [{ field: 'body', message: 'this endpoint takes no request body' }],
    'This endpoint takes no request body.',
  );
}

/**
 * {@link assertNoBody} as a guard, for routes whose other guards must answer first: listed after
 * them (`@UseGuards(EventAccessGuard, NoBodyGuard)`) it keeps the contract's 404 → 403 → 400 order.
 */
@Injectable()
export class NoBodyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    assertNoBody(context.switchToHttp().getRequest<{ body?: unknown }>().body);
    return true;
  }
}
