import { applyDecorators, UseInterceptors } from '@nestjs/common';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';
import { EventResponseDto } from './dto/event-response.dto';
import { EventETagInterceptor } from './etag.interceptor';

/** `ETag` on a response that is one event: documented with the response's schema. */
export const WITH_ETAG = (status: 200 | 201, type: typeof EventResponseDto, description: string) =>
  applyDecorators(
    UseInterceptors(EventETagInterceptor),
    ApiResponse({
      status,
      type,
      description,
      headers: {
        ETag: {
          description: "The event's version as a strong entity tag, for `If-Match`",
          schema: { type: 'string', pattern: '^"[1-9][0-9]*"$', maxLength: 12, example: '"3"' },
        },
      },
    }),
  );

export const IF_MATCH = ApiHeader({
  name: 'If-Match',
  required: false,
  description:
    'Apply only if the event is still at this version: its `ETag` (`"3"`), a comma-separated ' +
    'list of them, or `*`. Otherwise 412 `PRECONDITION_FAILED` and nothing changes. Strong ' +
    'comparison: a weak tag (`W/"3"`) never matches. Without it the request applies as before.',
  // One tag, a comma-separated list of quoted tags (weak ones included, to be refused), or `*`.
  schema: { type: 'string', maxLength: 1000, pattern: '^[ -~]*$', example: '"3"' },
});
