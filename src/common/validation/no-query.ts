import {
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  SetMetadata,
} from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { Reflector } from '@nestjs/core';
import { map, Observable } from 'rxjs';
import { ValidationFailedError } from '../errors/domain-error';

const ANY_QUERY = 'acceptsAnyQuery';

/** The one kind of route whose callers add query parameters of their own: a calendar feed. */
export const AcceptsAnyQuery = () => SetMetadata(ANY_QUERY, true);

/**
 * Unknown query parameters are a 400 on every endpoint (contract). A handler with a `@Query()`
 * DTO gets that from the ValidationPipe (`forbidNonWhitelisted`); this covers the handlers that
 * take no query at all, for which no pipe ever looks at the query string. An interceptor, so it
 * answers after the guards (401, path 400, 404, 403, 412) and with the body validation, as the
 * contract orders it.
 */
@Injectable()
export class UnknownQueryInterceptor implements NestInterceptor {
  private readonly takesNoQuery = new WeakMap<object, boolean>();

  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<{ method: string; query?: object }>();
    const names = Object.keys(request.query ?? {});
    if (names.length === 0 || !this.refusesQuery(context)) return next.handle();
    const refusal = new ValidationFailedError(
      names.map((field) => ({ field, message: `property ${field} should not exist` })),
      'This endpoint takes no query parameters.',
    );
    // A read finds out in its handler whether the event exists, and 404 comes before 400: it
    // runs (it changes nothing), its error stands, and a success becomes the 400. Writes load
    // their event in guards, which have answered by now.
    if (request.method === 'GET' || request.method === 'HEAD') {
      return next.handle().pipe(
        map(() => {
          throw refusal;
        }),
      );
    }
    throw refusal;
  }

  /** Whether the handler declares no `@Query()` parameter and does not accept any (cached). */
  private refusesQuery(context: ExecutionContext): boolean {
    const handler = context.getHandler();
    let refuses = this.takesNoQuery.get(handler);
    if (refuses === undefined) {
      const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, context.getClass(), handler.name) ??
        {}) as Record<string, unknown>;
      const hasQuery = Object.keys(args).some((key) => key.startsWith(`${RouteParamtypes.QUERY}:`));
      const anyQuery = this.reflector.get<boolean | undefined>(ANY_QUERY, handler) === true;
      refuses = !hasQuery && !anyQuery;
      this.takesNoQuery.set(handler, refuses);
    }
    return refuses;
  }
}
