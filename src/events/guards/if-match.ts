import { CanActivate, createParamDecorator, ExecutionContext, Injectable } from '@nestjs/common';
import { PreconditionFailedError } from '../events.errors';
import { RequestWithEvent } from './loaded-event.decorator';

/** The strong entity tag of an event version: `"3"`. */
export const eventETag = (version: number) => `"${version}"`;

/**
 * What `If-Match` asks for: `undefined` when it is absent or `*` (apply as before), otherwise the
 * entity tags it lists. Strong comparison (RFC 9110 §13.1.1): a weak tag `W/"3"` or anything
 * unquoted names no version, so it never matches.
 */
export type Precondition = readonly string[] | undefined;

export function parseIfMatch(header: string | string[] | undefined): Precondition {
  if (header === undefined) return undefined;
  const tags = (Array.isArray(header) ? header.join(',') : header)
    .split(',')
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '');
  return tags.includes('*') ? undefined : tags;
}

/** 412 `PRECONDITION_FAILED` unless the precondition names `version` (or there is none). */
export function assertPrecondition(precondition: Precondition, version: number): void {
  if (precondition !== undefined && !precondition.includes(eventETag(version))) {
    throw new PreconditionFailedError();
  }
}

type RequestWithHeaders = RequestWithEvent & {
  headers: Record<string, string | string[] | undefined>;
};

const preconditionOf = (request: RequestWithHeaders) => parseIfMatch(request.headers['if-match']);

/**
 * The early answer, in the contract's order: after the owner check (404, 403), before body
 * validation. The service checks again inside its transaction, against the locked row, so a
 * change that lands in between is caught too.
 */
@Injectable()
export class IfMatchGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<RequestWithHeaders>();
    if (!request.event) throw new Error('IfMatchGuard must follow an event guard');
    assertPrecondition(preconditionOf(request), request.event.version);
    return true;
  }
}

/** The request's `If-Match`, for the service's atomic re-check. */
export const IfMatch = createParamDecorator((_: unknown, ctx: ExecutionContext): Precondition =>
  preconditionOf(ctx.switchToHttp().getRequest<RequestWithHeaders>()),
);
