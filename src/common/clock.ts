import { createParamDecorator, ExecutionContext, Global, Injectable, Module } from '@nestjs/common';

/**
 * Where "now" comes from: every time in `src` is read from here (epoch milliseconds), so tests
 * move time instead of sleeping. A request reads it once, when it arrives (see `requestTime`).
 */
@Injectable()
export class Clock {
  now(): number {
    return Date.now();
  }
}

/** A request stamped with its instant by the `onRequest` hook (see request-hooks.ts). */
export interface TimedRequest {
  requestTime?: number;
}

/**
 * The request's instant: the JWT check, the guards and the SQL of one request compare against the
 * same `now`, so a request cannot pass the guard's "not started" and fail the statement's.
 */
export function requestTime(request: TimedRequest): number {
  if (request.requestTime === undefined) throw new Error('request was not stamped with its time');
  return request.requestTime;
}

/** `@RequestTime() now: number` in a handler: the request's instant. */
export const RequestTime = createParamDecorator((_: unknown, ctx: ExecutionContext): number =>
  requestTime(ctx.switchToHttp().getRequest<TimedRequest>()),
);

@Global()
@Module({})
export class ClockModule {
  /** `clock` replaces the system clock (tests). */
  static forRoot(clock: Clock = new Clock()) {
    return {
      module: ClockModule,
      providers: [{ provide: Clock, useValue: clock }],
      exports: [Clock],
    };
  }
}
