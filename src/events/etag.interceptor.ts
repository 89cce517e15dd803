import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { map, Observable } from 'rxjs';
import { eventETag } from './guards/if-match';

/** `ETag: "<version>"` on a response that is one event (create, detail, PATCH, cancellation). */
@Injectable()
export class EventETagInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      map((event: { version: number }) => {
        reply.header('ETag', eventETag(event.version));
        return event;
      }),
    );
  }
}
