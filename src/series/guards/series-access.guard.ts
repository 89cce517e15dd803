import {
  CanActivate,
  createParamDecorator,
  ExecutionContext,
  Injectable,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiParam } from '@nestjs/swagger';
import { EventAction, requireAccess } from '../../access/event-access';
import type { AuthUser } from '../../auth/auth-user';
import { parsePathId } from '../../events/guards/event-id';
import { parseIfMatch } from '../../events/guards/if-match';
import { SeriesPreconditionError, SeriesNotFoundError } from '../series.errors';
import { SeriesGuardRow, SeriesRepository } from '../series.repository';

const ACTION = 'series-action';

/** The action a series route performs, checked by {@link SeriesAccessGuard}. */
export const SeriesPermission = (action: EventAction) => SetMetadata(ACTION, action);

interface RequestWithSeries {
  params: Record<string, string | undefined>;
  headers: Record<string, string | string[] | undefined>;
  user: AuthUser;
  series?: SeriesGuardRow;
}

/**
 * Series changes in the contract's order, before the body is validated: the path id (400), the
 * series (404 `SERIES_NOT_FOUND`), the permission table applied to the caller's role on the
 * series (its owner, or a host of its first occurrence; admins as owners: 403), then `If-Match`
 * (412 unless `*`: a series has no version of its own).
 */
@Injectable()
export class SeriesAccessGuard implements CanActivate {
  constructor(
    private readonly series: SeriesRepository,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const action = this.reflector.get<EventAction | undefined>(ACTION, context.getHandler());
    if (!action) throw new Error('SeriesAccessGuard on a route without @SeriesPermission');
    const request = context.switchToHttp().getRequest<RequestWithSeries>();
    const id = parsePathId(request.params.id, 'id');
    const series = await this.series.findForGuard(id, request.user.id);
    if (!series) throw new SeriesNotFoundError();
    requireAccess({ role: series.role, isAdmin: request.user.isAdmin, published: true }, action);
    if (parseIfMatch(request.headers['if-match']) !== undefined) {
      throw new SeriesPreconditionError();
    }
    request.series = series;
    return true;
  }
}

/** The id of the series the guard loaded. */
export const LoadedSeriesId = createParamDecorator((_: unknown, ctx: ExecutionContext): number => {
  const series = ctx.switchToHttp().getRequest<RequestWithSeries>().series;
  if (!series) throw new Error('LoadedSeriesId used on a route without SeriesAccessGuard');
  return series.id;
});

/** The `:id` path parameter of the series routes. */
export const SERIES_ID = ApiParam({
  name: 'id',
  description: 'Series id',
  example: 4,
  schema: { type: 'integer', format: 'int64', minimum: 1, maximum: 999_999_999_999_999 },
});
